import { PayloadError } from '../../errors.js';
import type { Attachment, Message, NormalizedEvent, Sender } from '../../core/events.js';
import { parsePayload } from '../kit/payload.js';
import { appRolesEvent, passEvent, requestEvent, takeEvent } from './handover.js';
import { type ItemContext, asPayloadError, contactThread, isPage, millis, objectAt, parseAt, stampOf, stamped, threadOf, timeOf, withThread } from './items.js';
import {
  type MessengerAttachment,
  type MessengerEntry,
  type MessengerItemBase,
  deliveryItemSchema,
  editItemSchema,
  entrySchema,
  envelopeSchema,
  messageItemSchema,
  optinItemSchema,
  otherItemSchema,
  postbackItemSchema,
  readItemSchema,
  referralItemSchema,
} from './schema.js';

/** What normalization needs besides the body. */
export interface MessengerNormalizeOptions {
  /** This app's id, as a string: handover events naming it concern the bot. */
  appId: string;
}

/** A normalized delivery: the events of its valid items, one error per invalid item, and the app's role if announced. */
export interface MessengerBatch {
  /** The events, in delivery order (entries in order; in each entry, `messaging` items then `standby` items). */
  events: NormalizedEvent[];
  /** One `E_PAYLOAD` error per invalid entry or item, naming the field (e.g. `entry.1.messaging.0.sender.id`). */
  errors: PayloadError[];
  /** This app's role, when an `app_roles` item of the delivery names it. */
  appRole?: 'primary' | 'secondary';
}

/** The key that marks each item kind, in the order they are recognised. */
const KINDS = [
  'message',
  'postback',
  'referral',
  'optin',
  'read',
  'delivery',
  'message_edit',
  'pass_thread_control',
  'take_thread_control',
  'request_thread_control',
  'app_roles',
] as const;

const ITEM_FIELDS: ReadonlySet<string> = new Set(['sender', 'recipient', 'timestamp']);

/**
 * Turns one Messenger delivery into normalized events (pure). Every entry and every item is processed, in order;
 * an invalid entry or item becomes an error beside the events of the others. Throws `E_PAYLOAD` only when the
 * delivery as a whole is unusable (not a Page delivery, no `entry` list).
 */
export function normalizeMessenger(body: unknown, options: MessengerNormalizeOptions): MessengerBatch {
  const envelope = parsePayload(envelopeSchema, body, 'Messenger delivery');
  const batch: MessengerBatch = { events: [], errors: [] };
  if (envelope.object !== 'page') {
    // Signed by Meta (an Instagram or other subscription of the same app): a retry cannot fix it, and deliveries
    // that keep failing get the app's webhooks disabled. Acknowledged, reported, ignored.
    batch.errors.push(
      new PayloadError(
        `Messenger delivery: field "object" must be "page", got ${JSON.stringify(envelope.object.slice(0, 40))}: this adapter handles Messenger (Facebook Page) webhooks only, so the delivery was acknowledged and its events ignored. Remove that subscription from the app, or point it at another webhook.`,
        'object',
      ),
    );
    return batch;
  }
  envelope.entry.forEach((rawEntry, index) => {
    const path = `entry.${index}`;
    let entry: MessengerEntry;
    try {
      entry = parseAt(entrySchema, objectAt(rawEntry, path), path, '');
    } catch (error) {
      batch.errors.push(asPayloadError(error, path));
      return;
    }
    const pageId = entry.id == null ? undefined : String(entry.id);
    const entryTime = millis(entry.time);
    for (const lane of ['messaging', 'standby'] as const) {
      (entry[lane] ?? []).forEach((rawItem, at) => {
        const ctx: ItemContext = { appId: options.appId, lane, path: `${path}.${lane}.${at}`, pageId, entryTime };
        try {
          batch.events.push(...itemEvents(rawItem, ctx, batch));
        } catch (error) {
          batch.errors.push(asPayloadError(error, ctx.path));
        }
      });
    }
  });
  return batch;
}

