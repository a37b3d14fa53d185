import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyText } from '../../src/core/delivery.js';

describe('bodyText', () => {
  it('decodes any bytes exactly as a WHATWG TextDecoder does (invalid UTF-8 and a byte order mark included)', () => {
    const decoder = new TextDecoder();
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.string({ unit: 'grapheme', maxLength: 32 }).map((text) => new TextEncoder().encode(text)),
      fc.uint8Array({ maxLength: 16 }).map((rest) => Uint8Array.from([0xef, 0xbb, 0xbf, ...rest])),
    );
    fc.assert(
      fc.property(bytes, fc.nat(8), (body, offset) => {
        // A view into a larger buffer, as node:http and Lambda hand them over.
        const backing = new Uint8Array(offset + body.length + 3);
        backing.set(body, offset);
        const view = backing.subarray(offset, offset + body.length);
        expect(bodyText(view)).toBe(decoder.decode(body));
      }),
      { numRuns: 2_000 },
    );
  });
});
