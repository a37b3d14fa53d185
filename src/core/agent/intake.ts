import { ConfigError, errorMessage, HandoffkitError, PayloadError } from '../../errors.js';
import { type Answer, type Delivery, bodyText, bodyTooLarge, byteLength } from '../delivery.js';
import type { NormalizedEvent } from '../events.js';
import type { DeliveryTrace } from '../observability/emit.js';
import { refuseStale } from '../stale.js';
import type { AgentRuntime } from './runtime.js';

/** What intake makes of a delivery: a handshake's answer, or the events to handle and the per-item errors to report. */
export type Intake = { answer: Answer } | { events: NormalizedEvent[]; errors: Error[] };

/**
 * The first stage of a delivery: the adapter's handshake, then method, raw body, size, signature, JSON and the
 * adapter's parse; events older than the dedupe window are refused into `errors`. Throws the error to answer with.
 */
export async function intake(
  runtime: AgentRuntime,
  delivery: Delivery,
  limits: { maxBodyBytes: number; dedupeTtlMs: number },
  trace: DeliveryTrace | undefined,
): Promise<Intake> {
  const { adapter } = runtime;
  const handshake = await adapter.handshake?.(delivery);
  if (handshake !== undefined) return { answer: handshake };
  if (delivery.method.toUpperCase() !== 'POST') {
    throw new HandoffkitError('E_METHOD', `Method ${delivery.method} is not allowed: webhooks are delivered with POST.`);
  }
  const { body } = delivery;
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new ConfigError('body', 'agent.receive needs the raw body (string or bytes), got a parsed object: mount the webhook before any JSON body parser.');
  }
  const size = byteLength(body);
  if (size > limits.maxBodyBytes) throw bodyTooLarge(size, limits.maxBodyBytes, false);
  adapter.verify(delivery, { now: runtime.now() });
  trace?.verified();
  const parsed = adapter.parse(parseJson(bodyText(body)), delivery);
  trace?.parsed(parsed.events.length);
  const errors: Error[] = parsed.errors === undefined ? [] : [...parsed.errors];
  return { events: refuseStale(parsed.events, runtime.now(), limits.dedupeTtlMs, errors), errors };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PayloadError(`The body is not valid JSON: ${errorMessage(error)}.`);
  }
}
