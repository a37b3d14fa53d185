import type { Contact, ConversationFacts, Message, NormalizedEvent } from '../../core/events.js';
import { PayloadError } from '../../errors.js';
import { parsePayload } from '../kit/payload.js';
import { copyRecord, emptyRecord, setSafely } from '../kit/records.js';
import {
  type HootsuiteContactAttribute,
  type HootsuiteConversationData,
  type HootsuiteEnvelope,
  type HootsuiteInboundData,
  conversationEventSchema,
  envelopeSchema,
  inboundEventSchema,
} from './schema.js';

/** The webhook types this adapter understands. */
export const HOOTSUITE_EVENT_TYPES = ['CONVERSATION_STARTED', 'CONVERSATION_DELEGATED', 'INBOUND_MESSAGE_RECEIVED'] as const;

/** The only envelope version Hootsuite sends today. */
export const SUPPORTED_VERSION = 1;

/** A delivery's envelope, with its timestamp in milliseconds. */
export interface ReadEnvelope {
  /** The checked envelope fields. */
  envelope: HootsuiteEnvelope;
  /** The body's `timestamp`, in milliseconds since the epoch. */
  at: number;
}

// Contact attributes can repeat a name with several sources: the more trusted source wins.
const SOURCE_RANK: ReadonlyMap<string, number> = new Map([
  ['CRM_CONFIRMED', 3],
  ['AGENT', 2],
  ['MEDIUM', 1],
]);
const PHONE = /^\+?[\d\s().-]{6,}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Reads and checks the envelope (`type`, `version`, `idempotencyKey`, `timestamp`); `E_PAYLOAD` names a bad field. */
export function readEnvelope(body: unknown): ReadEnvelope {
  const envelope = parsePayload(envelopeSchema, body, 'Hootsuite delivery');
  const at = parseTimestamp(envelope.timestamp);
  if (at === undefined) {
    throw new PayloadError(
      `Hootsuite delivery: field "timestamp" must be an ISO 8601 date-time, got ${JSON.stringify(envelope.timestamp.slice(0, 40))}.`,
      'timestamp',
    );
  }
  return { envelope, at };
}

/** Turns one Hootsuite webhook body into normalized events (pure; the freshness of the timestamp is checked apart). */
export function normalizeHootsuite(body: unknown): NormalizedEvent[] {
  return normalizeEnvelope(readEnvelope(body), body);
}

/** Turns a delivery whose envelope was read into normalized events. */
export function normalizeEnvelope({ envelope, at }: ReadEnvelope, body: unknown): NormalizedEvent[] {
  if (envelope.version !== SUPPORTED_VERSION) {
    throw new PayloadError(
      `Hootsuite delivery: field "version" is ${envelope.version}, and this adapter reads version ${SUPPORTED_VERSION} only (a newer Hootsuite format: upgrade handoffkit).`,
      'version',
    );
  }
  switch (envelope.type) {
    case 'CONVERSATION_STARTED': {
      const { data } = parsePayload(conversationEventSchema, body, 'Hootsuite CONVERSATION_STARTED');
      return [base('conversation_started', envelope, at, data, body)];
    }
    case 'CONVERSATION_DELEGATED': {
      const { data } = parsePayload(conversationEventSchema, body, 'Hootsuite CONVERSATION_DELEGATED');
      // A human delegated the conversation: announced as handed_back even when the agent never saw it before.
      return [{ ...base('handed_back', envelope, at, data, body), handoff: { from: 'human', to: 'bot' } }];
    }
    case 'INBOUND_MESSAGE_RECEIVED': {
      const { data } = parsePayload(inboundEventSchema, body, 'Hootsuite INBOUND_MESSAGE_RECEIVED');
      const event = base('message_created', envelope, at, data, body);
      event.message = message(data, envelope, at);
      const facts: ConversationFacts = event.conversation ?? {};
      // The conversation's topics are its labels; what triggered the message (a reply to a post, a story mention) is an attribute.
      if (data.conversationTopics != null) facts.labels = [...data.conversationTopics];
      if (data.trigger != null) {
        facts.attributes = copyRecord(facts.attributes);
        facts.attributes.trigger = { type: data.trigger.type ?? null, action: data.trigger.action ?? null };
      }
      if (facts.labels !== undefined || facts.attributes !== undefined) event.conversation = facts;
      return [event];
    }
    default:
      return [unknownEvent(envelope, body)];
  }
}

