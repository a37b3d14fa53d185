import { readHeader, type Delivery } from '../../core/delivery.js';
import { SignatureError } from '../../errors.js';
import { verifyHmac } from '../../crypto/hmac.js';
import { assertFresh, type TimestampTolerance } from '../../crypto/timestamp.js';

/** The signature header. */
export const SIGNATURE_HEADER = 'x-hootsuite-signature';
/** The header of Sparkcentral-era deliveries, still accepted. */
export const LEGACY_SIGNATURE_HEADER = 'x-sparkcentral-signature';

const SIGNATURE = /^[0-9a-fA-F]{64}$/;

/**
 * Verifies `X-Hootsuite-Signature: <hex HMAC-SHA256(key, raw body)>` where the key is the shared secret hex-decoded
 * to bytes; any of `keys` may match (rotation). Throws a `SignatureError` saying what was wrong.
 */
export function verifyHootsuiteSignature(delivery: Delivery, keys: readonly Uint8Array[]): void {
  const signature = (readHeader(delivery.headers, SIGNATURE_HEADER) || readHeader(delivery.headers, LEGACY_SIGNATURE_HEADER))?.trim();
  if (signature === undefined || signature === '') {
    throw new SignatureError("Missing X-Hootsuite-Signature header: Hootsuite signs every virtual agent delivery with the agent's shared secret.");
  }
  if (!SIGNATURE.test(signature)) {
    throw new SignatureError('Malformed X-Hootsuite-Signature: expected 64 hex digits (HMAC-SHA256 of the raw body).');
  }
  if (verifyHmac({ secret: keys, payload: delivery.body, signature })) return;
  // The failure path may spend one more HMAC to tell the usual mistake of a hand-made sender apart.
  const asText = keys.map((key) => Buffer.from(key).toString('hex'));
  if (verifyHmac({ secret: asText, payload: delivery.body, signature })) {
    throw new SignatureError(
      'Signature mismatch: the delivery was signed with the shared secret used as text. Hootsuite hex-decodes the secret into the HMAC key: sign with the decoded bytes.',
    );
  }
  throw new SignatureError(
    "Signature mismatch: X-Hootsuite-Signature is not HMAC-SHA256 of the raw body under the configured sharedSecret. Check that sharedSecret is the virtual agent's secret exactly as Hootsuite shows it (hex; it is hex-decoded into the key, not used as text) and that the agent gets the raw body bytes, not re-serialized JSON (every whitespace is signed).",
  );
}

/** Throws a 401 `SignatureError`, with the age, unless the body's timestamp lies within the tolerance window. */
export function assertHootsuiteFresh(timestampMs: number, nowMs: number, tolerance: TimestampTolerance): void {
  assertFresh(timestampMs / 1000, nowMs, tolerance, 'body timestamp');
}
