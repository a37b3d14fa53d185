import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyChatwootSignature } from '../../src/adapters/chatwoot/index.js';
import { isHandoffkitError } from '../../src/index.js';

const secret = 'property-secret';
const now = 1_767_000_000_000;
const timestamp = String(now / 1000);
const body = JSON.stringify({ event: 'message_created', content: 'Grüße 👋 こんにちは', id: 42 });
const signature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

function verify(bytes: Uint8Array | string, sig: string, ts: string): boolean {
  try {
    verifyChatwootSignature({ method: 'POST', url: '/', headers: { 'x-chatwoot-signature': sig, 'x-chatwoot-timestamp': ts }, body: bytes }, [secret], now, {});
    return true;
  } catch (error) {
    if (isHandoffkitError(error, 'E_SIGNATURE')) return false;
    throw error;
  }
}

function changeOne(text: string, index: number, replacement: string): string {
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('signature properties (Chatwoot scheme)', () => {
  it('accepts the untouched delivery', () => {
    expect(verify(Buffer.from(body, 'utf8'), signature, timestamp)).toBe(true);
  });

  it('rejects any single-byte change of the body', () => {
    const bytes = Buffer.from(body, 'utf8');
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (index, delta) => {
        const changed = Buffer.from(bytes);
        changed[index] = (changed[index]! + delta) % 256;
        expect(verify(changed, signature, timestamp)).toBe(false);
      }),
    );
  });

  it('rejects any single-character change of the signature or the timestamp', () => {
    fc.assert(
      fc.property(fc.nat(signature.length - 1), fc.constantFrom(...'0123456789abcdefx='), (index, character) => {
        fc.pre(signature[index] !== character);
        expect(verify(body, changeOne(signature, index, character), timestamp)).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.nat(timestamp.length - 1), fc.constantFrom(...'0123456789'), (index, digit) => {
        fc.pre(timestamp[index] !== digit);
        expect(verify(body, signature, changeOne(timestamp, index, digit))).toBe(false);
      }),
    );
  });
});
