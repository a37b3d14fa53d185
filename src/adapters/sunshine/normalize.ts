import type { $ZodType, output } from 'zod/v4/core';
import { type HandoffkitError, PayloadError } from '../../errors.js';
import type { Message, NormalizedEvent } from '../../core/events.js';
import { checkPayload, parsePayload, payloadError } from '../kit/payload.js';
import { copyRecord } from '../kit/records.js';
import { contactOf, contentFields, millis, ownershipOf } from './inbound.js';
import type { ConversationMemory } from './memory.js';
import {
  activityPayloadSchema,
  contactPayloadSchema,
  conversationPayloadSchema,
  envelopeSchema,
  eventSchema,
  messagePayloadSchema,
  postbackPayloadSchema,
  type SunshineConversation,
  type SunshineEvent,
} from './schema.js';
import { controlEvent, failureEvent, offerEvent, releaseEvent } from './switchboard.js';

/** What normalization needs besides the body. */
export interface SunshineNormalizeOptions {
  /** This bot's switchboard integration (id or name). */
  integrationId: string;
  /** The channel types served; events of other channels reach `onAny` handlers only. Default: all. */
  channels?: ReadonlySet<string> | undefined;
  /** What the adapter remembers of conversations (channels, first messages); updated as events are read. */
  memory: ConversationMemory;
}

/** A normalized delivery: the events of its valid items, one error per invalid item or failed switchboard change. */
export interface SunshineBatch {
  /** The events, in delivery order. */
  events: NormalizedEvent<SunshineEvent>[];
  /** `E_PAYLOAD` per malformed event (naming the field, e.g. `events.1.payload.conversation.id`), `E_PLATFORM_API` per `:failure`. */
  errors: HandoffkitError[];
}

/** What the builders of one event share. @internal */
export interface EventContext {
  /** The event's id. */
  readonly id: string;
  /** The event's type, e.g. `conversation:message`. */
  readonly type: string;
  /** The event's `createdAt`, in ms. */
  readonly at: number | undefined;
  /** This bot's switchboard integration. */
  readonly integrationId: string;
  /** The adapter's memory of conversations. */
  readonly memory: ConversationMemory;
  /** The payload checked against `schema`; `E_PAYLOAD` names the field from the delivery's root. */
  parse<S extends $ZodType>(schema: S): output<S>;
  /** The normalized event of `conversation` with `fields`. */
  event(conversation: SunshineConversation | undefined, fields: Partial<NormalizedEvent> & Pick<NormalizedEvent, 'name'>): NormalizedEvent<SunshineEvent>;
}

/**
 * Turns one Sunshine webhook delivery into normalized events. Every event is read, in order; a malformed event
 * becomes an error beside the events of the others. Throws `E_PAYLOAD` only when the envelope has no `events` list.
 */
export function normalizeSunshine(body: unknown, options: SunshineNormalizeOptions): SunshineBatch {
  const envelope = parsePayload(envelopeSchema, body, 'Sunshine delivery');
  const batch: SunshineBatch = { events: [], errors: [] };
  envelope.events.forEach((item, index) => {
    const path = `events.${index}`;
    try {
      const raw = parseAt(eventSchema, item, path, `Sunshine event ${index}`);
      const ctx = contextOf(raw, path, options);
      batch.events.push(bound(eventOf(ctx, batch.errors), raw, options));
    } catch (error) {
      batch.errors.push(error instanceof PayloadError ? error : new PayloadError(`Sunshine event ${index} could not be read: ${String(error)}.`, path));
    }
  });
  return batch;
}

