import { PayloadError } from '../../core/errors.js';
import type { Attachment, Message, NormalizedEvent, Owner, Sender } from '../../core/events.js';
import { jsonText } from '../../core/json-text.js';
import { parsePayload } from '../../core/payload.js';
import type { Schema } from '../../core/schema.js';
import {
  type MessengerAttachment,
  type MessengerItemBase,
  appRolesItemSchema,
  deliveryItemSchema,
  editItemSchema,
  entrySchema,
  envelopeSchema,
  messageItemSchema,
  optinItemSchema,
  otherItemSchema,
  passItemSchema,
  postbackItemSchema,
  readItemSchema,
  referralItemSchema,
  requestItemSchema,
  takeItemSchema,
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

/** Where an item sits in the delivery, and what the agent knows of the Page. */
interface ItemContext {
  readonly appId: string;
  /** `messaging`: threads this app controls; `standby`: threads another app controls. */
  readonly lane: 'messaging' | 'standby';
  /** The item's path, e.g. `entry.0.messaging.1`. */
  readonly path: string;
  /** The Page id of the entry. */
  readonly pageId: string | undefined;
  /** The entry's time, in ms. */
  readonly entryTime: number | undefined;
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

type Kind = (typeof KINDS)[number];

const ITEM_FIELDS: ReadonlySet<string> = new Set(['sender', 'recipient', 'timestamp']);

/**
 * Turns one Messenger delivery into normalized events (pure). Every entry and every item is processed, in order;
 * an invalid entry or item becomes an error beside the events of the others. Throws `E_PAYLOAD` only when the
 * delivery as a whole is unusable (not a Page delivery, no `entry` list).
 */
export function normalizeMessenger(body: unknown, options: MessengerNormalizeOptions): MessengerBatch {
  const envelope = parsePayload(envelopeSchema, body, 'Messenger delivery');
  if (envelope.object !== 'page') {
    throw new PayloadError(
      `Messenger delivery: field "object" must be "page", got ${JSON.stringify(envelope.object.slice(0, 40))}. This adapter handles Messenger (Facebook Page) webhooks; subscribe the app to the Page's messaging fields.`,
      'object',
    );
  }
  const batch: MessengerBatch = { events: [], errors: [] };
  envelope.entry.forEach((rawEntry, index) => {
    const path = `entry.${index}`;
    let entry;
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
  if (source.quick_reply) message.quickReply = { payload: source.quick_reply.payload };
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
  const item = kind === 'read' ? parseAt(readItemSchema, raw, ctx.path, 'read') : parseAt(deliveryItemSchema, raw, ctx.path, 'delivery');
  const watermark = 'read' in item ? item.read.watermark : item.delivery.watermark;
  const conversationId = contactThread(item, ctx, false);
  return withThread(
    { name: 'platform_event', type: kind, idempotencyKey: `${kind}:${conversationId}:${String(watermark)}`, conversationId, raw },
    ctx,
    timeOf(item, ctx),
  );
}

// ── handover protocol ───────────────────────────────────────────────────────────────────────────────────

function passEvent(raw: object, ctx: ItemContext): NormalizedEvent {
  const item = parseAt(passItemSchema, raw, ctx.path, 'pass_thread_control');
  const source = item.pass_thread_control;
  const conversationId = contactThread(item, ctx, false);
  const at = timeOf(item, ctx);
  const next = String(source.new_owner_app_id);
  const toUs = next === ctx.appId;
  const event: NormalizedEvent = {
    name: toUs ? 'handed_back' : 'handed_off',
    type: 'pass_thread_control',
    idempotencyKey: `pass_thread_control:${conversationId}:${stampOf(item, raw, ctx)}:${next}`,
    conversationId,
    contact: { id: conversationId, attributes: {} },
    ownership: signal(toUs ? 'bot' : 'human', at),
    handoff: { from: previousOwner(source.previous_owner_app_id, ctx), ...reason(source.metadata) },
    raw,
  };
  return event;
}

function takeEvent(raw: object, ctx: ItemContext): NormalizedEvent {
  const item = parseAt(takeItemSchema, raw, ctx.path, 'take_thread_control');
  const source = item.take_thread_control;
  const conversationId = contactThread(item, ctx, false);
  const at = timeOf(item, ctx);
  const next = source.new_owner_app_id == null ? undefined : String(source.new_owner_app_id);
  // Taken by this app (its own handBack, confirmed), or taken by another app: from this app or from a third one.
  const toUs = next === ctx.appId;
  return {
    name: toUs ? 'handed_back' : 'handed_off',
    type: 'take_thread_control',
    idempotencyKey: `take_thread_control:${conversationId}:${stampOf(item, raw, ctx)}:${next ?? ''}`,
    conversationId,
    contact: { id: conversationId, attributes: {} },
    ownership: signal(toUs ? 'bot' : 'human', at),
    handoff: { from: previousOwner(source.previous_owner_app_id, ctx), ...reason(source.metadata) },
    raw,
  };
}

function requestEvent(raw: object, ctx: ItemContext): NormalizedEvent {
  const item = parseAt(requestItemSchema, raw, ctx.path, 'request_thread_control');
  const source = item.request_thread_control;
  const conversationId = contactThread(item, ctx, false);
  const at = timeOf(item, ctx);
  const requestedBy = String(source.requested_owner_app_id);
  // Only the owner can grant: a request this app sees on standby, or its own, is for observers only.
  const actionable = ctx.lane === 'messaging' && requestedBy !== ctx.appId;
  return withThread(
    {
      name: actionable ? 'handoff_requested' : 'platform_event',
      type: 'request_thread_control',
      idempotencyKey: `request_thread_control:${conversationId}:${stampOf(item, raw, ctx)}:${requestedBy}`,
      conversationId,
      handoff: { requestedBy, ...reason(source.metadata) },
      raw,
    },
    ctx,
    at,
  );
}

function appRolesEvent(raw: object, ctx: ItemContext, batch: MessengerBatch): NormalizedEvent {
  const item = parseAt(appRolesItemSchema, raw, ctx.path, 'app_roles');
  const roles = item.app_roles[ctx.appId] ?? [];
  if (roles.includes('primary_receiver')) batch.appRole = 'primary';
  else if (roles.includes('secondary_receiver')) batch.appRole = 'secondary';
  const pageId = threadOf(item.recipient) ?? ctx.pageId ?? '';
  return { name: 'platform_event', type: 'app_roles', idempotencyKey: `app_roles:${pageId}:${stampOf(item, raw, ctx)}`, conversationId: `page:${pageId}`, raw };
}

// Reactions, policy enforcement, account linking and whatever Meta adds: shown to onAny handlers only.
function otherEvent(raw: object, ctx: ItemContext): NormalizedEvent {
  const item = parseAt(otherItemSchema, raw, ctx.path, '');
  const type = Object.keys(raw).find((key) => !ITEM_FIELDS.has(key)) ?? 'unknown';
  const thread = threadOf(isPage(item.sender, ctx) ? item.recipient : item.sender);
  const stamp = stampOf(item, raw, ctx);
  if (thread === undefined) {
    const pageId = threadOf(item.recipient) ?? ctx.pageId ?? '';
    return { name: 'platform_event', type, idempotencyKey: `${type}:page:${pageId}:${stamp}`, conversationId: `page:${pageId}`, raw };
  }
  return withThread({ name: 'platform_event', type, idempotencyKey: `${type}:${thread}:${stamp}`, conversationId: thread, raw }, ctx, timeOf(item, ctx));
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────

/** Adds the contact and the lane's word on ownership: `messaging` means this app controls the thread. */
function withThread(event: NormalizedEvent, ctx: ItemContext, at: number | undefined): NormalizedEvent {
  event.contact = { id: event.conversationId, attributes: {} };
  event.ownership = signal(ctx.lane === 'messaging' ? 'bot' : 'human', at);
  return event;
}

function signal(owner: Owner, at: number | undefined): NonNullable<NormalizedEvent['ownership']> {
  return at === undefined ? { owner } : { owner, at };
}

function previousOwner(appId: string | number | null | undefined, ctx: ItemContext): Owner {
  if (appId == null || appId === '') return 'none';
  return String(appId) === ctx.appId ? 'bot' : 'human';
}

function reason(metadata: string | null | undefined): { reason?: string } {
  return metadata ? { reason: metadata } : {};
}

type Party = MessengerItemBase['sender'];

/** A conversation id: the PSID, or `user_ref:<ref>` for a person known only through a plugin. */
function threadOf(party: Party): string | undefined {
  if (party?.id != null) return String(party.id);
  if (party?.user_ref) return `user_ref:${party.user_ref}`;
  return undefined;
}

function isPage(party: Party, ctx: ItemContext): boolean {
  return party?.id != null && ctx.pageId !== undefined && String(party.id) === ctx.pageId;
}

/**
 * The contact's thread: the sender, except on echoes (the Page wrote to the recipient) and where a payload
 * names the Page as sender (some handover payloads do); throws `E_PAYLOAD` naming the field when it is missing.
 */
function contactThread(item: MessengerItemBase, ctx: ItemContext, echo: boolean): string {
  const field = echo || isPage(item.sender, ctx) ? 'recipient' : 'sender';
  const thread = threadOf(item[field]);
  if (thread !== undefined) return thread;
  throw new PayloadError(
    `Messenger ${label(ctx.path)}: field "${field}.id" must name the contact (a PSID), it is missing.`,
    `${ctx.path}.${field}.id`,
  );
}

/** The item's time in ms, or the entry's when the item has none. */
function timeOf(item: MessengerItemBase, ctx: ItemContext): number | undefined {
  return millis(item.timestamp) ?? ctx.entryTime;
}

/** What tells two items of one kind apart in a dedupe key: the item's own time, else a hash of the item. */
function stampOf(item: MessengerItemBase, raw: object, ctx: ItemContext): string {
  const at = millis(item.timestamp);
  return at === undefined ? `h${hash(jsonText(raw))}:${ctx.entryTime ?? ''}` : String(at);
}

/** Meta's times: milliseconds, as numbers or numeric strings; seconds (some newer payloads) are scaled. */
function millis(value: number | string | null | undefined): number | undefined {
  if (value == null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return Math.round(n < 1e11 ? n * 1000 : n);
}

function attachment(source: MessengerAttachment): Attachment {
  const result: Attachment = { type: source.type };
  const url = source.payload?.url ?? source.url ?? source.URL;
  if (url) result.url = url;
  const name = source.payload?.title ?? source.title;
  if (name) result.name = name;
  return result;
}

function objectAt(value: unknown, path: string): object {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  throw new PayloadError(`Messenger ${label(path)} must be an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}.`, path);
}

function parseAt<T>(schema: Schema<T>, data: unknown, path: string, kind: string): T {
  // The label is built only for an error: this runs for every item of every delivery.
  if (schema.test(data) === undefined) return data as T;
  try {
    return parsePayload(schema, data, `Messenger ${label(path)}${kind ? ` (${kind})` : ''}`);
  } catch (error) {
    throw asPayloadError(error, path);
  }
}

/** An error of one entry or item, with its field named from the delivery's root. */
function asPayloadError(error: unknown, path: string): PayloadError {
  if (error instanceof PayloadError) {
    if (error.field !== undefined && (error.field === path || error.field.startsWith(`${path}.`))) return error;
    const field = error.field === undefined || error.field === '(body)' ? path : `${path}.${error.field}`;
    return new PayloadError(error.message, field);
  }
  return new PayloadError(`Messenger ${label(path)} could not be read: ${error instanceof Error ? error.message : String(error)}.`, path);
}

/** `entry.0.messaging.1` → `entry[0].messaging[1]`. */
function label(path: string): string {
  return path.replace(/\.(\d+)/g, '[$1]');
}

/** FNV-1a, enough to tell two items apart in a dedupe key. */
function hash(source: string): string {
  let value = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) value = Math.imul(value ^ source.charCodeAt(i), 0x01000193);
  return (value >>> 0).toString(36);
}
