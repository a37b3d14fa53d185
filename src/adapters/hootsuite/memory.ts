/** How many conversations are remembered; the oldest are forgotten first. */
export const CONVERSATIONS_KEPT = 10_000;

/**
 * The latest inbound message id of each conversation this process saw (for `applyTags` through REST), bounded.
 * Whether the bot completed a conversation is not kept here: the agent's store records it as the conversation's
 * owner, for every instance.
 */
export class ConversationMemory {
  readonly #lastMessage = new Map<string, string>();
  readonly #limit: number;

  /** Creates an empty memory holding at most `limit` conversations. */
  constructor(limit = CONVERSATIONS_KEPT) {
    this.#limit = limit;
  }

  /** Records the latest inbound message of a conversation. */
  messageReceived(conversationId: string, messageId: string): void {
    // Most recently used last: the first entry is the one to forget.
    if (!this.#lastMessage.delete(conversationId) && this.#lastMessage.size >= this.#limit) {
      this.#lastMessage.delete(this.#lastMessage.keys().next().value as string);
    }
    this.#lastMessage.set(conversationId, messageId);
  }

  /** The latest inbound message id seen in a conversation. */
  lastMessageId(conversationId: string): string | undefined {
    return this.#lastMessage.get(conversationId);
  }
}