function eventOf(ctx: EventContext, errors: HandoffkitError[]): NormalizedEvent<SunshineEvent> {
  const type = ctx.type;
  if (type === 'conversation:message') return messageEvent(ctx);
  if (type === 'conversation:postback') return postbackEvent(ctx);
  if (type === 'conversation:create' || type === 'conversation:referral') return startEvent(ctx);
  if (type === 'conversation:typing' || type === 'conversation:read') return activityEvent(ctx);
  if (type === 'switchboard:passControl' || type === 'switchboard:acceptControl') return controlEvent(ctx) as NormalizedEvent<SunshineEvent>;
  if (type === 'switchboard:offerControl') return offerEvent(ctx) as NormalizedEvent<SunshineEvent>;
  if (type === 'switchboard:releaseControl') return releaseEvent(ctx) as NormalizedEvent<SunshineEvent>;
  if (type.startsWith('switchboard:') && type.endsWith(':failure')) return failureEvent(ctx, errors) as NormalizedEvent<SunshineEvent>;
  if (type.startsWith('conversation:')) {
    const payload = ctx.parse(conversationPayloadSchema);
    return ctx.event(payload.conversation, {
      name: 'platform_event',
      ownership: ownershipOf(payload.conversation, ctx.integrationId, ctx.at),
      ...withContact(contactOf(payload.user)),
    });
  }
  // client:*, user:* and whatever Sunshine adds: about the contact, on its conversation when one is named.
  const payload = ctx.parse(contactPayloadSchema);
  const conversation = payload.conversation ?? undefined;
  return ctx.event(conversation, {
    name: conversation ? 'platform_event' : 'contact_event',
    ...withContact(contactOf(payload.user, undefined, payload.client?.info)),
  });
}

function messageEvent(ctx: EventContext): NormalizedEvent<SunshineEvent> {
  const { conversation, message: source } = ctx.parse(messagePayloadSchema);
  const ownership = ownershipOf(conversation, ctx.integrationId, ctx.at);
  const fromContact = source.author.type === 'user';
  const contact = fromContact ? contactOf(source.author.user, source.author) : undefined;
  // The business is this bot while it owns the conversation, unless the message came from the agent workspace.
  const botWrote = !fromContact && ownership?.owner === 'bot' && !(source.source?.type ?? '').startsWith('zd:');
  const message: Message = {
    id: source.id,
    ...contentFields(source.content, fromContact),
    sender: {
      role: fromContact ? 'contact' : botWrote ? 'bot' : 'agent',
      ...(fromContact && contact ? { id: contact.id } : {}),
      ...(source.author.displayName ? { name: source.author.displayName } : {}),
    },
    private: false,
  };
  const replyTo = source.quotedMessage?.message?.id ?? source.quotedMessage?.externalMessageId;
  if (replyTo) message.replyTo = replyTo;
  const received = millis(source.received);
  if (received !== undefined) message.createdAt = new Date(received);
  return ctx.event(conversation, {
    name: 'message_created',
    message,
    ownership,
    ...withContact(contact),
    ...channelOf(fromContact ? source.source?.type : undefined),
  });
}

function postbackEvent(ctx: EventContext): NormalizedEvent<SunshineEvent> {
  const payload = ctx.parse(postbackPayloadSchema);
  const contact = contactOf(payload.user);
  const message: Message = {
    id: `postback:${ctx.id}`,
    text: undefined,
    attachments: [],
    sender: { role: 'contact', ...(contact ? { id: contact.id } : {}) },
    private: false,
    postback: { payload: payload.postback.payload },
    contentType: 'postback',
  };
  if (ctx.at !== undefined) message.createdAt = new Date(ctx.at);
  const ownership = ownershipOf(payload.conversation, ctx.integrationId, ctx.at);
  return ctx.event(payload.conversation, { name: 'message_created', message, ownership, ...withContact(contact), ...channelOf(payload.source?.type) });
}

function startEvent(ctx: EventContext): NormalizedEvent<SunshineEvent> {
  const payload = ctx.parse(conversationPayloadSchema);
  const conversation = payload.conversation;
  if (ctx.type === 'conversation:create') ctx.memory.firstMessages.delete(conversation.id);
  return ctx.event(conversation, {
    name: ctx.type === 'conversation:create' ? 'conversation_started' : 'widget_triggered',
    ownership: ownershipOf(conversation, ctx.integrationId, ctx.at),
    ...withContact(contactOf(payload.user)),
    ...channelOf(payload.source?.type),
  });
}

