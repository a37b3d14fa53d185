import type { Contact, ConversationFacts, Message, NormalizedEvent, Owner, OwnershipSignal, Sender, SenderRole } from '../../core/events.js';
import { PayloadError } from '../../errors.js';
import { jsonText } from '../../core/json-text.js';
import { parsePayload } from '../kit/payload.js';
import { idHash } from '../kit/hash.js';
import {
  type ChatwootContact,
  type ChatwootConversation,
  type ChatwootMessageEvent,
  type ChatwootWidgetEvent,
  contactEventSchema,
  conversationEventSchema,
  envelopeSchema,
  messageEventSchema,
  widgetEventSchema,
} from './schema.js';
import { copyRecord } from '../kit/records.js';
import { attachment, fingerprint, optionalId, optionalString, submittedValues, toDate, toMillis } from './values.js';

/** What normalization needs besides the body. */
export interface NormalizeOptions {
  /**
   * Digests of the signed bytes, for events whose payload has nothing better to key on: `'body'` (the same for
   * every retry and every bot) or `'delivery'` (the signed timestamp and the body: tells identical bodies sent at
   * different times apart). Never the unsigned `X-Chatwoot-Delivery` header, which a replay can change at will.
   */
  digest?: (scope: 'body' | 'delivery') => string;
  /** Whether a message id is one the bot sent (the bot's own echo). */
  isOwnMessage?: (messageId: string) => boolean;
}

/** Chatwoot's conversation statuses, and who owns a conversation in each. */
export const OWNER_BY_STATUS: Readonly<Record<string, Owner>> = {
  pending: 'bot',
  open: 'human',
  snoozed: 'human',
  resolved: 'none',
};

const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;

/** Turns one Chatwoot webhook body into normalized events (pure). */
export function normalizeChatwoot(body: unknown, options: NormalizeOptions = {}): NormalizedEvent[] {
  const { event } = parsePayload(envelopeSchema, body, 'Chatwoot delivery');
  switch (event) {
    case 'message_created':
    case 'message_updated':
      return [messageEvent(parseMessage(body, event), body, options)];
    case 'webwidget_triggered':
      return [widgetEvent(body, options)];
    case 'conversation_created':
    case 'conversation_opened':
    case 'conversation_resolved':
    case 'conversation_status_changed':
    case 'conversation_updated':
      return [conversationEvent(event, body, options)];
    default:
      return [event.startsWith('contact_') ? contactEvent(event, body, options) : unknownEvent(event, body, options)];
  }
}

/** The oldest payload shape the adapter accepts, named in the 400 that refuses older ones. */
const OLDEST_SHAPE = "the mid-2021 shape of Chatwoot's webhook docs, the oldest this adapter accepts";

// A message without conversation.id comes from a server older than any shape the adapter knows: say so.
function parseMessage(body: unknown, event: string): ChatwootMessageEvent {
  try {
    return parsePayload(messageEventSchema, body, `Chatwoot ${event}`);
  } catch (error) {
    const conversation = (body as { conversation?: { id?: unknown } } | null)?.conversation;
    if (!(error instanceof PayloadError) || error.field !== 'conversation.id' || conversation?.id !== undefined) throw error;
    throw new PayloadError(
      `${error.message.replace(/\.$/, '')}: every message payload since ${OLDEST_SHAPE} carries the conversation's display id, so this server is too old for handoffkit; upgrade Chatwoot.`,
      error.field,
    );
  }
}

function messageEvent(payload: ChatwootMessageEvent, raw: unknown, options: NormalizeOptions): NormalizedEvent {
  const conversation = payload.conversation;
  const messageId = String(payload.id);
  const type = typeof payload.message_type === 'number' ? MESSAGE_TYPES[payload.message_type] : payload.message_type;
  const submitted = submittedValues(payload);
  const isUpdate = payload.event === 'message_updated';
  const contactSource = conversation.meta?.sender ?? (type === 'incoming' && payload.sender?.id != null ? (payload.sender as ChatwootContact) : undefined);
  const who = contactSource === undefined ? contactFromConversation(conversation) : contact(contactSource);
  // A contact's answer to the bot's input_select / form arrives as an update of the bot's own message:
  // its author is the contact, whatever the (bot) sender of the updated message.
  const answer = isUpdate && submitted !== undefined;
  const sender: Sender = answer
    ? { role: 'contact', ...optionalId(who?.id), ...optionalString('name', who?.name) }
    : {
        role: senderRole(type, payload.sender?.type, messageId, options),
        ...optionalId(payload.sender?.id),
        ...optionalString('name', payload.sender?.name),
      };
  const message: Message = {
    id: messageId,
    text: payload.content ?? undefined,
    attachments: (payload.attachments ?? []).map(attachment),
    sender,
    private: payload.private === true,
  };
  if (submitted !== undefined) message.submitted = submitted;
  // A tapped option of the bot's input_select (sent as quickReplies): the same `quickReply.value` as on Messenger.
  const chosen = payload.content_type === 'input_select' && submitted?.length === 1 ? submitted[0]?.value : undefined;
  if (answer && chosen !== undefined) message.quickReply = { value: chosen, payload: chosen };
  if (payload.content_type) message.contentType = payload.content_type;
  const createdAt = toDate(payload.created_at);
  if (createdAt !== undefined) message.createdAt = createdAt;

  // Keys come from the signed payload, never from X-Chatwoot-Delivery: that header is not signed (a replay may
  // carry any value), and two bots of one server (the inbox's and the conversation's) get the same event under
  // different delivery ids, and must not both act on it.
  const version = isUpdate
    ? `${String(payload.updated_at ?? '')}:${fingerprint(submitted, payload.content)}`
    : payload.created_at != null && payload.created_at !== ''
      ? String(payload.created_at)
      : (options.digest?.('body') ?? '');
  return withConversation(
    {
      name: payload.event as 'message_created' | 'message_updated',
      type: payload.event,
      idempotencyKey: `${payload.event}:${messageId}:${version}`,
      conversationId: String(conversation.id),
      message,
      raw,
    },
    conversation,
    who,
  );
}

