import type { MentionTarget } from './normalize.js';

/** How many contacts' latest mentions one adapter remembers. */
export const MENTIONS_KEPT = 10_000;

/**
 * The latest mention of each contact this process saw, by conversation id: replies attach to a mention
 * (`topic_id`, `mention_id`) and contact calls need the channel, which the conversation id alone does not tell.
 * Bounded: the least recently seen contacts are forgotten first.
 */
export class MentionBook {
  readonly #targets = new Map<string, MentionTarget>();
  readonly #limit: number;

  /** Creates a book that keeps at most `limit` contacts. */
  constructor(limit = MENTIONS_KEPT) {
    this.#limit = limit;
  }

  /** Records a contact's latest mention. */
  remember(target: MentionTarget): void {
    this.#targets.delete(target.conversationId);
    this.#targets.set(target.conversationId, target);
    if (this.#targets.size > this.#limit) this.#targets.delete(this.#targets.keys().next().value as string);
  }

  /** The latest mention of a conversation, when this process saw one. */
  get(conversationId: string): MentionTarget | undefined {
    return this.#targets.get(conversationId);
  }
}
