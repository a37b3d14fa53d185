import { timingSafeEqual } from 'node:crypto';
import { readHeader, type Delivery } from '../../core/delivery.js';
import { SignatureError } from '../../errors.js';
import { digestOf } from '../../crypto/digest.js';

/**
 * Verifies a Sunshine webhook delivery: the webhook's secret arrives verbatim in `X-API-Key` (no HMAC, no
 * timestamp). Compared in constant time with each of `secrets` (rotation); throws a `SignatureError` (401).
 */
export function verifySunshineApiKey(delivery: Delivery, secrets: readonly string[]): void {
  const key = readHeader(delivery.headers, 'x-api-key');
  if (key === undefined || key === '') {
    throw new SignatureError(
      'Missing X-API-Key header: Sunshine Conversations sends the webhook secret in it with every delivery. Check that the request comes from the webhook of the conversations integration and that the proxy in front of the agent forwards the header.',
    );
  }
  // Digests of equal length: the comparison takes the same time whatever the key's length and bytes.
  const given = Buffer.from(digestOf([key]));
  let matched = false;
  for (const secret of secrets) {
    if (timingSafeEqual(given, Buffer.from(digestOf([secret])))) matched = true;
  }
  if (!matched) {
    throw new SignatureError(
      'X-API-Key mismatch: it is not the configured webhookSecret. Copy the secret shown for this webhook (Admin Center → Apps and integrations → Conversations integrations → your integration → the webhook), not the API key secret.',
    );
  }
}
