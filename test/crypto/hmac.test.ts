import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyHmac } from '../../src/index.js';

const body = '{"text":"héllo 👋 你好"}';
const hex = createHmac('sha256', 'key').update(body).digest('hex');
const b64 = createHmac('sha256', 'key').update(body).digest('base64');

describe('verifyHmac', () => {
  it('accepts a hex digest over the raw bytes, with or without a prefix', () => {
    expect(verifyHmac({ secret: 'key', payload: body, signature: hex })).toBe(true);
    expect(verifyHmac({ secret: 'key', payload: Buffer.from(body, 'utf8'), signature: `sha256=${hex}`, prefix: 'sha256=' })).toBe(true);
    expect(verifyHmac({ secret: 'key', payload: body, signature: hex.toUpperCase() })).toBe(true);
  });

  it('accepts base64 and base64url digests', () => {
    expect(verifyHmac({ secret: 'key', payload: body, signature: b64, encoding: 'base64' })).toBe(true);
    const url = b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(verifyHmac({ secret: 'key', payload: body, signature: url, encoding: 'base64' })).toBe(true);
  });

  it('hashes several payload parts as if concatenated', () => {
    const signed = createHmac('sha256', 'key').update(`123.${body}`).digest('hex');
    expect(verifyHmac({ secret: 'key', payload: ['123.', new TextEncoder().encode(body)], signature: signed })).toBe(true);
  });

  it('accepts any of several secrets (rotation) and byte keys', () => {
    expect(verifyHmac({ secret: ['old', 'key'], payload: body, signature: hex })).toBe(true);
    expect(verifyHmac({ secret: Buffer.from('key'), payload: body, signature: hex })).toBe(true);
    expect(verifyHmac({ secret: ['old', 'older'], payload: body, signature: hex })).toBe(false);
  });

  it('supports sha1 and sha512', () => {
    const sha1 = createHmac('sha1', 'key').update(body).digest('hex');
    const sha512 = createHmac('sha512', 'key').update(body).digest('hex');
    expect(verifyHmac({ algorithm: 'sha1', secret: 'key', payload: body, signature: `sha1=${sha1}`, prefix: 'sha1=' })).toBe(true);
    expect(verifyHmac({ algorithm: 'sha512', secret: 'key', payload: body, signature: sha512 })).toBe(true);
  });

  it.each([
    ['a missing prefix', { signature: hex, prefix: 'sha256=' }],
    ['odd-length hex', { signature: hex.slice(1) }],
    ['non-hex characters', { signature: `${hex.slice(0, -1)}z` }],
    ['a truncated digest', { signature: hex.slice(0, 32) }],
    ['an empty signature', { signature: '' }],
    ['a malformed base64 digest', { signature: '***', encoding: 'base64' as const }],
  ])('rejects %s without throwing', (_, options) => {
    expect(verifyHmac({ secret: 'key', payload: body, ...options })).toBe(false);
  });

  it('rejects any single-byte change of the body or the signature', () => {
    const bytes = Buffer.from(body, 'utf8');
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i] = (changed[i]! + 1) % 256;
      expect(verifyHmac({ secret: 'key', payload: changed, signature: hex })).toBe(false);
    }
    for (let i = 0; i < hex.length; i++) {
      const digit = hex[i] === '0' ? '1' : '0';
      expect(verifyHmac({ secret: 'key', payload: body, signature: hex.slice(0, i) + digit + hex.slice(i + 1) })).toBe(false);
    }
  });
});
