import type { CallTarget } from './calls.js';
import type { Owner } from './events.js';

/** The helpers every context offers; an adapter supports a subset (`adapter.capabilities`). */
export type HelperName = 'reply' | 'tag' | 'untag' | 'resolve' | 'escalate' | 'handBack' | 'typing' | 'setAttributes';

/** Every helper name, in a fixed order. */
export const HELPER_NAMES: readonly HelperName[] = ['reply', 'tag', 'untag', 'resolve', 'escalate', 'handBack', 'typing', 'setAttributes'];

/** A choice the contact can tap (a quick reply, a select option). */
export interface QuickReply {
  /** The visible label. */
  title: string;
  /** The value the bot receives when it is chosen. Default: the title. */
  value?: string;
}

/** A button on a card. */
export type CardAction = { type: 'link'; text: string; url: string } | { type: 'postback'; text: string; payload: string };

/** A card (title, description, image, buttons). */
export interface Card {
  /** The card's title. */
  title: string;
  /** A line of text under the title. */
  description?: string;
  /** An image shown on the card. */
  imageUrl?: string;
  /** Buttons. */
  actions?: CardAction[];
}

/** A field of a form message. */
export interface FormField {
  /** The key the answer comes back under. */
  name: string;
  /** The kind of input. */
  type: 'text' | 'text_area' | 'email' | 'select';
  /** The visible label. */
  label?: string;
  /** Placeholder text. */
  placeholder?: string;
  /** A pre-filled value. */
  default?: string;
  /** The options of a `select` field. */
  options?: { label: string; value: string }[];
}

/** A link to a help-center article. */
export interface Article {
  /** The article's title. */
  title: string;
  /** A short description. */
  description?: string;
  /** The article's address. */
  url: string;
}

/** A file to send, by URL. */
export interface OutgoingAttachment {
  /** The kind of file. */
  type: 'image' | 'audio' | 'video' | 'file';
  /** Where the platform fetches it. */
  url: string;
}

/** A message the bot sends; at most one interactive part (quick replies, cards, form, articles, email input). */
export interface OutgoingMessage {
  /** The text. */
  text?: string;
  /** A note visible to agents only, on platforms that have them. */
  private?: boolean;
  /** Choices the contact can tap. */
  quickReplies?: QuickReply[];
  /** Cards with buttons. */
  cards?: Card[];
  /** A form to fill in. */
  form?: FormField[];
  /** Links to articles. */
  articles?: Article[];
  /** Asks the contact for an e-mail address, on platforms that have such an input. */
  emailInput?: boolean;
  /** Files to send, on platforms that take them by URL. */
  attachments?: OutgoingAttachment[];
  /** Platform-specific fields merged into the request body as they are. */
  platformFields?: Record<string, unknown>;
}

/** What a sent message is known by. */
export interface SentMessage {
  /** The platform's id of the new message, when it returns one. */
  id?: string;
}

/** Where an escalation should go. */
export type EscalationTarget =
  | string
  | number
  | { team: string | number }
  | { group: string | number }
  | { agent: string | number }
  | { rule: string | number; timeoutSeconds?: number }
  | { call: CallTarget };

/** The options of `escalate`. */
export interface EscalateOptions {
  /** Why the bot hands over; shown on `handed_off` and, where the platform allows, to agents. */
  reason?: string;
  /** A team, agent or app to hand to, in the platform's terms. */
  to?: EscalationTarget;
  /** A note for the agents (a private message where the platform has them). */
  note?: string;
  /**
   * What the human agent needs to know (e.g. a model's summary of the conversation): put where the agent sees it
   * first on each platform (a private note, the handover's metadata), cut to the platform's limit with `…`.
   */
  summary?: string;
  /**
   * Set by the agent (not `to`) when the handover follows a call the call provider accepted: adapters complete
   * their own escalation for it (e.g. close, or open with the note).
   */
  call?: { phone: string; id: string; provider: string };
}

/** What an escalation led to, when the platform says more than "done". */
export interface EscalationResult {
  /** No human was available: the conversation waits in the platform's queue for the next one. */
  queued?: boolean;
}

/** Options that let a helper act although a human owns the conversation. */
export interface ForceOption {
  /** Act even though a human owns the conversation. */
  force?: boolean;
}

/** What an adapter knows of a conversation while acting on it; the adapter keeps it current. */
export interface ConversationRef {
  /** The platform's conversation id; an adapter sets it once the platform created the conversation (a widget greeting). */
  id: string;
  /** The labels/tags, when known (undefined = not known, read from the platform first). */
  labels?: string[];
  /** The custom attributes, when known. */
  attributes?: Record<string, unknown>;
  /** The event's `NormalizedEvent.target` (with `remembersTarget`: the latest one of the conversation). */
  target?: Record<string, unknown>;
  /**
   * Who owns the conversation as the agent's store records it (shared by every instance, kept across restarts), with
   * the bot's own helpers applied: owner `none` without a status when nothing is recorded. Set by the agent.
   */
  recorded?(): RecordedOwnership;
}

/** An ownership record as adapters see it. */
export interface RecordedOwnership {
  /** The owner. */
  readonly owner: Owner;
  /** The platform status word the bot's own helper led to (`OwnershipStatuses`), when it set one. */
  readonly status?: string;
}

/** The platform calls behind the helpers, for one conversation; a missing one is unsupported. */
export interface PlatformActions {
  /** Sends a message. */
  reply?(message: OutgoingMessage): Promise<SentMessage>;
  /** Adds tags/labels, keeping the others. */
  tag?(names: string[]): Promise<void>;
  /** Removes tags/labels, keeping the others. */
  untag?(names: string[]): Promise<void>;
  /** Closes the conversation. */
  resolve?(): Promise<void>;
  /** Hands the conversation to humans; `{ queued: true }` when no human was available and it waits in a queue. */
  escalate?(options: EscalateOptions): Promise<void | EscalationResult>;
  /** Takes the conversation back from humans; `{ pending: true }` when it only asked (the platform announces the grant). */
  handBack?(): Promise<void | { pending: true }>;
  /** Shows or hides a typing indicator. */
  typing?(on: boolean): Promise<void>;
  /** Pauses the conversation for `ms` (a pause the platform itself keeps); without it, `wait()` waits in process. */
  wait?(ms: number): Promise<void>;
  /** Merges custom attributes into the existing ones. */
  setAttributes?(attributes: Record<string, unknown>): Promise<void>;
  /** Gives control to the party that asked for it (`handoff_requested`), e.g. a handover protocol's pass-control call. */
  grantHandoff?(requestedBy: string | undefined): Promise<void>;
}

/** The platform statuses the bot's own ownership changes lead to, per adapter. */
export interface OwnershipStatuses {
  /** Status after `escalate` (e.g. `open`). */
  escalated?: string;
  /** Status after `handBack` (e.g. `pending`). */
  handedBack?: string;
  /** Status after `resolve` (e.g. `resolved`). */
  resolved?: string;
}