function widgetEvent(raw: unknown, options: NormalizeOptions): NormalizedEvent {
  const payload = parsePayload(widgetEventSchema, raw, 'Chatwoot webwidget_triggered');
  const who = contact(payload.contact);
  const locale = payload.event_info?.widget_language ?? payload.event_info?.browser_language;
  if (locale) who.locale = locale;
  const current = payload.current_conversation;
  const event: NormalizedEvent = {
    name: 'widget_triggered',
    type: payload.event,
    idempotencyKey: `webwidget_triggered:${String(payload.id)}:${widgetVersion(payload, options)}`,
    // Without a conversation yet, the contact is the lane, and the first helper call creates the conversation in the
    // contact's widget session (the context's conversation id then becomes Chatwoot's).
    conversationId: current ? String(current.id) : `contact:${who.id}`,
    raw,
  };
  if (current) return withConversation(event, current, who);
  const inboxId = payload.inbox?.id;
  if (payload.source_id && inboxId != null) {
    event.target = { widget: { sourceId: payload.source_id, inboxId: String(inboxId), contactId: who.id } };
  }
  return { ...event, contact: who };
}

/** The status a `conversation_*` event's name announces: its explicit word wins over a body that lags behind. */
const STATUS_BY_EVENT: Readonly<Record<string, string>> = { conversation_resolved: 'resolved', conversation_opened: 'open' };

function conversationEvent(type: string, raw: unknown, options: NormalizeOptions): NormalizedEvent {
  const payload = parsePayload(conversationEventSchema, raw, `Chatwoot ${type}`);
  const change = statusChangeOf(payload.changed_attributes);
  // The event's name is Chatwoot's explicit word: a conversation_resolved whose body still carries an earlier
  // status (it is serialized apart from the change) is a resolution, and that earlier status is the previous one.
  const announced = STATUS_BY_EVENT[type];
  const status = announced ?? change.current ?? payload.status ?? undefined;
  const previous = change.previous ?? (announced !== undefined && payload.status && payload.status !== announced ? payload.status : undefined);
  const owner = ownerOf(status);
  let name: NormalizedEvent['name'] = 'platform_event';
  if (type === 'conversation_created') name = 'conversation_started';
  else if (type !== 'conversation_updated' && owner !== undefined) {
    name = owner === 'human' ? 'handed_off' : owner === 'bot' ? 'handed_back' : 'conversation_resolved';
  }
  // updated_at moves with every change. Older servers send only `timestamp`, the last activity, which a status
  // change does not move (open → pending → open would repeat a key and be dropped): the body tells those apart
  // (Chatwoot adds an activity message per change) and stays the same across retries and across bots.
  const version = payload.updated_at != null && payload.updated_at !== '' ? String(payload.updated_at) : `h${bodyDigest(raw, options)}`;
  const event: NormalizedEvent = {
    name,
    type,
    idempotencyKey: `${type}:${String(payload.id)}:${version}:${status ?? ''}`,
    conversationId: String(payload.id),
    raw,
  };
  const previousOwner = ownerOf(previous);
  if (previousOwner !== undefined) event.handoff = { from: previousOwner };
  return withConversation(event, status === payload.status ? payload : { ...payload, status }, contactFromConversation(payload));
}

