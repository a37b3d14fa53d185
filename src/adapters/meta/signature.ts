import { bodyText, readHeader, type Delivery } from '../../core/delivery.js';
import { SignatureError } from '../../errors.js';
import { diagnosable, MAX_DIAGNOSED_BODY_BYTES, verifyHmac } from '../../crypto/hmac.js';

/** Options of {@link verifyMetaSignature}. */
export interface MetaSignatureOptions {
  /** Accept a delivery that carries only the legacy `X-Hub-Signature` (HMAC-SHA1). Default `false`. */
  legacySha1?: boolean;
}

const SHA256 = /^sha256=[0-9a-fA-F]{64}$/;
const SHA1 = /^sha1=[0-9a-fA-F]{40}$/;

/**
 * Verifies Meta's signature over the raw body: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>`,
 * any of `secrets` may match (rotation). The legacy `X-Hub-Signature: sha1=<hex>` is used only when the SHA-256
 * header is absent and `legacySha1` is set. Throws a `SignatureError` that says what was wrong. Every Meta webhook
 * (Messenger, WhatsApp) signs this way.
 */
export function verifyMetaSignature(delivery: Delivery, secrets: readonly string[], options: MetaSignatureOptions = {}): void {
  const sha256 = readHeader(delivery.headers, 'x-hub-signature-256');
  if (sha256 !== undefined && sha256 !== '') {
    check(delivery, secrets, 'sha256', sha256.trim());
    return;
  }
  const sha1 = readHeader(delivery.headers, 'x-hub-signature');
  if (sha1 !== undefined && sha1 !== '') {
    if (options.legacySha1 === true) {
      check(delivery, secrets, 'sha1', sha1.trim());
      return;
    }
    throw new SignatureError(
      'Missing X-Hub-Signature-256 header: the delivery carries only the legacy X-Hub-Signature (SHA-1). Meta sends both; check that the proxy in front of the agent forwards X-Hub-Signature-256, or pass legacySha1Signature: true to accept SHA-1 alone.',
    );
  }
  throw new SignatureError(
    'Missing X-Hub-Signature-256 header: Meta signs every webhook delivery with the app secret. Check that the request comes from Meta and that the proxy in front of the agent forwards the header.',
  );
}

function check(delivery: Delivery, secrets: readonly string[], algorithm: 'sha256' | 'sha1', signature: string): void {
  const header = algorithm === 'sha256' ? 'X-Hub-Signature-256' : 'X-Hub-Signature';
  const format = algorithm === 'sha256' ? SHA256 : SHA1;
  if (!format.test(signature)) {
    throw new SignatureError(`Malformed ${header}: expected "${algorithm}=" followed by ${algorithm === 'sha256' ? 64 : 40} hex digits.`);
  }
  const prefix = `${algorithm}=`;
  if (verifyHmac({ algorithm, secret: secrets, payload: delivery.body, signature, prefix })) return;
  // The failure path may spend one more HMAC to name the usual mistake, a body parsed and serialized again, but
  // only on a small body: a forged big one must cost no more than its verification.
  const small = diagnosable(delivery.body);
  const text = small ? bodyText(delivery.body) : bodyText(headOf(delivery.body));
  const escaped = small ? escapeLikeMeta(text) : text;
  if (escaped !== text && verifyHmac({ algorithm, secret: secrets, payload: escaped, signature, prefix })) {
    throw new SignatureError(
      `Signature mismatch: the body was parsed and serialized again before verification. Meta signs the bytes it sent, with non-ASCII characters and "/" escaped (\\u00e9, \\/); mount the webhook before any JSON body parser so the agent gets the raw bytes.`,
    );
  }
  const hint = /[^\x00-\x7f]/.test(text) ? ' The body holds non-ASCII characters, which Meta sends escaped (\\uXXXX): it looks re-serialized.' : '';
  throw new SignatureError(
    `Signature mismatch: ${header} is not HMAC-${algorithm.toUpperCase()}(app secret, raw body) for the configured appSecret. Check that appSecret is the secret of the app the webhook belongs to (App settings → Basic; not the Page access token nor the verify token) and that the agent gets the raw body bytes.${hint}`,
  );
}

/** The first bytes of a body (for a hint that need not read all of it). */
function headOf(body: string | Uint8Array): string | Uint8Array {
  return typeof body === 'string' ? body.slice(0, MAX_DIAGNOSED_BODY_BYTES) : body.subarray(0, MAX_DIAGNOSED_BODY_BYTES);
}

/** Escapes text the way Meta serializes its deliveries: `/` as `\/`, every non-ASCII UTF-16 unit as `\uXXXX`. */
export function escapeLikeMeta(text: string): string {
  return text.replace(/[\u0080-\uffff/]/g, (char) => (char === '/' ? '\\/' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
