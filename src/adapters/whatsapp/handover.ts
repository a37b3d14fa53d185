import type { NormalizedEvent } from '../../core/events.js';
import { checks, contactOf, seconds } from './items.js';
import { handoverValueSchema, type WhatsAppItem } from './schema.js';

// Conversation Routing's `messaging_handovers`: Meta sends `control_passed` to the new owner of a thread and
// `control_taken` to its previous owner, so the receiving app is the one concerned.

/** Where the handover sits in the delivery. */
export interface HandoverContext {
  /** The change's value path, e.g. `entry.0.changes.1.value`. */
  readonly path: string;
  /** The change's field. */
  readonly field: string;
  /** The change's value. */
  readonly value: Record<string, unknown>;
}

/** `control_passed` → `handed_back` (the bot owns it now); `control_taken` → `handed_off` (a human took it); other types → `onAny`. */
export function handoverEvent(raw: Record<string, unknown>, ctx: HandoverContext): NormalizedEvent<WhatsAppItem> {
  const value = checks.parseAt(handoverValueSchema, raw, ctx.path, 'messaging_handovers');
  const waId = value.sender.phone_number;
  const at = seconds(value.timestamp);
  const base = {
    type: value.type,
    conversationId: waId,
    contact: contactOf(waId, undefined),
    raw: { field: ctx.field, item: value, value: ctx.value },
    ...(at === undefined ? {} : { occurredAt: at }),
  };
  const key = `${value.type}:${waId}:${String(value.timestamp ?? '')}`;
  const passed = value.type === 'control_passed' ? value.control_passed : undefined;
  const taken = value.type === 'control_taken' ? value.control_taken : undefined;
  const details = passed ?? taken;
  if (details == null) return { ...base, name: 'platform_event', idempotencyKey: key };
  const reason = details.metadata ? { reason: details.metadata } : {};
  const owner = passed ? 'bot' : 'human';
  return {
    ...base,
    name: passed ? 'handed_back' : 'handed_off',
    idempotencyKey: key,
    ownership: at === undefined ? { owner } : { owner, at },
    handoff: { from: passed ? 'human' : 'bot', to: owner, initiator: 'platform', inferred: false, ...reason },
  };
}
