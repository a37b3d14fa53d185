import { readHeader, type Delivery } from '../../core/delivery.js';
import { SignatureError } from '../../errors.js';
import { diagnosable, verifyHmac } from '../../crypto/hmac.js';
import { assertFresh, type TimestampTolerance } from '../../crypto/timestamp.js';

// Chatwoot writes lowercase hex. Upper-case digits would decode to the same digest: refusing them keeps one
// spelling per signature, so no altered header passes.
const SIGNATURE = /^sha256=[0-9a-f]{64}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * Verifies Chatwoot's signature (v4.13+): `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`
 * with `X-Chatwoot-Timestamp` inside the tolerance window; any of `secrets` may match (rotation).
 */
export function verifyChatwootSignature(delivery: Delivery, secrets: readonly string[], nowMs: number, tolerance: TimestampTolerance): void {
  const signature = readHeader(delivery.headers, 'x-chatwoot-signature');
  if (signature === undefined || signature === '') {
    throw new SignatureError(
      "Missing X-Chatwoot-Signature header. Chatwoot 4.13 and later sign every delivery with the agent bot's secret; for an older server that does not sign, pass secret: false.",
    );
  }
  const timestamp = readHeader(delivery.headers, 'x-chatwoot-timestamp');
  if (timestamp === undefined || timestamp === '') {
    throw new SignatureError('Missing X-Chatwoot-Timestamp header: Chatwoot signs "<timestamp>.<raw body>" and sends the timestamp beside the signature.');
  }
  if (!UNIX_SECONDS.test(timestamp)) {
    throw new SignatureError(`Malformed X-Chatwoot-Timestamp: expected unix seconds, got ${JSON.stringify(timestamp.slice(0, 32))}.`);
  }
  if (!SIGNATURE.test(signature)) {
    throw new SignatureError('Malformed X-Chatwoot-Signature: expected "sha256=" followed by 64 lowercase hex digits.');
  }
  assertFresh(Number(timestamp), nowMs, tolerance, 'X-Chatwoot-Timestamp');
  if (verifyHmac({ secret: secrets, payload: [`${timestamp}.`, delivery.body], signature, prefix: 'sha256=' })) return;
  // The failure path may spend one more HMAC to tell the usual mistake apart, on a small body only (a forged
  // big one must cost no more than its verification).
  if (diagnosable(delivery.body) && verifyHmac({ secret: secrets, payload: delivery.body, signature, prefix: 'sha256=' })) {
    throw new SignatureError(
      'Signature mismatch: the timestamp was not included in the signed string. Chatwoot signs "<timestamp>.<raw body>" (the X-Chatwoot-Timestamp value, a dot, then the body).',
    );
  }
  throw new SignatureError(
    'Signature mismatch: X-Chatwoot-Signature is not HMAC-SHA256(secret, "<timestamp>.<raw body>") for the configured secret. Check that secret is the agent bot\'s secret (not its access token) and that the agent gets the raw body bytes, not re-serialized JSON.',
  );
}
