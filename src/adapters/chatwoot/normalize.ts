import type * as z from '../../core/schema.js';
import type {
  Attachment,
  Contact,
  ConversationFacts,
  Message,
  NormalizedEvent,
  Owner,
  OwnershipSignal,
  Sender,
  SenderRole,
  SubmittedValue,
} from '../../core/events.js';
import { PayloadError } from '../../core/errors.js';
import { decodeUriSafely, jsonText } from '../../core/json-text.js';
import { parsePayload } from '../../core/payload.js';
import {
  type ChatwootContact,
  type ChatwootConversation,
  type ChatwootMessageEvent,
  type ChatwootWidgetEvent,
  conversationEventSchema,
  envelopeSchema,
  messageEventSchema,
  submittedListSchema,
  widgetEventSchema,
} from './schema.js';

/** What normalization needs besides the body. */
export interface NormalizeOptions {
  /** The `X-Chatwoot-Delivery` id, used when the payload has no time to tell events apart. */
  deliveryId?: string;
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
      return [messageEvent(parsePayload(messageEventSchema, body, `Chatwoot ${event}`), body, options)];
    case 'webwidget_triggered':
      return [widgetEvent(body, options)];
    case 'conversation_created':
    case 'conversation_opened':
    case 'conversation_resolved':
    case 'conversation_status_changed':
    case 'conversation_updated':
      return [conversationEvent(event, body)];
    default:
      return [unknownEvent(event, body, options)];
  }
}

function messageEvent(payload: ChatwootMessageEvent, raw: unknown, options: NormalizeOptions): NormalizedEvent {
  const conversation = payload.conversation;
  const messageId = String(payload.id);
  const type = typeof payload.message_type === 'number' ? MESSAGE_TYPES[payload.message_type] : payload.message_type;
  const submitted = submittedValues(payload);
  const isUpdate = payload.event === 'message_updated';
  const contactSource =
    conversation.meta?.sender ?? (type === 'incoming' && payload.sender?.id != null ? (payload.sender as ChatwootContact) : undefined);
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
  if (payload.content_type) message.contentType = payload.content_type;
  const createdAt = toDate(payload.created_at);
  if (createdAt !== undefined) message.createdAt = createdAt;

  // Keys come from the payload, not from X-Chatwoot-Delivery: two bots of one server (the inbox's and the
  // conversation's) get the same event under different delivery ids, and must not both act on it.
  const version = isUpdate
    ? `${String(payload.updated_at ?? '')}:${fingerprint(submitted, payload.content)}`
    : String(payload.created_at ?? options.deliveryId ?? '');
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
    // Without a conversation yet, the contact is the lane; such a context cannot reply (Chatwoot needs a conversation).
    conversationId: current ? String(current.id) : `contact:${who.id}`,
    raw,
  };
  return current ? withConversation(event, current, who) : { ...event, contact: who };
}

function conversationEvent(type: string, raw: unknown): NormalizedEvent {
  const payload = parsePayload(conversationEventSchema, raw, `Chatwoot ${type}`);
  const owner = ownerOf(payload.status);
  const previousStatus = previousStatusOf(payload.changed_attributes);
  let name: NormalizedEvent['name'] = 'platform_event';
  if (type === 'conversation_created') name = 'conversation_started';
  else if (type !== 'conversation_updated' && owner !== undefined) {
    name = owner === 'human' ? 'handed_off' : owner === 'bot' ? 'handed_back' : 'conversation_resolved';
  }
  // updated_at moves with every change. Older servers send only `timestamp`, the last activity, which a status
  // change does not move (open → pending → open would repeat a key and be dropped): the body tells those apart
  // (Chatwoot adds an activity message per change) and stays the same across retries and across bots.
  const version = payload.updated_at != null && payload.updated_at !== '' ? String(payload.updated_at) : `h${hash(jsonText(raw))}`;
  const event: NormalizedEvent = {
    name,
    type,
    idempotencyKey: `${type}:${String(payload.id)}:${version}:${payload.status ?? ''}`,
    conversationId: String(payload.id),
    raw,
  };
  const previousOwner = ownerOf(previousStatus);
  if (previousOwner !== undefined) event.handoff = { from: previousOwner };
  return withConversation(event, payload, contactFromConversation(payload));
}

// Each opening of the widget is its own event: the widget stamps it (`event_info.initiated_at.timestamp`).
// Without that stamp (older widgets), the delivery id; the conversation's time alone would drop every later opening.
function widgetVersion(payload: ChatwootWidgetEvent, options: NormalizeOptions): string {
  const initiated = payload.event_info?.initiated_at as { timestamp?: unknown } | string | null | undefined;
  const stamp = typeof initiated === 'string' ? initiated : initiated?.timestamp;
  if ((typeof stamp === 'string' && stamp !== '') || typeof stamp === 'number') return `at:${hash(String(stamp))}`;
  if (options.deliveryId !== undefined) return options.deliveryId;
  const current = payload.current_conversation;
  return String(current?.updated_at ?? current?.timestamp ?? '');
}

