import { createHash } from 'node:crypto';
import type { BytesLike } from './hmac.js';

/** SHA-256 over one or more parts of raw bytes, hashed in order as if concatenated; base64url, for store keys. */
export function digestOf(parts: readonly BytesLike[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('base64url');
}
