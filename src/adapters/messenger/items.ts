import { PayloadError } from '../../errors.js';
import type { NormalizedEvent, Owner } from '../../core/events.js';
import { jsonText } from '../../core/json-text.js';
import { idHash } from '../kit/hash.js';
import { type ItemChecks, itemChecks, label } from '../meta/paths.js';
import { emptyRecord } from '../kit/records.js';
import type { MessengerItemBase } from './schema.js';

// What every item builder of the Messenger normalization shares: where an item sits, its contact thread, its time,
// its ownership signal, and the errors that name its field from the delivery's root.

/** Where an item sits in the delivery, and what the agent knows of the Page. */
export interface ItemContext {
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

/** Adds the contact and the lane's word on ownership: `messaging` means this app controls the thread. */
export function withThread(event: NormalizedEvent, ctx: ItemContext, at: number | undefined): NormalizedEvent {
  event.contact = { id: event.conversationId, attributes: emptyRecord() };
  event.ownership = signal(ctx.lane === 'messaging' ? 'bot' : 'human', at);
  return stamped(event, at);
}

/** Gives the event its item's time: Meta signs no timestamp, so the agent refuses items older than its dedupe window. */
export function stamped(event: NormalizedEvent, at: number | undefined): NormalizedEvent {
  if (at !== undefined) event.occurredAt = at;
  return event;
}

/** An ownership signal of `owner`, at the platform time `at` when known. */
export function signal(owner: Owner, at: number | undefined): NonNullable<NormalizedEvent['ownership']> {
  return at === undefined ? { owner } : { owner, at };
}

/** Who had the thread before a handover: this app (the bot), another app (humans), or no one. */
export function previousOwner(appId: string | number | null | undefined, ctx: ItemContext): Owner {
  if (appId == null || appId === '') return 'none';
  return String(appId) === ctx.appId ? 'bot' : 'human';
}

/** A handover's metadata as its reason, when it has one. */
export function reason(metadata: string | null | undefined): { reason?: string } {
  return metadata ? { reason: metadata } : {};
}

/** A party of an item (sender or recipient). */
export type Party = MessengerItemBase['sender'];

/** A conversation id: the PSID, or `user_ref:<ref>` for a person known only through a plugin. */
export function threadOf(party: Party): string | undefined {
  if (party?.id != null) return String(party.id);
  if (party?.user_ref) return `user_ref:${party.user_ref}`;
  return undefined;
}

/** Whether the party is the entry's Page itself. */
export function isPage(party: Party, ctx: ItemContext): boolean {
  return party?.id != null && ctx.pageId !== undefined && String(party.id) === ctx.pageId;
}

/**
 * The contact's thread: the sender, except on echoes (the Page wrote to the recipient) and where a payload
 * names the Page as sender (some handover payloads do); throws `E_PAYLOAD` naming the field when it is missing.
 */
export function contactThread(item: MessengerItemBase, ctx: ItemContext, echo: boolean): string {
  const field = echo || isPage(item.sender, ctx) ? 'recipient' : 'sender';
  const thread = threadOf(item[field]);
  if (thread !== undefined) return thread;
  throw new PayloadError(`Messenger ${label(ctx.path)}: field "${field}.id" must name the contact (a PSID), it is missing.`, `${ctx.path}.${field}.id`);
}

/** The item's time in ms, or the entry's when the item has none. */
export function timeOf(item: MessengerItemBase, ctx: ItemContext): number | undefined {
  return millis(item.timestamp) ?? ctx.entryTime;
}

/** What tells two items of one kind apart in a dedupe key: the item's own time, else a hash of the item. */
export function stampOf(item: MessengerItemBase, raw: object, ctx: ItemContext): string {
  const at = millis(item.timestamp);
  return at === undefined ? `h${idHash(jsonText(raw))}:${ctx.entryTime ?? ''}` : String(at);
}

/** Meta's times: milliseconds, as numbers or numeric strings; seconds (some newer payloads) are scaled. */
export function millis(value: number | string | null | undefined): number | undefined {
  if (value == null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return Math.round(n < 1e11 ? n * 1000 : n);
}

const checks = itemChecks('Messenger');

/** The value at `path` as an object, or `E_PAYLOAD` naming the path. */
export const objectAt = checks.objectAt;

/** Checks an item against its schema; `E_PAYLOAD` names the field from the delivery's root. */
export const parseAt: ItemChecks['parseAt'] = checks.parseAt;

/** An error of one entry or item, with its field named from the delivery's root. */
export const asPayloadError = checks.asPayloadError;

export { label } from '../meta/paths.js';