// Each opening of the widget is its own event: the widget stamps it (`event_info.initiated_at.timestamp`).
// Without that stamp (older widgets), the signed timestamp and body; the conversation's time alone would drop
// every later opening.
function widgetVersion(payload: ChatwootWidgetEvent, options: NormalizeOptions): string {
  const initiated = payload.event_info?.initiated_at as { timestamp?: unknown } | string | null | undefined;
  const stamp = typeof initiated === 'string' ? initiated : initiated?.timestamp;
  if ((typeof stamp === 'string' && stamp !== '') || typeof stamp === 'number') return `at:${idHash(String(stamp))}`;
  const signed = options.digest?.('delivery');
  if (signed !== undefined) return `d:${signed}`;
  const current = payload.current_conversation;
  return String(current?.updated_at ?? current?.timestamp ?? '');
}

// `contact_created`, `contact_updated`, …: the body is the contact, not a conversation. Its id must never pose as a
// conversation id: the event belongs to the contact's conversation only when the payload names one.
function contactEvent(type: string, raw: unknown, options: NormalizeOptions): NormalizedEvent {
  const payload = parsePayload(contactEventSchema, raw, `Chatwoot ${type}`);
  const named = payload.conversation?.id ?? payload.conversation_id;
  const version = payload.updated_at != null && payload.updated_at !== '' ? String(payload.updated_at) : bodyDigest(raw, options);
  return {
    name: 'contact_event',
    type,
    idempotencyKey: `${type}:${String(payload.id)}:${version}`,
    conversationId: named == null ? '' : String(named),
    contact: contact(payload),
    raw,
  };
}

// Chatwoot adds events: an unknown one is answered 200 and shown to onAny handlers only.
function unknownEvent(type: string, raw: unknown, options: NormalizeOptions): NormalizedEvent {
  const body = raw as { id?: unknown; conversation?: { id?: unknown } };
  const candidate = body.conversation?.id ?? body.id;
  const conversationId = typeof candidate === 'number' || typeof candidate === 'string' ? String(candidate) : '';
  return {
    name: 'platform_event',
    type,
    idempotencyKey: `${type}:${conversationId}:${bodyDigest(raw, options)}`,
    conversationId,
    raw,
  };
}

function withConversation(event: NormalizedEvent, conversation: ChatwootConversation, who: Contact | undefined): NormalizedEvent {
  const facts: ConversationFacts = {};
  if (conversation.status) facts.status = conversation.status;
  if (conversation.labels) facts.labels = [...conversation.labels];
  if (conversation.custom_attributes) facts.attributes = copyRecord(conversation.custom_attributes);
  event.conversation = facts;
  const owner = ownerOf(conversation.status);
  if (owner !== undefined) {
    const signal: OwnershipSignal = { owner, status: conversation.status as string };
    const at = toMillis(conversation.updated_at ?? conversation.timestamp);
    if (at !== undefined) signal.at = at;
    event.ownership = signal;
  }
  if (who !== undefined) event.contact = who;
  return event;
}

function ownerOf(status: string | null | undefined): Owner | undefined {
  return typeof status === 'string' && Object.hasOwn(OWNER_BY_STATUS, status) ? OWNER_BY_STATUS[status] : undefined;
}

function senderRole(type: string | undefined, senderType: string | null | undefined, messageId: string, options: NormalizeOptions): SenderRole {
  if (type === 'incoming') return 'contact';
  if (type === 'outgoing') {
    // sender.type is missing on current servers; the ids of the bot's own replies are known.
    if (options.isOwnMessage?.(messageId) || (senderType != null && /bot/i.test(senderType))) return 'bot';
    return 'agent';
  }
  return 'system';
}

function contact(source: ChatwootContact): Contact {
  const result: Contact = { id: String(source.id), attributes: copyRecord(source.custom_attributes) };
  if (source.name) result.name = source.name;
  if (source.email) result.email = source.email;
  if (source.phone_number) result.phone = source.phone_number;
  return result;
}

function contactFromConversation(conversation: ChatwootConversation): Contact | undefined {
  if (conversation.meta?.sender) return contact(conversation.meta.sender);
  const contactId = conversation.contact_inbox?.contact_id;
  return contactId == null ? undefined : { id: String(contactId), attributes: {} };
}

/** The status change a `changed_attributes` list names (v4.13+): `[{ status: { previous_value, current_value } }]`. */
function statusChangeOf(changes: readonly Record<string, unknown>[] | null | undefined): { previous?: string; current?: string } {
  for (const change of changes ?? []) {
    const status = change.status as { previous_value?: unknown; current_value?: unknown } | null | undefined;
    if (typeof status !== 'object' || status === null) continue;
    const result: { previous?: string; current?: string } = {};
    if (typeof status.previous_value === 'string') result.previous = status.previous_value;
    if (typeof status.current_value === 'string') result.current = status.current_value;
    return result;
  }
  return {};
}

/** The digest of the signed body, or (normalizing a parsed body alone) a hash of its JSON, bounded in depth. */
function bodyDigest(raw: unknown, options: NormalizeOptions): string {
  const signed = options.digest?.('body');
  if (signed !== undefined) return signed;
  try {
    return idHash(jsonText(raw));
  } catch {
    return '';
  }
}