function itemEvents(rawItem: unknown, ctx: ItemContext, batch: MessengerBatch): NormalizedEvent[] {
  const raw = objectAt(rawItem, ctx.path);
  const kind = KINDS.find((key) => Object.hasOwn(raw, key));
  switch (kind) {
    case 'message':
      return [messageEvent(raw, ctx)];
    case 'postback':
      return postbackEvents(raw, ctx);
    case 'referral':
      return [referralEvent(raw, ctx)];
    case 'optin':
      return [optinEvent(raw, ctx)];
    case 'read':
    case 'delivery':
      return [watermarkEvent(kind, raw, ctx)];
    case 'message_edit':
      return [editEvent(raw, ctx)];
    case 'pass_thread_control':
      return [passEvent(raw, ctx)];
    case 'take_thread_control':
      return [takeEvent(raw, ctx)];
    case 'request_thread_control':
      return [requestEvent(raw, ctx)];
    case 'app_roles':
      return [appRolesEvent(raw, ctx, batch)];
    default:
      return [otherEvent(raw, ctx)];
  }
}

// ── messages ────────────────────────────────────────────────────────────────────────────────────────────

function messageEvent(raw: object, ctx: ItemContext): NormalizedEvent {
  const item = parseAt(messageItemSchema, raw, ctx.path, 'message');
  const source = item.message;
  const echo = source.is_echo === true;
  const conversationId = contactThread(item, ctx, echo);
  const at = timeOf(item, ctx);
  const appId = source.app_id == null ? undefined : String(source.app_id);
  // The Page's own message: the bot's when this app sent it, otherwise a human's (the Page Inbox) or another app's.
  const sender: Sender = echo
    ? { role: appId === ctx.appId ? 'bot' : 'agent', ...(appId === undefined ? {} : { id: appId }) }
    : { role: 'contact', id: conversationId };
  const message: Message = {
    id: source.mid,
    text: source.text ?? undefined,
    attachments: (source.attachments ?? []).map(attachment),
    sender,
    private: false,
  };
  if (source.quick_reply) message.quickReply = { value: source.quick_reply.payload, payload: source.quick_reply.payload };
  if (source.reply_to?.mid) message.replyTo = source.reply_to.mid;
  if (at !== undefined) message.createdAt = new Date(at);
  return withThread(
    { name: 'message_created', type: echo ? 'message_echo' : 'message', idempotencyKey: `message:${source.mid}`, conversationId, message, raw },
    ctx,
    at,
  );
}

function postbackEvents(raw: object, ctx: ItemContext): NormalizedEvent[] {
  const item = parseAt(postbackItemSchema, raw, ctx.path, 'postback');
  const source = item.postback;
  const conversationId = contactThread(item, ctx, false);
  const at = timeOf(item, ctx);
  const key = source.mid ? `postback:${source.mid}` : `postback:${conversationId}:${stampOf(item, raw, ctx)}`;
  const message: Message = {
    id: source.mid ?? key,
    text: source.title ?? undefined,
    attachments: [],
    sender: { role: 'contact', id: conversationId },
    private: false,
    // On standby Meta withholds the payload: the button is known by its title only.
    postback: { ...(source.title ? { title: source.title } : {}), payload: source.payload ?? '' },
  };
  if (at !== undefined) message.createdAt = new Date(at);
  const events: NormalizedEvent[] = [];
  // A first thread opened through an m.me link, an ad or a plugin: the Get Started postback carries the referral.
  if (source.referral) {
    events.push(withThread({ name: 'widget_triggered', type: 'postback_referral', idempotencyKey: `referral:${key}`, conversationId, raw }, ctx, at));
  }
  events.push(withThread({ name: 'message_created', type: 'postback', idempotencyKey: key, conversationId, message, raw }, ctx, at));
  return events;
}

function editEvent(raw: object, ctx: ItemContext): NormalizedEvent {
  const item = parseAt(editItemSchema, raw, ctx.path, 'message_edit');
  const source = item.message_edit;
  const conversationId = contactThread(item, ctx, false);
  const at = timeOf(item, ctx);
  const message: Message = { id: source.mid, text: source.text ?? undefined, attachments: [], sender: { role: 'contact', id: conversationId }, private: false };
  const version = source.num_edit ?? stampOf(item, raw, ctx);
  return withThread(
    { name: 'message_updated', type: 'message_edit', idempotencyKey: `message_edit:${source.mid}:${version}`, conversationId, message, raw },
    ctx,
    at,
  );
}

