import { HandoffkitError, PayloadError } from '../../errors.js';
import type { NormalizedEvent, Owner } from '../../core/events.js';
import { jsonText } from '../../core/json-text.js';
import { parsePayload } from '../kit/payload.js';
import { hash } from '../meta/paths.js';
import { checks, contactOf, seconds } from './items.js';
import { handoverEvent } from './handover.js';
import { messageOf } from './inbound.js';
import {
  changeSchema,
  contactSchema,
  entrySchema,
  envelopeSchema,
  messageSchema,
  messagesValueSchema,
  standbyValueSchema,
  statusSchema,
  type WhatsAppItem,
} from './schema.js';

/** A normalized delivery: the events of its valid items, one error per invalid item or failed bot message. */
export interface WhatsAppBatch {
  /** The events, in delivery order (entries, changes, then items in order). */
  events: NormalizedEvent<WhatsAppItem>[];
  /** One `E_PAYLOAD` per invalid entry, change or item (naming the field); one `E_PLATFORM_API` per `failed` status. */
  errors: HandoffkitError[];
}

/** Where a change sits and what it says about ownership. */
interface ChangeContext {
  readonly path: string;
  readonly field: string;
  readonly value: Record<string, unknown>;
  /** `messages`: threads this app owns; `standby`: threads another app owns. */
  readonly owner: Owner;
  /** The names of the value's contacts, by `wa_id`. */
  readonly names: ReadonlyMap<string, string>;
}

/**
 * Turns one WhatsApp delivery into normalized events (pure). Every entry, change and item is processed in order;
 * an invalid one becomes an error beside the events of the others. Throws `E_PAYLOAD` (400) when the delivery as a
 * whole is unusable: not an object with `entry`, or `object` other than `whatsapp_business_account`.
 */
export function normalizeWhatsApp(body: unknown): WhatsAppBatch {
  const envelope = parsePayload(envelopeSchema, body, 'WhatsApp delivery');
  if (envelope.object !== 'whatsapp_business_account') {
    throw new PayloadError(
      `WhatsApp delivery: field "object" must be "whatsapp_business_account", got ${JSON.stringify(envelope.object.slice(0, 40))}: this webhook takes WhatsApp Business Account deliveries only.`,
      'object',
    );
  }
  const batch: WhatsAppBatch = { events: [], errors: [] };
  envelope.entry.forEach((rawEntry, index) => {
    const path = `entry.${index}`;
    try {
      const entry = checks.parseAt(entrySchema, checks.objectAt(rawEntry, path), path, '');
      entry.changes.forEach((rawChange, at) => {
        try {
          changeEvents(rawChange, `${path}.changes.${at}`, String(entry.id ?? ''), batch);
        } catch (error) {
          batch.errors.push(checks.asPayloadError(error, `${path}.changes.${at}`));
        }
      });
    } catch (error) {
      batch.errors.push(checks.asPayloadError(error, path));
    }
  });
  return batch;
}

function changeEvents(rawChange: unknown, path: string, accountId: string, batch: WhatsAppBatch): void {
  const change = checks.parseAt(changeSchema, checks.objectAt(rawChange, path), path, '');
  const value = change.value as Record<string, unknown>;
  const at = `${path}.value`;
  switch (change.field) {
    case 'messages':
      threadItems(checks.parseAt(messagesValueSchema, value, at, 'messages'), { path: at, field: change.field, value, owner: 'bot', names: new Map() }, batch);
      return;
    case 'standby': {
      const standby = checks.parseAt(standbyValueSchema, value, at, 'standby').standby;
      threadItems(standby, { path: `${at}.standby`, field: change.field, value, owner: 'human', names: new Map() }, batch);
      return;
    }
    case 'messaging_handovers':
      batch.events.push(handoverEvent(value, { path: at, field: change.field, value }));
      return;
    default:
      // Account, template and quality updates: no conversation; shown to onAny handlers only.
      batch.events.push({
        name: 'platform_event',
        type: change.field,
        idempotencyKey: `${change.field}:${accountId}:${hash(jsonText(value))}`,
        conversationId: `account:${accountId}`,
        raw: { field: change.field, item: value, value },
      });
  }
}

type ThreadValue = ReturnType<typeof messagesValueSchema.parse>;