function activityEvent(ctx: EventContext): NormalizedEvent<SunshineEvent> {
  const { conversation, activity } = ctx.parse(activityPayloadSchema);
  const fromContact = activity.author?.type === 'user';
  return ctx.event(conversation, {
    name: 'platform_event',
    ownership: ownershipOf(conversation, ctx.integrationId, ctx.at),
    ...withContact(fromContact ? contactOf(activity.author?.user, activity.author) : undefined),
    ...channelOf(fromContact ? activity.source?.type : undefined),
  });
}

// ── channel binding ─────────────────────────────────────────────────────────────────────────────────────

/** The channel an event names, carried on `target` until the binding reads it. */
function channelOf(type: string | null | undefined): { target?: Record<string, unknown> } {
  return type ? { target: { channel: type } } : {};
}

/**
 * Applies the channel binding: the event's channel (its contact-side `source.type`, else the one remembered for
 * the conversation) outside `channels` makes it an `onAny`-only event that changes nothing. Records the contact's
 * first message of the bot's stint.
 */
function bound(event: NormalizedEvent<SunshineEvent>, raw: SunshineEvent, options: SunshineNormalizeOptions): NormalizedEvent<SunshineEvent> {
  const memory = options.memory;
  const said = event.target?.channel as string | undefined;
  delete event.target;
  const id = event.conversationId;
  if (said !== undefined && id !== '') memory.channels.set(id, said);
  const channel = said ?? (id === '' ? undefined : memory.channels.get(id));
  if (options.channels !== undefined && channel !== undefined && !options.channels.has(channel)) {
    const outside: NormalizedEvent<SunshineEvent> = {
      name: id === '' ? 'contact_event' : 'platform_event',
      type: event.type,
      idempotencyKey: event.idempotencyKey,
      conversationId: id,
      raw,
    };
    if (event.contact) outside.contact = event.contact;
    if (event.message) outside.message = event.message;
    return outside;
  }
  if (
    event.message?.sender.role === 'contact' &&
    event.ownership?.owner !== 'human' &&
    memory.firstMessages.get(id) === undefined &&
    !event.message.id.startsWith('postback:')
  ) {
    memory.firstMessages.set(id, event.message.id);
  }
  return event;
}

// ── parsing ─────────────────────────────────────────────────────────────────────────────────────────────

function contextOf(raw: SunshineEvent, path: string, options: SunshineNormalizeOptions): EventContext {
  const at = millis(raw.createdAt);
  return {
    type: raw.type,
    id: raw.id,
    at,
    integrationId: options.integrationId,
    memory: options.memory,
    parse: (schema) => parseAt(schema, raw.payload, `${path}.payload`, `Sunshine ${raw.type} event (${path})`),
    event(conversation, fields) {
      const event: NormalizedEvent<SunshineEvent> = {
        type: raw.type,
        idempotencyKey: `${raw.type}:${raw.id}`,
        conversationId: conversation?.id ?? '',
        raw,
        ...fields,
      } as NormalizedEvent<SunshineEvent>;
      if (conversation?.metadata) event.conversation = { attributes: copyRecord(conversation.metadata) };
      if (at !== undefined) event.occurredAt = at;
      return event;
    },
  };
}

function withContact(contact: NormalizedEvent['contact']): Pick<NormalizedEvent, 'contact'> {
  return contact === undefined ? {} : { contact };
}

function parseAt<S extends $ZodType>(schema: S, data: unknown, path: string, what: string): output<S> {
  const result = checkPayload(schema, data);
  if (result.success) return result.data;
  const error = payloadError(result.issues, data, what);
  const field = error.field === undefined || error.field === '(body)' ? path : `${path}.${error.field}`;
  return throwAt(error.message.replace(`field "${error.field}"`, `field "${field}"`), field);
}

function throwAt(message: string, field: string): never {
  throw new PayloadError(message, field);
}
