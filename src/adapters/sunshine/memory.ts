// What the adapter remembers of the conversations it saw, in this process: each conversation's channel (events
// like switchboard ones name none) and the contact's first message since the bot got the conversation (which
// `escalate()` names as `first_message_id`, so the ticket starts where the contact's issue did).

/** A Map that forgets its oldest entries past `limit`. */
export class BoundedMap<V> {
  readonly #entries = new Map<string, V>();
  readonly #limit: number;

  /** Creates a map of at most `limit` entries. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The value of `key`, if remembered. */
  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  /** Remembers `value` for `key`, as the newest entry. */
  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#limit) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.#entries.delete(key);
  }
}

/** How many conversations each memory keeps. */
export const MEMORY_LIMIT = 10_000;

/** The adapter's memory of conversations. */
export interface ConversationMemory {
  /** Each conversation's channel type (`web`, `whatsapp`, …), from the last event that named it. */
  readonly channels: BoundedMap<string>;
  /** The id of the contact's first message since the bot last got the conversation. */
  readonly firstMessages: BoundedMap<string>;
}

/** An empty memory. */
export function conversationMemory(): ConversationMemory {
  return { channels: new BoundedMap(MEMORY_LIMIT), firstMessages: new BoundedMap(MEMORY_LIMIT) };
}