function threadItems(value: ThreadValue, base: ChangeContext, batch: WhatsAppBatch): void {
  const names = new Map<string, string>();
  (value.contacts ?? []).forEach((raw, i) => {
    try {
      const contact = checks.parseAt(contactSchema, raw, `${base.path}.contacts.${i}`, 'contact');
      if (contact.profile?.name) names.set(contact.wa_id, contact.profile.name);
    } catch (error) {
      batch.errors.push(checks.asPayloadError(error, `${base.path}.contacts.${i}`));
    }
  });
  const ctx: ChangeContext = { ...base, names };
  const lists = [
    ['messages', value.messages, false],
    ['message_echoes', value.message_echoes, true],
  ] as const;
  for (const [key, list, echo] of lists) {
    (list ?? []).forEach((raw, i) => {
      const path = `${ctx.path}.${key}.${i}`;
      try {
        batch.events.push(messageEvent(raw, path, ctx, echo));
      } catch (error) {
        batch.errors.push(checks.asPayloadError(error, path));
      }
    });
  }
  (value.statuses ?? []).forEach((raw, i) => {
    const path = `${ctx.path}.statuses.${i}`;
    try {
      batch.events.push(statusEvent(raw, path, ctx, batch));
    } catch (error) {
      batch.errors.push(checks.asPayloadError(error, path));
    }
  });
}

function messageEvent(raw: unknown, path: string, ctx: ChangeContext, echo: boolean): NormalizedEvent<WhatsAppItem> {
  const item = checks.parseAt(messageSchema, checks.objectAt(raw, path), path, 'message');
  // An echo is the owner's message to the contact (`to`); anything else is the contact's (`from`).
  const waId = echo ? item.to : item.from;
  if (!waId) throw new PayloadError(`WhatsApp ${path}: field "to" must name the contact of an echoed message, it is missing.`, `${path}.to`);
  const occurredAt = seconds(item.timestamp);
  const message = messageOf(item, echo ? { role: 'agent' } : { role: 'contact', id: waId }, occurredAt);
  const event: NormalizedEvent<WhatsAppItem> = {
    name: 'message_created',
    type: echo ? 'message_echo' : item.type,
    idempotencyKey: `message:${item.id}`,
    conversationId: waId,
    contact: contactOf(waId, ctx.names.get(waId)),
    message,
    ownership: occurredAt === undefined ? { owner: ctx.owner } : { owner: ctx.owner, at: occurredAt },
    raw: { field: ctx.field, item, value: ctx.value },
  };
  // The last contact message of a thread this app owns: typing() marks it read.
  if (!echo && ctx.owner === 'bot') event.target = { lastMessageId: item.id };
  if (occurredAt !== undefined) event.occurredAt = occurredAt;
  return event;
}

function statusEvent(raw: unknown, path: string, ctx: ChangeContext, batch: WhatsAppBatch): NormalizedEvent<WhatsAppItem> {
  const item = checks.parseAt(statusSchema, checks.objectAt(raw, path), path, 'status');
  const occurredAt = seconds(item.timestamp);
  // A bot message that never arrived: the bot learns it through onError, with Meta's code.
  if (item.status === 'failed' && ctx.owner === 'bot') batch.errors.push(failedStatus(item, path));
  const event: NormalizedEvent<WhatsAppItem> = {
    name: 'platform_event',
    type: `status_${item.status}`,
    idempotencyKey: `status:${item.id}:${item.status}`,
    conversationId: item.recipient_id,
    contact: contactOf(item.recipient_id, undefined),
    raw: { field: ctx.field, item, value: ctx.value },
  };
  if (occurredAt !== undefined) event.occurredAt = occurredAt;
  return event;
}

function failedStatus(item: ReturnType<typeof statusSchema.parse>, path: string): HandoffkitError {
  const first = item.errors?.[0];
  const code = first === undefined ? undefined : Number(first.code);
  const what = first?.message || first?.title || 'no reason given';
  const details = first?.error_data?.details;
  const hint = code === 131047 ? ' More than 24 hours passed since the contact last wrote: only a template message can reach them now.' : '';
  return new HandoffkitError(
    'E_PLATFORM_API',
    `WhatsApp could not deliver message ${item.id} to ${item.recipient_id}: ${what}${code === undefined ? '' : ` (code ${code})`}.${hint}`,
    {
      details: {
        platform: 'whatsapp',
        field: path,
        messageId: item.id,
        recipient: item.recipient_id,
        ...(code === undefined ? {} : { code }),
        ...(details ? { error_details: details } : {}),
      },
    },
  );
}
