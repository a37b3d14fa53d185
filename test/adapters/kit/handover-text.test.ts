import { describe, expect, it } from 'vitest';
import { CUT_MARKER, cutToLimit, joinParts, noteForAgents, sizeOf } from '../../../src/adapters/kit/handover-text.js';

describe('cutToLimit', () => {
  it.each([
    { text: 'short', limit: 10, unit: 'chars' as const, expected: 'short' },
    { text: 'abcdefghij', limit: 10, unit: 'chars' as const, expected: 'abcdefghij' },
    { text: 'abcdefghijk', limit: 10, unit: 'chars' as const, expected: `abcdef${CUT_MARKER}` },
    { text: 'abc   defghijk', limit: 10, unit: 'chars' as const, expected: `abc${CUT_MARKER}` },
    // Never a half character: an emoji is two UTF-16 units and four UTF-8 bytes.
    { text: '😀😀😀😀😀', limit: 8, unit: 'utf16' as const, expected: `😀😀${CUT_MARKER}` },
    { text: '😀😀😀😀😀😀😀😀😀', limit: 8, unit: 'chars' as const, expected: `😀😀😀😀${CUT_MARKER}` },
    { text: 'ééééééééé', limit: 12, unit: 'utf8' as const, expected: `ééé${CUT_MARKER}` },
  ])('$text within $limit $unit → $expected', ({ text, limit, unit, expected }) => {
    const cut = cutToLimit(text, limit, unit);
    expect(cut).toBe(expected);
    expect(sizeOf(cut, unit)).toBeLessThanOrEqual(limit);
  });
});

describe('the parts of an escalation for the human agent', () => {
  it('joins the non-empty parts by a blank line; the summary comes before the note', () => {
    expect(joinParts(['a', undefined, ' ', 'b'])).toBe('a\n\nb');
    expect(joinParts([undefined, ''])).toBeUndefined();
    expect(noteForAgents({ reason: 'r', summary: 'S', note: 'N' })).toBe('S\n\nN');
    expect(noteForAgents({ reason: 'r' })).toBeUndefined();
  });
});
