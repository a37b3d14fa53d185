import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUriSafely, iterativeJson, jsonText } from '../../src/core/json-text.js';

describe('jsonText', () => {
  it('gives the text JSON.stringify gives, for any JSON value (the fallback too)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonText(value)).toBe(JSON.stringify(value));
        expect(iterativeJson(value)).toBe(JSON.stringify(value));
      }),
    );
  });

  it('gives the same text as JSON.stringify would, at depths where JSON.stringify throws', () => {
    const text = `{"a":[${'{"b":['.repeat(100_000)}1,"x"${']}'.repeat(100_000)}],"c":null}`;
    const value = JSON.parse(text) as unknown;
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(jsonText(value)).toBe(text);
  });
});

describe('decodeUriSafely', () => {
  it('decodes well-formed escapes and keeps a malformed one as it is', () => {
    expect(decodeUriSafely('a%20b.png')).toBe('a b.png');
    expect(decodeUriSafely('report%E0%A4%A.pdf')).toBe('report%E0%A4%A.pdf');
  });
});
