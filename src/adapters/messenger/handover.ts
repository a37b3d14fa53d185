import type { NormalizedEvent } from '../../core/events.js';
import { emptyRecord } from '../kit/records.js';
import { type ItemContext, contactThread, parseAt, previousOwner, reason, signal, stampOf, stamped, threadOf, timeOf, withThread } from './items.js';
import type { MessengerBatch } from './normalize.js';
import { appRolesItemSchema, passItemSchema, requestItemSchema, takeItemSchema } from './schema.js';

// The handover protocol's items (`messaging_handovers`): control passed, taken, requested; the apps' roles.

/** `pass_thread_control`: handed_back when control came to this app, handed_off when it went to another. */
export function passEvent(raw: object, ctx: ItemContext): NormalizedEvent {
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
    contact: { id: conversationId, attributes: emptyRecord() },
    ownership: signal(toUs ? 'bot' : 'human', at),
    // Control passed to this app came from the humans' side (the inbox, another app), even when the payload names no
    // previous owner, or an idle thread: the platform says the thread came back to the bot.
    handoff: { from: toUs ? 'human' : previousOwner(source.previous_owner_app_id, ctx), ...reason(source.metadata) },
    raw,
  };
  return stamped(event, at);
}

/** `take_thread_control`: handed_back when this app took control, handed_off when another took it. */
export function takeEvent(raw: object, ctx: ItemContext): NormalizedEvent {
  const item = parseAt(takeItemSchema, raw, ctx.path, 'take_thread_control');
  const source = item.take_thread_control;
  const conversationId = contactThread(item, ctx, false);
  const at = timeOf(item, ctx);
  const next = source.new_owner_app_id == null ? undefined : String(source.new_owner_app_id);
  // Taken by this app (its own handBack, confirmed), or taken by another app: from this app or from a third one.
  const toUs = next === ctx.appId;
  return stamped(
    {
      name: toUs ? 'handed_back' : 'handed_off',
      type: 'take_thread_control',
      idempotencyKey: `take_thread_control:${conversationId}:${stampOf(item, raw, ctx)}:${next ?? ''}`,
      conversationId,
      contact: { id: conversationId, attributes: emptyRecord() },
      ownership: signal(toUs ? 'bot' : 'human', at),
      handoff: { from: previousOwner(source.previous_owner_app_id, ctx), ...reason(source.metadata) },
      raw,
    },
    at,
  );
}

/** `request_thread_control`: handoff_requested when this app owns the thread, else for observers only. */
export function requestEvent(raw: object, ctx: ItemContext): NormalizedEvent {
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

/** `app_roles`: a Page-level event; records this app's role on the batch. */
export function appRolesEvent(raw: object, ctx: ItemContext, batch: MessengerBatch): NormalizedEvent {
  const item = parseAt(appRolesItemSchema, raw, ctx.path, 'app_roles');
  const roles = item.app_roles[ctx.appId] ?? [];
  if (roles.includes('primary_receiver')) batch.appRole = 'primary';
  else if (roles.includes('secondary_receiver')) batch.appRole = 'secondary';
  const pageId = threadOf(item.recipient) ?? ctx.pageId ?? '';
  return stamped(
    { name: 'platform_event', type: 'app_roles', idempotencyKey: `app_roles:${pageId}:${stampOf(item, raw, ctx)}`, conversationId: `page:${pageId}`, raw },
    timeOf(item, ctx),
  );
}
