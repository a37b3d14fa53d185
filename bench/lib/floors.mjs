// The floor: what any verifier of the bench's deliveries must do (HMAC-SHA256 over the signed bytes, a constant-time
// compare, JSON.parse). The in-process bench times it; bench:instructions counts it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CHATWOOT_SECRET, MESSENGER_SECRET } from './payloads.mjs';

/** Chatwoot: HMAC-SHA256 over "<timestamp>.<body>", constant-time compare, JSON.parse. */
export function chatwootFloor(delivery) {
  const { headers, body } = delivery;
  const expected = Buffer.from(headers['x-chatwoot-signature'].slice(7), 'hex');
  const actual = createHmac('sha256', CHATWOOT_SECRET).update(`${headers['x-chatwoot-timestamp']}.`).update(body).digest();
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new Error('floor: bad signature');
  return JSON.parse(body.toString('utf8'));
}

/** Messenger: HMAC-SHA256 over the body, constant-time compare, JSON.parse. */
export function messengerFloor(delivery) {
  const { headers, body } = delivery;
  const expected = Buffer.from(headers['x-hub-signature-256'].slice(7), 'hex');
  const actual = createHmac('sha256', MESSENGER_SECRET).update(body).digest();
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new Error('floor: bad signature');
  return JSON.parse(body.toString('utf8'));
}
