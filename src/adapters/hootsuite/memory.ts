import type { CompleteAction } from './manipulation.js';

/** Why the bot may no longer act in a conversation. */
export type Finished = CompleteAction | 'GONE';

/** What the adapter remembers about one conversation. */
interface Facts {
  /** Set once the bot completed the conversation (or the API said it is no longer the bot's). */
  finished?: Finished;
  /** The latest inbound message id, for `applyTags` through REST. */
  lastMessageId?: string;
}

/** How many conversations are remembered; the oldest are forgotten first. */
export const CONVERSATIONS_KEPT = 10_000;

/**
 * Per-conversation facts of one process, bounded: whether the bot finished the conversation (so that later helpers
 * refuse without calling the API), and the latest inbound message id. A new delivery assigning the conversation to
 * the bot clears the finish.
 */
export class ConversationMemory {
  readonly #facts = new Map<string, Facts>();
  readonly #limit: number;

  /** Creates an empty memory holding at most `limit` conversations. */
  constructor(limit = CONVERSATIONS_KEPT) {
    this.#limit = limit;
  }

  /** How the bot's part ended, or `undefined` while the bot may act. */
  finished(conversationId: string): Finished | undefined {
    return this.#facts.get(conversationId)?.finished;
  }

  /** Records the end of the bot's part. */
  finish(conversationId: string, how: Finished): void {
    this.#update(conversationId).finished = how;
  }

  /** Forgets an end recorded by `finish` (the call that would have ended it failed). */
  unfinish(conversationId: string, how: Finished): void {
    const facts = this.#facts.get(conversationId);
    if (facts?.finished === how) delete facts.finished;
  }

  /** The conversation is the bot's (again): a delivery assigned it or brought a message. */
  assigned(conversationId: string, messageId?: string): void {
    const facts = this.#update(conversationId);
    delete facts.finished;
    if (messageId !== undefined) facts.lastMessageId = messageId;
  }

  /** The latest inbound message id seen in a conversation. */
  lastMessageId(conversationId: string): string | undefined {
    return this.#facts.get(conversationId)?.lastMessageId;
  }

  #update(conversationId: string): Facts {
    let facts = this.#facts.get(conversationId);
    if (facts !== undefined) {
      // Most recently used last: the first entry is the one to forget.
      this.#facts.delete(conversationId);
    } else {
      facts = {};
      if (this.#facts.size >= this.#limit) this.#facts.delete(this.#facts.keys().next().value as string);
    }
    this.#facts.set(conversationId, facts);
    return facts;
  }
}
