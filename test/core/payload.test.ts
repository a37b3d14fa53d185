import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { parsePayload } from '../../src/adapters/kit/payload.js';
import { isHandoffkitError } from '../../src/index.js';

// The E_PAYLOAD message is built from zod's issues: one line, the first bad field named by its path.

const schema = z.looseObject({
  items: z.array(z.looseObject({ id: z.union([z.string().check(z.minLength(1)), z.number()]) })),
  kind: z.optional(z.enum(['a', 'b'])),
});

function failure(data: unknown): { message: string; field: string | undefined } {
  try {
    parsePayload(schema, data, 'Sample delivery');
  } catch (error) {
    expect(isHandoffkitError(error, 'E_PAYLOAD')).toBe(true);
    return { message: (error as Error).message, field: (error as { field?: string }).field };
  }
  throw new Error('expected a failure');
}

describe('parsePayload (zod schemas)', () => {
  it('names the first bad field in a one-line E_PAYLOAD message', () => {
    expect(failure({ items: [{ id: 1 }, { id: true }] })).toEqual({
      message: 'Sample delivery: field "items.1.id" has an unexpected type (got boolean true).',
      field: 'items.1.id',
    });
    expect(failure({})).toEqual({ message: 'Sample delivery: field "items" must be an array, it is missing.', field: 'items' });
    expect(failure([])).toEqual({ message: 'Sample delivery: field "(body)" must be an object, got an array.', field: '(body)' });
    expect(failure({ items: 'x' })).toEqual({ message: 'Sample delivery: field "items" must be an array, got the string "x".', field: 'items' });
  });

  it('says what a refinement and an enum wanted, and counts the further problems', () => {
    expect(failure({ items: [{ id: '' }] }).message).toBe('Sample delivery: field "items.0.id" must be at least 1 character long, got the string "".');
    expect(failure({ items: [], kind: 'c' }).message).toBe('Sample delivery: field "kind" must be one of "a", "b", got the string "c".');
    expect(failure({ items: [{}, {}] }).message).toBe('Sample delivery: field "items.0.id" has an unexpected type (it is missing) (1 more problem after it).');
    expect(failure({ items: [{ id: 1 }], kind: 1 }).message).not.toMatch(/\n/);
  });

  it('keeps unknown fields and returns the checked value', () => {
    const data = { items: [{ id: 'a', extra: 1 }], other: { deep: true } };
    expect(parsePayload(schema, data, 'Sample delivery')).toEqual(data);
  });
});
