import { createHmac, timingSafeEqual } from 'node:crypto';

/** Bytes or text (text is hashed as UTF-8). */
export type BytesLike = string | Uint8Array;

/** The inputs of {@link verifyHmac}. */
export interface VerifyHmacOptions {
  /** Hash algorithm. Default `sha256`. */
  algorithm?: 'sha256' | 'sha1' | 'sha512';
  /** The key, or several keys during a rotation (any one may match). */
  secret: BytesLike | readonly BytesLike[];
  /** The signed bytes, exactly as received; several parts are hashed in order, as if concatenated. */
  payload: BytesLike | readonly BytesLike[];
  /** The signature as sent, e.g. `sha256=9f86…`. */
  signature: string;
  /** How the digest is written. Default `hex`. */
  encoding?: 'hex' | 'base64';
  /** A prefix the signature must start with, e.g. `sha256=`. */
  prefix?: string;
}

/**
 * The largest body a signature-mismatch diagnosis (a second HMAC over a variant of the body, to name the usual
 * mistake) is spent on. A mismatch is unauthenticated input: on a bigger body the diagnosis would cost more than
 * the verification itself, so a forged body is refused at the price of one HMAC.
 */
export const MAX_DIAGNOSED_BODY_BYTES = 64 * 1024;

/** Whether a mismatching body is small enough for a diagnosis ({@link MAX_DIAGNOSED_BODY_BYTES}). */
export function diagnosable(body: BytesLike): boolean {
  // A string's UTF-8 length is at most three bytes per UTF-16 unit: no need to encode it to know.
  return typeof body === 'string'
    ? body.length * 3 <= MAX_DIAGNOSED_BODY_BYTES || Buffer.byteLength(body) <= MAX_DIAGNOSED_BODY_BYTES
    : body.byteLength <= MAX_DIAGNOSED_BODY_BYTES;
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Decodes a hex or base64 (standard or URL-safe) digest, or returns `undefined` when it is not well-formed. */
export function decodeDigest(text: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  if (encoding === 'hex') {
    return text.length % 2 === 0 && HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
  }
  return BASE64.test(text) ? Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64') : undefined;
}

/** Computes an HMAC digest over one or more parts of raw bytes. */
export function hmacDigest(algorithm: 'sha256' | 'sha1' | 'sha512', secret: BytesLike, payload: BytesLike | readonly BytesLike[]): Buffer {
  const hmac = createHmac(algorithm, secret);
  if (typeof payload === 'string' || payload instanceof Uint8Array) hmac.update(payload);
  else for (const part of payload) hmac.update(part);
  return hmac.digest();
}

/**
 * Verifies an HMAC signature over raw bytes in constant time; `true` when any of the secrets matches.
 * A missing prefix or a malformed digest is simply `false`: callers that want to say why check the format first.
 */
export function verifyHmac(options: VerifyHmacOptions): boolean {
  const { algorithm = 'sha256', encoding = 'hex', prefix = '' } = options;
  const { signature } = options;
  if (typeof signature !== 'string' || !signature.startsWith(prefix)) return false;
  const expected = decodeDigest(signature.slice(prefix.length), encoding);
  if (expected === undefined) return false;
  const secrets: readonly BytesLike[] = typeof options.secret === 'string' || options.secret instanceof Uint8Array ? [options.secret] : options.secret;
  let matched = false;
  for (const secret of secrets) {
    const actual = hmacDigest(algorithm, secret, options.payload);
    // timingSafeEqual needs equal lengths; the length of a digest is public, its bytes are not.
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) matched = true;
  }
  return matched;
}
