import type { Owner, SenderRole } from '../events.js';

/** An attachment as the transcript summarizes it: what kind of file, and its name when known. */
export interface TranscriptAttachment {
  /** `image`, `audio`, `file`, `location`, … as the platform names it. */
  readonly type: string;
  /** The file name or title, when known. */
  readonly name?: string;
}

/** A message of the conversation as the agent saw it: the contact's, the bot's, a human agent's or the platform's. */
export interface TranscriptMessage {
  /** What this entry is. */
  readonly kind: 'message';
  /** The platform's message id, when known. */
  readonly id?: string;
  /** Who wrote it: the contact, a human agent (`agent`), the bot itself, or the platform (`system`). */
  readonly role: SenderRole;
  /** The author's display name, when known. */
  readonly name?: string;
  /** The text (cut to the transcript's text limit, with `…` at the cut), when the message has text. */
  readonly text?: string;
  /** The attachments, summarized. */
  readonly attachments?: readonly TranscriptAttachment[];
  /** A note visible to agents only. */
  readonly private?: true;
  /** When the agent saw it (or sent it), in milliseconds since the epoch. */
  readonly at: number;
}

/** A change of owner: where the bot handed over, where a human took over, and where the human's stretch ended. */
export interface TranscriptHandoff {
  /** What this entry is. */
  readonly kind: 'handoff';
  /** The owner before. */
  readonly from: Owner;
  /** The owner after. */
  readonly to: Owner;
  /** Who made the change: the bot through a helper, or the platform (a human, a rule, a timeout). */
  readonly initiator: 'bot' | 'platform';
  /** Why, when known. */
  readonly reason?: string;
  /** When the agent learned of it, in milliseconds since the epoch. */
  readonly at: number;
}

/** One entry of a conversation's transcript. */
export type TranscriptEntry = TranscriptMessage | TranscriptHandoff;

/** What `ctx.transcript()` returns: the latest entries, oldest first. */
export interface TranscriptQuery {
  /** At most this many entries: the latest ones. Default: every entry kept. */
  limit?: number;
  /** Only entries at or after this time (a `Date` or milliseconds since the epoch). */
  since?: Date | number;
}

/** How much of each conversation the agent keeps (`new VirtualAgent({ transcript: { … } })`). */
export interface TranscriptOptions {
  /**
   * The most entries kept per conversation; the oldest are dropped first. Default 50 (a MemoryStore holds every
   * conversation's transcript in the process: raise it with a shared store, or for a longer model context).
   */
  maxEntries?: number;
  /** The most bytes the store holds for one conversation's transcript (its JSON, UTF-8). Default 16 384. */
  maxBytes?: number;
  /** A message's text is cut to this many characters. Default 2 000 (and at most an eighth of `maxBytes`). */
  maxTextLength?: number;
  /** How long an untouched transcript is kept. Default: `sessionTtlMs` (30 days). */
  ttlMs?: number;
}