// Chatwoot adds events: an unknown one is answered 200 and shown to onAny handlers only.
function unknownEvent(type: string, raw: unknown, options: NormalizeOptions): NormalizedEvent {
  const body = raw as { id?: unknown; conversation?: { id?: unknown } };
  const candidate = body.conversation?.id ?? body.id;
  const conversationId = typeof candidate === 'number' || typeof candidate === 'string' ? String(candidate) : '';
  return {
    name: 'platform_event',
    type,
    idempotencyKey: `${type}:${conversationId}:${options.deliveryId ?? hash(jsonText(raw))}`,
    conversationId,
    raw,
  };
}

function withConversation(event: NormalizedEvent, conversation: ChatwootConversation, who: Contact | undefined): NormalizedEvent {
  const facts: ConversationFacts = {};
  if (conversation.status) facts.status = conversation.status;
  if (conversation.labels) facts.labels = [...conversation.labels];
  if (conversation.custom_attributes) facts.attributes = { ...conversation.custom_attributes };
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

function submittedValues(payload: ChatwootMessageEvent): SubmittedValue[] | undefined {
  const attributes = payload.content_attributes;
  const values = attributes?.submitted_values;
  if (Array.isArray(values)) {
    return submittedList(values, payload.event).map((item) => {
      const value: SubmittedValue = { value: scalar(item.value) };
      if (item.name) value.name = item.name;
      if (item.title) value.title = item.title;
      return value;
    });
  }
  if (values) return objectValues(values);
  if (attributes?.submitted_email) return [{ name: 'email', value: attributes.submitted_email }];
  return undefined;
}

const SUBMITTED_PATH = 'content_attributes.submitted_values';

function submittedList(values: unknown[], event: string): z.infer<typeof submittedListSchema> {
  try {
    return parsePayload(submittedListSchema, values, `Chatwoot ${event}`);
  } catch (error) {
    if (!(error instanceof PayloadError) || error.field === undefined) throw error;
    // Name the field from the body's root, as for every other field.
    const field = `${SUBMITTED_PATH}.${error.field}`;
    throw new PayloadError(error.message.replace(`"${error.field}"`, `"${field}"`), field);
  }
}

// A CSAT answer, `{ csat_survey_response: { rating: 5, feedback_message: "…" } }`, becomes `rating` and `feedback_message`.
function objectValues(values: Record<string, unknown>): SubmittedValue[] {
  const result: SubmittedValue[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [name, inner] of Object.entries(value)) result.push({ name, value: scalar(inner) });
    } else {
      result.push({ name: key, value: scalar(value) });
    }
  }
  return result;
}

function scalar(value: unknown): string {
  if (value == null) return '';
  return typeof value === 'object' ? jsonText(value) : String(value);
}

function contact(source: ChatwootContact): Contact {
  const result: Contact = { id: String(source.id), attributes: { ...source.custom_attributes } };
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

function attachment(source: {
  id?: string | number | undefined;
  file_type?: string | null | undefined;
  data_url?: string | null | undefined;
  thumb_url?: string | null | undefined;
  file_size?: number | null | undefined;
}): Attachment {
  const result: Attachment = { type: source.file_type ?? 'file' };
  if (source.id !== undefined) result.id = String(source.id);
  if (source.data_url) {
    result.url = source.data_url;
    const name = source.data_url.split('?')[0]?.split('/').pop();
    if (name) result.name = decodeUriSafely(name);
  }
  if (source.thumb_url) result.thumbnailUrl = source.thumb_url;
  if (typeof source.file_size === 'number') result.size = source.file_size;
  return result;
}

function previousStatusOf(changes: readonly Record<string, unknown>[] | null | undefined): string | undefined {
  for (const change of changes ?? []) {
    const status = change.status as { previous_value?: unknown } | undefined;
    if (typeof status?.previous_value === 'string') return status.previous_value;
  }
  return undefined;
}

/** Chatwoot times: epoch seconds (integer or float) or ISO strings; returns milliseconds. */
function toMillis(value: number | string | null | undefined): number | undefined {
  if (value == null || value === '') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  const numeric = Number(value);
  if (!Number.isNaN(numeric)) return numeric * 1000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function toDate(value: number | string | null | undefined): Date | undefined {
  const millis = toMillis(value);
  return millis === undefined ? undefined : new Date(millis);
}

function optionalId(value: string | number | null | undefined): { id?: string } {
  return value == null ? {} : { id: String(value) };
}

function optionalString<K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function fingerprint(submitted: SubmittedValue[] | undefined, content: string | null | undefined): string {
  return hash(jsonText(submitted ?? null) + (content ?? ''));
}

/** FNV-1a, enough to tell two versions of one message apart in a dedupe key. */
function hash(source: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) hash = Math.imul(hash ^ source.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}
