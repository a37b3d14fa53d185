/** The normalized event names, one closed union across every platform. */
export type EventName =
  | 'widget_triggered'
  | 'message_created'
  | 'message_updated'
  | 'conversation_started'
  | 'handoff_requested'
  | 'handed_off'
  | 'handed_back'
  | 'conversation_resolved';

/** Every event name, in a fixed order. */
export const EVENT_NAMES: readonly EventName[] = [
  'widget_triggered',
  'message_created',
  'message_updated',
  'conversation_started',
  'handoff_requested',
  'handed_off',
  'handed_back',
  'conversation_resolved',
];

/** The events that carry a message. */
export type MessageEventName = 'message_created' | 'message_updated';

/** The handoff lifecycle events: they always reach handlers, whoever owns the conversation. */
export type LifecycleEventName = 'handoff_requested' | 'handed_off' | 'handed_back' | 'conversation_resolved';

/** Who owns a conversation: the bot, a human, or no one (resolved, or not known yet). */
export type Owner = 'bot' | 'human' | 'none';

/** Who wrote a message. */
export type SenderRole = 'contact' | 'agent' | 'bot' | 'system';

/** A file or media attached to a message. */
export interface Attachment {
  /** The platform's id of the attachment, when it has one. */
  id?: string;
  /** `image`, `audio`, `video`, `file`, `location`, … as the platform names it. */
  type: string;
  /** Where the file can be downloaded. */
  url?: string;
  /** A smaller preview, when the platform gives one. */
  thumbnailUrl?: string;
  /** The file name, when known. */
  name?: string;
  /** The size in bytes, when known. */
  size?: number;
  /** A title the platform gives the attachment (e.g. a shared location's). */
  title?: string;
  /** The latitude of a shared location. */
  lat?: number;
  /** The longitude of a shared location. */
  long?: number;
}

/** One answer a contact gave to an interactive message (a select option, a form field). */
export interface SubmittedValue {
  /** The form field's name, when the answer is a form field. */
  name?: string;
  /** The option's visible title, when the answer is a select option. */
  title?: string;
  /** The value the contact chose or typed. */
  value: string;
}

/** The quick reply a contact tapped. */
export interface QuickReplyAnswer {
  /** The `value` of the quick reply as it was sent (`quickReplies: [{ title, value }]`; the title when no value was given). */
  value: string;
  /** @deprecated The same as `value`; kept for code written before the name matched the sending side. */
  payload: string;
}

/** The author of a message. */
export interface Sender {
  /** Who wrote it: the contact, a human agent, the bot itself, or the platform. */
  role: SenderRole;
  /** The platform's id of the author, when known. */
  id?: string;
  /** The author's display name, when known. */
  name?: string;
}

/** A normalized message. */
export interface Message {
  /** The platform's message id. */
  id: string;
  /** The text, or `undefined` for a message without text (an attachment, a card). */
  text: string | undefined;
  /** Attached files and media. */
  attachments: Attachment[];
  /** The author. */
  sender: Sender;
  /** A private note, visible to agents only. */
  private: boolean;
  /** The contact's answers to an interactive message; present on the contact's answer. */
  submitted?: SubmittedValue[];
  /** The platform's content type (e.g. `text`, `input_select`). */
  contentType?: string;
  /** A button the contact tapped (a postback): its title and payload. */
  postback?: { title?: string; payload: string };
  /** The quick reply the contact tapped: its `value`, the one sent as `quickReplies: [{ title, value }]`. */
  quickReply?: QuickReplyAnswer;
  /** The id of the message this one replies to. */
  replyTo?: string;
  /** When the message was created, when the platform says. */
  createdAt?: Date;
}

/** A normalized contact (the person talking to the bot). */
export interface Contact {
  /** The platform's contact id. */
  id: string;
  /** Display name, when known. */
  name?: string;
  /** E-mail address, when known. */
  email?: string;
  /** Phone number, when known. */
  phone?: string;
  /** Locale or language, when known (e.g. `en`, `fr-FR`). */
  locale?: string;
  /** Platform-specific custom attributes of the contact. */
  attributes: Record<string, unknown>;
}

/** What the platform said about who owns the conversation, as of one event. */
export interface OwnershipSignal {
  /** The owner the platform's state implies. */
  owner: Owner;
  /** The platform's own status word (e.g. `pending`, `open`), when it has one. */
  status?: string;
  /** The platform's time of this state, in milliseconds since the epoch; used to ignore stale, out-of-order deliveries. */
  at?: number;
  /** Read from the platform just now (not carried by a delivery that may be late): it always wins. */
  current?: boolean;
}

/** Facts about the conversation carried by one event. */
export interface ConversationFacts {
  /** The platform's status word, when the event carries it. */
  status?: string;
  /** The conversation's labels/tags, when the event carries them (undefined = not carried, not empty). */
  labels?: string[];
  /** The conversation's custom attributes, when the event carries them. */
  attributes?: Record<string, unknown>;
}

/** Details of a change of owner. */
export interface HandoffInfo {
  /** The owner before the change. */
  from: Owner;
  /** The owner after the change. */
  to: Owner;
  /** Who made the change: the bot through a helper, or the platform (a human, a rule, a timeout). */
  initiator: 'bot' | 'platform';
  /** True when the change was inferred from an event's state rather than announced by the platform. */
  inferred: boolean;
  /** The reason given to `escalate({ reason })` or by the platform, when known. */
  reason?: string;
  /** Who asks for control, for `handoff_requested` (an app id, an agent id). */
  requestedBy?: string;
  /** Set on the bot's own escalation when no human was available and the conversation waits in a queue. */
  queued?: boolean;
}

/** One normalized event, as an adapter produces it from a delivery; `Raw` is the type of the platform payload. */
export interface NormalizedEvent<Raw = unknown> {
  /**
   * The normalized name, or what only `onAny` handlers see: `platform_event` (an event of a conversation that no
   * named handler takes) or `contact_event` (an event about a contact, e.g. a contact updated).
   */
  name: EventName | 'platform_event' | 'contact_event';
  /** The platform's own event type (e.g. `webwidget_triggered`). */
  type: string;
  /** A key that is the same for every delivery of this event, used to drop repeats. */
  idempotencyKey: string;
  /**
   * The conversation this event belongs to (the platform's id, as a string); `''` on a `contact_event` whose
   * payload names no conversation (the context then has no conversation).
   */
  conversationId: string;
  /** The contact, when the event names one. */
  contact?: Contact;
  /** The message, on message events. */
  message?: Message;
  /** Facts about the conversation carried by the event. */
  conversation?: ConversationFacts;
  /** What the event says about who owns the conversation, when it says anything. */
  ownership?: OwnershipSignal;
  /** The contact's tags, when the payload carries them (for tag-based ownership; not a message's own tags). */
  contactTags?: string[];
  /** For lifecycle events announced by the platform: details of the change. */
  handoff?: Partial<HandoffInfo>;
  /**
   * Adapter-private facts on where to act in this conversation (e.g. the mention replies attach to), JSON only.
   * With `Adapter.remembersTarget`, the agent keeps the latest in the store and hands it to the adapter's actions
   * as `ConversationRef.target`, also outside a webhook and on other instances.
   */
  target?: Record<string, unknown>;
  /**
   * The platform's own time of the event in ms, for platforms that sign no timestamp: an event older than the agent's
   * dedupe window is refused (reported, answered 200), since its idempotency key may be forgotten by then.
   */
  occurredAt?: number;
  /** The platform payload this event came from. */
  raw: Raw;
}
