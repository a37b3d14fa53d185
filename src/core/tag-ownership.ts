import type { Store } from '../store/types.js';
import { errorMessage, HandoffkitError } from '../errors.js';
import type { NormalizedEvent, OwnershipSignal } from './events.js';
import { conversationKey } from './keys.js';
import type { Logger } from './logger.js';

/**
 * Ownership by escalation tag, for channels without a handover protocol: a contact carrying the tag belongs to
 * the humans; without it, to the bot. An adapter opts in with `ownership: { kind: 'contact-tag', tags }`.
 */
export interface TagOwnership {
  /** The escalation tag (compared case-insensitively), e.g. `Escalated to agent`. */
  readonly tag: string;
  /** Reads the contact's current tags from the platform, when the payload does not carry them. */
  readTags(contactId: string, event: NormalizedEvent): Promise<readonly string[]>;
  /** How long a bot-owned answer may be reused, in ms (at most 30 000). Human-owned answers are never reused. Default 10 000. */
  readonly botCacheMs?: number;
  /** When reading the tags fails: `'retry'` answers 503 so the platform redelivers (default); `'assume-bot'` handles the message as the bot's, with a warning. */
  readonly onReadError?: 'retry' | 'assume-bot';
}

/** The longest a bot-owned tag answer may be reused. */
export const MAX_BOT_CACHE_MS = 30_000;

/** Reports whether `tags` holds `tag`, ignoring case. */
export function hasTag(tags: readonly string[], tag: string): boolean {
  const wanted = tag.toLowerCase();
  return tags.some((t) => t.toLowerCase() === wanted);
}

/** Derives ownership signals from escalation tags, reading the platform only when it must. @internal */
export class TagOwnershipResolver {
  readonly #config: TagOwnership;
  readonly #store: Store;
  readonly #prefix: string;
  readonly #logger: Logger;
  readonly #cacheMs: number;

  constructor(config: TagOwnership, store: Store, prefix: string, logger: Logger) {
    this.#config = config;
    this.#store = store;
    this.#prefix = prefix;
    this.#logger = logger;
    this.#cacheMs = Math.min(config.botCacheMs ?? 10_000, MAX_BOT_CACHE_MS);
  }

  /** The ownership signal of an event: the adapter's own, the payload's contact tags, a cached bot answer, or a fresh read. */
  async signal(event: NormalizedEvent): Promise<OwnershipSignal | undefined> {
    if (event.ownership !== undefined || event.name === 'platform_event') return event.ownership;
    if (event.contactTags !== undefined) return this.#fromTags(event.contactTags);
    const contactId = event.contact?.id;
    if (contactId === undefined || contactId === '') return undefined;
    const key = this.#key(event.conversationId);
    if ((await this.#store.get(key)) === 'bot') return { owner: 'bot' };
    let tags: readonly string[];
    try {
      tags = await this.#config.readTags(contactId, event);
    } catch (error) {
      const reason = errorMessage(error);
      if (this.#config.onReadError === 'assume-bot') {
        this.#logger.warn(`could not read the tags of contact ${contactId}; handling the message as the bot's: ${reason}`);
        return { owner: 'bot' };
      }
      throw new HandoffkitError('E_PLATFORM_API', `Could not read the tags of contact ${contactId} to tell who owns the conversation: ${reason}`, {
        details: { status: 503 },
      });
    }
    const signal: OwnershipSignal = { ...this.#fromTags(tags), current: true };
    // A human-owned answer is re-read on every message, so that a removed tag is seen at once.
    if (signal.owner === 'bot') await this.#store.set(key, 'bot', this.#cacheMs);
    return signal;
  }

  /** Forgets a cached answer (the bot just added or removed the tag). */
  forget(conversationId: string): Promise<void> {
    return this.#store.delete(this.#key(conversationId));
  }

  #fromTags(tags: readonly string[]): OwnershipSignal {
    return { owner: hasTag(tags, this.#config.tag) ? 'human' : 'bot' };
  }

  #key(conversationId: string): string {
    return conversationKey(this.#prefix, conversationId, 'tags');
  }
}