// ── entry points ────────────────────────────────────────────────────────────────────────────────────────

function referralEvent(raw: object, ctx: ItemContext): NormalizedEvent {
  const item = parseAt(referralItemSchema, raw, ctx.path, 'referral');
  const conversationId = contactThread(item, ctx, false);
  const at = timeOf(item, ctx);
  return withThread(
    { name: 'widget_triggered', type: 'referral', idempotencyKey: `referral:${conversationId}:${stampOf(item, raw, ctx)}`, conversationId, raw },
    ctx,
    at,
  );
}

function optinEvent(raw: object, ctx: ItemContext): NormalizedEvent {
  const item = parseAt(optinItemSchema, raw, ctx.path, 'optin');
  // The checkbox plugin's opt-in comes before any thread: no sender, a user_ref to write to.
  const userRef = item.optin.user_ref;
  const conversationId = threadOf(item.sender) ?? (userRef ? `user_ref:${userRef}` : contactThread(item, ctx, false));
  const at = timeOf(item, ctx);
  return withThread(
    { name: 'widget_triggered', type: 'optin', idempotencyKey: `optin:${conversationId}:${stampOf(item, raw, ctx)}`, conversationId, raw },
    ctx,
    at,
  );
}

// ── receipts ────────────────────────────────────────────────────────────────────────────────────────────

function watermarkEvent(kind: 'read' | 'delivery', raw: object, ctx: ItemContext): NormalizedEvent {
  const [item, watermark] = kind === 'read' ? readWatermark(raw, ctx.path) : deliveryWatermark(raw, ctx.path);
  const conversationId = contactThread(item, ctx, false);
  return withThread(
    { name: 'platform_event', type: kind, idempotencyKey: `${kind}:${conversationId}:${String(watermark)}`, conversationId, raw },
    ctx,
    timeOf(item, ctx),
  );
}

function readWatermark(raw: object, path: string): [MessengerItemBase, number | string] {
  const item = parseAt(readItemSchema, raw, path, 'read');
  return [item, item.read.watermark];
}

function deliveryWatermark(raw: object, path: string): [MessengerItemBase, number | string] {
  const item = parseAt(deliveryItemSchema, raw, path, 'delivery');
  return [item, item.delivery.watermark];
}

// Reactions, policy enforcement, account linking and whatever Meta adds: shown to onAny handlers only.
function otherEvent(raw: object, ctx: ItemContext): NormalizedEvent {
  const item = parseAt(otherItemSchema, raw, ctx.path, '');
  const type = Object.keys(raw).find((key) => !ITEM_FIELDS.has(key)) ?? 'unknown';
  const thread = threadOf(isPage(item.sender, ctx) ? item.recipient : item.sender);
  const stamp = stampOf(item, raw, ctx);
  if (thread === undefined) {
    const pageId = threadOf(item.recipient) ?? ctx.pageId ?? '';
    return stamped(
      { name: 'platform_event', type, idempotencyKey: `${type}:page:${pageId}:${stamp}`, conversationId: `page:${pageId}`, raw },
      timeOf(item, ctx),
    );
  }
  return withThread({ name: 'platform_event', type, idempotencyKey: `${type}:${thread}:${stamp}`, conversationId: thread, raw }, ctx, timeOf(item, ctx));
}

function attachment(source: MessengerAttachment): Attachment {
  const result: Attachment = { type: source.type };
  const url = source.payload?.url ?? source.url ?? source.URL;
  if (url) result.url = url;
  const coordinates = source.payload?.coordinates;
  if (coordinates) {
    // A shared location: its coordinates, and the title and map link Meta gives it.
    result.lat = coordinates.lat;
    result.long = coordinates.long;
    const title = source.title ?? source.payload?.title;
    if (title) result.title = title;
    return result;
  }
  const name = source.payload?.title ?? source.title;
  if (name) result.name = name;
  return result;
}
