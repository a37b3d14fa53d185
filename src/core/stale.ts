import { PayloadError } from '../errors.js';
import type { NormalizedEvent } from './events.js';

// Platforms that sign no timestamp (Meta) let a captured delivery be replayed at any time: once its idempotency key
// has expired, it would run again. Events carrying their own time are refused once older than the dedupe window, and
// the key of an event stamped in the future lives until the window has passed from that time, so that every event
// that is accepted stays remembered for as long as it can be accepted.

/**
 * Moves the events older than `windowMs` (by `occurredAt`) out of `events` into `errors`, each an `E_PAYLOAD` error
 * for `onError`; the delivery is still answered 200, since a retry of a stale event cannot succeed.
 */
export function refuseStale(events: NormalizedEvent[], now: number, windowMs: number, errors: Error[]): NormalizedEvent[] {
  if (!events.some((event) => isStale(event, now, windowMs))) return events;
  const fresh: NormalizedEvent[] = [];
  for (const event of events) {
    if (!isStale(event, now, windowMs)) {
      fresh.push(event);
      continue;
    }
    const at = event.occurredAt as number;
    errors.push(
      new PayloadError(
        `Refused event ${event.idempotencyKey} of conversation ${event.conversationId}: it happened at ${new Date(at).toISOString()}, more than the dedupe window (dedupeTtlMs = ${windowMs} ms) ago, so a repeat of it could no longer be recognised. Answered 200: a retry cannot help.`,
        undefined,
        { details: { idempotencyKey: event.idempotencyKey, conversationId: event.conversationId, occurredAt: at } },
      ),
    );
  }
  return fresh;
}

/** How long an event's dedupe key must live: the window, and longer for an event stamped in the future. */
export function dedupeTtlFor(event: NormalizedEvent, now: number, windowMs: number): number {
  const at = event.occurredAt;
  return at !== undefined && at > now ? windowMs + (at - now) : windowMs;
}

function isStale(event: NormalizedEvent, now: number, windowMs: number): boolean {
  return event.occurredAt !== undefined && now - event.occurredAt > windowMs;
}
