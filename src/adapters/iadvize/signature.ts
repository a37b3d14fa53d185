import { readHeader, type Delivery } from '../../core/delivery.js';
import { SignatureError } from '../../errors.js';
import { verifyHmac } from '../../crypto/hmac.js';

const SIGNATURE = /^sha256=[0-9a-fA-F]{64}$/;

/**
 * Verifies `x-iadvize-signature: sha256=<hex HMAC-SHA256(secret, signed bytes)>` when the header is present: the
 * raw body, or for a GET the raw query string. Whether the bot connector signs its calls is not documented: an
 * unsigned call is accepted; a present but wrong signature is refused (401).
 */
export function verifyIadvizeSignature(delivery: Delivery, secret: string | false): void {
  if (secret === false) return;
  const signature = readHeader(delivery.headers, 'x-iadvize-signature')?.trim();
  if (signature === undefined || signature === '') return;
  if (!SIGNATURE.test(signature)) throw new SignatureError('Malformed x-iadvize-signature: expected sha256=<64 hex digits>.');
  if (verifyHmac({ secret, payload: signedBytes(delivery), signature, prefix: 'sha256=', encoding: 'hex' })) return;
  throw new SignatureError(
    'Signature mismatch: x-iadvize-signature is not the HMAC-SHA256 of the raw body (the raw query string for GET) with the configured secret.',
  );
}

function signedBytes(delivery: Delivery): string | Uint8Array {
  if (delivery.method.toUpperCase() !== 'GET') return delivery.body;
  const at = delivery.url.indexOf('?');
  return at === -1 ? '' : delivery.url.slice(at + 1);
}
