import { createHash, timingSafeEqual } from 'node:crypto';
import type { Delivery } from '../../core/delivery.js';
import { PayloadError, SignatureError } from '../../errors.js';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Reads the raw body as JSON; a body that is not JSON is a 400. */
export function readJson(delivery: Delivery): unknown {
  const text = typeof delivery.body === 'string' ? delivery.body : Buffer.from(delivery.body).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new PayloadError('LiveChat delivery: the body is not valid JSON.', '(body)');
  }
}

/**
 * Verifies a LiveChat webhook: LiveChat signs nothing, it sends back the `secret_key` the webhook was registered
 * with in the body. It is compared in constant time (over SHA-256 digests, so lengths leak nothing) with every
 * configured secret. Throws a `SignatureError` (401) saying what was wrong, never quoting either secret.
 */
export function verifyLiveChatSecret(body: unknown, secrets: readonly string[]): void {
  const given = typeof body === 'object' && body !== null ? (body as { secret_key?: unknown }).secret_key : undefined;
  if (typeof given !== 'string' || given === '') {
    throw new SignatureError('Missing secret_key: LiveChat webhooks carry the secret_key they were registered with in the body; this body has none.');
  }
  const seen = digest(given);
  let match = false;
  for (const secret of secrets) match = timingSafeEqual(seen, digest(secret)) || match;
  if (match) return;
  throw new SignatureError(
    "secret_key mismatch: the body's secret_key is not the livechat({ webhookSecret }) given. Check the secret_key passed to register_webhook for this action (each webhook has its own).",
  );
}