function base(
  name: 'conversation_started' | 'handed_back' | 'message_created',
  envelope: HootsuiteEnvelope,
  at: number,
  data: HootsuiteConversationData,
  raw: unknown,
): NormalizedEvent {
  const event: NormalizedEvent = {
    name,
    type: envelope.type,
    idempotencyKey: envelope.idempotencyKey,
    conversationId: data.conversationId,
    // Every known event means the conversation is assigned to the virtual agent: Hootsuite sends none for another's.
    // That is its state now (a complete the bot sent earlier was followed by a new assignment), hence `current`.
    ownership: { owner: 'bot', at, current: true },
    raw,
  };
  const who = contact(data);
  if (who !== undefined) event.contact = who;
  const facts = conversationFacts(data);
  if (facts !== undefined) event.conversation = facts;
  return event;
}

function message(data: HootsuiteInboundData, envelope: HootsuiteEnvelope, at: number): Message {
  const source = data.message ?? {};
  const sender: Message['sender'] = { role: 'contact' };
  const profile = data.contactProfile;
  const senderId = profile?.id ?? profile?.mediumContactProfileId;
  if (senderId) sender.id = senderId;
  if (profile?.primaryIdentifier) sender.name = profile.primaryIdentifier;
  const result: Message = {
    // Older payloads carry no messageId: the delivery's key identifies the message then.
    id: source.messageId || envelope.idempotencyKey,
    text: source.text ?? undefined,
    attachments: [],
    sender,
    private: false,
    createdAt: new Date(at),
  };
  // The developer-defined payload of a quick reply or postback button the contact tapped (Hootsuite does not say which).
  if (source.payload != null && source.payload !== '') result.postback = { payload: source.payload };
  return result;
}

function contact(data: HootsuiteConversationData): Contact | undefined {
  const profile = data.contactProfile;
  const attributes = contactAttributes(data.contactAttributes);
  if (profile == null && data.contactAttributes == null) return undefined;
  const result: Contact = { id: profile?.id || profile?.mediumContactProfileId || '', attributes };
  if (profile?.primaryIdentifier) result.name = profile.primaryIdentifier;
  const secondary = profile?.secondaryIdentifier?.trim();
  if (secondary && EMAIL.test(secondary)) result.email = secondary;
  else if (secondary && PHONE.test(secondary)) result.phone = secondary;
  if (result.email === undefined && typeof attributes.email === 'string' && EMAIL.test(attributes.email)) result.email = attributes.email;
  if (data.language) result.locale = data.language;
  return result;
}

/**
 * `contactAttributes` as one null-prototype record; a name given by several sources keeps CRM_CONFIRMED over AGENT
 * over MEDIUM. Names that could reach a prototype (`__proto__`, `constructor`, `prototype`) are dropped.
 */
export function contactAttributes(list: readonly HootsuiteContactAttribute[] | null | undefined): Record<string, unknown> {
  const values = emptyRecord();
  const ranks = new Map<string, number>();
  for (const entry of list ?? []) {
    const rank = SOURCE_RANK.get(entry.source ?? '') ?? 0;
    if ((ranks.get(entry.attribute) ?? -1) > rank) continue;
    if (setSafely(values, entry.attribute, entry.value ?? null)) ranks.set(entry.attribute, rank);
  }
  return values;
}

function conversationFacts(data: HootsuiteConversationData): ConversationFacts | undefined {
  const attributes = emptyRecord();
  if (data.channel?.id) attributes.channelId = data.channel.id;
  if (data.channel?.name) attributes.channelName = data.channel.name;
  if (data.medium?.id) attributes.medium = data.medium.id;
  if (data.language) attributes.language = data.language;
  return Object.keys(attributes).length === 0 ? undefined : { attributes };
}

function unknownEvent(envelope: HootsuiteEnvelope, raw: unknown): NormalizedEvent {
  const data = (raw as { data?: unknown }).data;
  const id = typeof data === 'object' && data !== null ? (data as { conversationId?: unknown }).conversationId : undefined;
  // Acknowledged and ignored; only onAny handlers see it.
  return {
    name: 'platform_event',
    type: envelope.type,
    idempotencyKey: envelope.idempotencyKey,
    conversationId: typeof id === 'string' ? id : '',
    raw,
  };
}

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses an ISO 8601 date-time with any number of fractional digits (Hootsuite sends nanoseconds) into milliseconds. */
export function parseTimestamp(value: string): number | undefined {
  const match = ISO.exec(value.trim());
  if (match === null) return undefined;
  const [, seconds, fraction = '', zone] = match;
  const millis = Date.parse(`${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}${zone}`);
  return Number.isNaN(millis) ? undefined : millis;
}
