import { describe, expect, it } from 'vitest';
import { appendWithin, itemBytes } from '../../src/store/capped-list.js';

// What an item takes in the stored array: its JSON string and the comma before it.
const exact = (text: string): number => Buffer.byteLength(JSON.stringify(text)) + 1;

describe('itemBytes', () => {
  it.each([
    ['plain ASCII', 'hello world'],
    ['the JSON of an entry', '{"id":"m1","kind":"message","role":"contact","text":"Where is my order?","at":1}'],
    ['a backslash', 'C:\\temp\\"quoted"'],
    ['accents and euro', 'Où est ma commande ? 12 €'],
    ['an emoji', 'thanks 🙏🏽'],
    ['a slash', 'a/b/c'],
  ])('is exact for %s', (_, text) => {
    expect(itemBytes(text)).toBe(exact(text));
  });

  it('is an upper bound with control characters, and counts `/` as escaped for cjson', () => {
    expect(itemBytes('line\nbreak\u0001')).toBeGreaterThanOrEqual(exact('line\nbreak\u0001'));
    expect(itemBytes('a/b', true)).toBe(exact('a/b') + 1);
  });
});

describe('appendWithin', () => {
  it('gives the same bytes whether the caller keeps count or not, and keeps the stored array within the bounds', () => {
    const counted: string[] = [];
    const countedSizes: number[] = [];
    const summed: string[] = [];
    const summedSizes: number[] = [];
    let held = 2;
    for (let i = 0; i < 300; i++) {
      const item = JSON.stringify({ id: `m${i}`, text: 'é'.repeat(i % 40) });
      held = appendWithin(counted, countedSizes, item, { maxItems: 40, maxBytes: 2_000, ttlMs: 1 }, held) as number;
      const bytes = appendWithin(summed, summedSizes, item, { maxItems: 40, maxBytes: 2_000, ttlMs: 1 });
      expect(held).toBe(bytes);
      expect(held).toBe(Buffer.byteLength(JSON.stringify(counted)));
      expect(held).toBeLessThanOrEqual(2_000);
      expect(counted.length).toBeLessThanOrEqual(40);
    }
    expect(counted).toEqual(summed);
    expect(counted.at(-1)).toContain('"m299"');
  });
});
