import { readHeader, type Delivery } from '../../core/delivery.js';
import { SignatureError } from '../../errors.js';
import { verifyHmac } from '../../crypto/hmac.js';

// A SHA-256 digest in standard base64 (what PHP's base64_encode gives): 43 characters and one `=`.
const BASE64_DIGEST = /^[A-Za-z0-9+/]{43}=$/;
const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;

/**
 * Verifies a signed automation-recipe webhook: `x-signature: base64(HMAC-SHA256(client_secret, raw body))`, no
 * timestamp; any of `secrets` may match (rotation). Throws a `SignatureError` (401) saying what was wrong.
 */
export function verifyQualtricsSignature(delivery: Delivery, secrets: readonly string[]): void {
  const signature = readHeader(delivery.headers, 'x-signature')?.trim();
  if (signature === undefined || signature === '') {
    throw new SignatureError(
      'Missing x-signature header. Social Connect signs recipe webhooks only once signing is enabled for the recipe (ask your Customer Success Manager, giving the API client_id) and only with the POST method; for unsigned recipes pass clientSecret: false.',
    );
  }
  if (HEX_DIGEST.test(signature)) {
    throw new SignatureError(
      'Malformed x-signature: got 64 hex digits, but Social Connect sends the HMAC-SHA256 digest in base64 (44 characters ending in "=").',
    );
  }
  if (!BASE64_DIGEST.test(signature)) {
    throw new SignatureError('Malformed x-signature: expected the base64 HMAC-SHA256 digest of the body (44 characters ending in "=").');
  }
  if (verifyHmac({ secret: secrets, payload: delivery.body, signature, encoding: 'base64' })) return;
  throw new SignatureError(
    'Signature mismatch: x-signature is not base64(HMAC-SHA256(client secret, raw body)) for the configured clientSecret. Check that clientSecret is the client secret of the API application whose client_id the recipe signs for (not the access token), and that the agent gets the raw body bytes, not re-serialized JSON.',
  );
}
