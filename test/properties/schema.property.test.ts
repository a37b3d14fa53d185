import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as zm from 'zod/mini';
import * as hk from '../../src/core/schema.js';
import { parsePayload } from '../../src/core/payload.js';
import { isHandoffkitError } from '../../src/index.js';

// The payload checker is held to zod/mini's behaviour: random schemas built the same way in both, random JSON-like
// values, the same verdict, and the same path to the first problem.

type Description =
  | { kind: 'string' | 'number' | 'boolean' | 'unknown' | 'enum' | 'nonEmpty' }
  | { kind: 'optional' | 'nullable' | 'array' | 'record'; of: Description }
  | { kind: 'object'; a: Description; b: Description }
  | { kind: 'union'; options: [Description, Description] };

const { description } = fc.letrec<{ description: Description }>((tie) => ({
  description: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    // (`unknown` only inside `optional`, as the adapters use it: zod/mini refuses a missing key of a bare `unknown`.)
    fc.constantFrom<Description>(
      { kind: 'string' },
      { kind: 'number' },
      { kind: 'boolean' },
      { kind: 'optional', of: { kind: 'unknown' } },
      { kind: 'enum' },
      { kind: 'nonEmpty' },
    ),
    fc.record({ kind: fc.constantFrom('optional' as const, 'nullable' as const, 'array' as const, 'record' as const), of: tie('description') }),
    fc.record({ kind: fc.constant('object' as const), a: tie('description'), b: tie('description') }),
    // (A refinement below an option's top level is reported differently by zod/mini, which checks on after a failed
    // refinement; the adapters refine only an option itself, as in `union([string().check(minLength(1)), number()])`.)
    fc
      .record({ kind: fc.constant('union' as const), options: fc.tuple(tie('description'), tie('description')) })
      .filter((d) => d.options.every((option) => !refinedBelow(option))),
  ),
}));

function refinedBelow(d: Description): boolean {
  if (d.kind === 'nonEmpty') return false;
  const inner = 'of' in d ? [d.of] : 'a' in d ? [d.a, d.b] : 'options' in d ? d.options : [];
  return inner.some((x) => x.kind === 'nonEmpty' || refinedBelow(x));
}

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, undefined, true, false, 0, 1.5, -3, '', 'x', 'yes', 'no'),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.record({ a: tie('value'), b: tie('value') }, { requiredKeys: [] }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3 }),
  ),
}));

function ours(d: Description): hk.Schema<unknown> {
  switch (d.kind) {
    case 'string':
      return hk.string();
    case 'number':
      return hk.number();
    case 'boolean':
      return hk.boolean();
    case 'unknown':
      return hk.unknown();
    case 'enum':
      return hk.enum(['yes', 'no']);
    case 'nonEmpty':
      return hk.string().check(hk.minLength(1));
    case 'optional':
      return hk.optional(ours(d.of));
    case 'nullable':
      return hk.nullable(ours(d.of));
    case 'array':
      return hk.array(ours(d.of));
    case 'record':
      return hk.record(hk.string(), ours(d.of));
    case 'object':
      return hk.object({ a: ours(d.a), b: ours(d.b) });
    case 'union':
      return hk.union([ours(d.options[0]), ours(d.options[1])]);
  }
}

function zods(d: Description): zm.ZodMiniType {
  switch (d.kind) {
    case 'string':
      return zm.string();
    case 'number':
      return zm.number();
    case 'boolean':
      return zm.boolean();
    case 'unknown':
      return zm.unknown();
    case 'enum':
      return zm.enum(['yes', 'no']);
    case 'nonEmpty':
      return zm.string().check(zm.minLength(1));
    case 'optional':
      return zm.optional(zods(d.of));
    case 'nullable':
      return zm.nullable(zods(d.of));
    case 'array':
      return zm.array(zods(d.of));
    case 'record':
      return zm.record(zm.string(), zods(d.of));
    case 'object':
      return zm.object({ a: zods(d.a), b: zods(d.b) });
    case 'union':
      return zm.union([zods(d.options[0]), zods(d.options[1])]);
  }
}

describe('payload schemas', () => {
  it('accept and refuse exactly what the same zod/mini schema does, naming the same first field', () => {
    fc.assert(
      fc.property(description, value, (d, input) => {
        const mine = ours(d).safeParse(input);
        const theirs = zods(d).safeParse(input);
        expect(mine.success).toBe(theirs.success);
        if (!mine.success && !theirs.success) {
          expect(mine.error.issues[0]?.path).toEqual(theirs.error.issues[0]?.path);
          // (Where one option of a union failed only a refinement, zod/mini reports that refinement instead.)
          if (mine.error.issues[0]?.code !== 'invalid_union') expect(mine.error.issues[0]?.code).toBe(theirs.error.issues[0]?.code);
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('give back the input itself, without copying it', () => {
    const schema = hk.object({ a: hk.string(), nested: hk.object({ n: hk.number() }) });
    const input = { a: 'x', nested: { n: 1 }, extra: true };
    const result = schema.safeParse(input);
    expect(result.success && result.data).toBe(input);
  });

  it('name the first bad field in the E_PAYLOAD message', () => {
    const schema = hk.object({ items: hk.array(hk.object({ id: hk.union([hk.string().check(hk.minLength(1)), hk.number()]) })) });
    const failure = (data: unknown): string => {
      try {
        parsePayload(schema, data, 'Sample delivery');
      } catch (error) {
        expect(isHandoffkitError(error, 'E_PAYLOAD')).toBe(true);
        return (error as Error).message;
      }
      throw new Error('expected a failure');
    };
    expect(failure({ items: [{ id: 1 }, { id: true }] })).toBe('Sample delivery: field "items.1.id" has an unexpected type (got boolean true).');
    expect(failure({})).toBe('Sample delivery: field "items" must be an array, it is missing.');
    expect(failure([])).toBe('Sample delivery: field "(body)" must be an object, got an array.');
    expect(failure({ items: 'x' })).toBe('Sample delivery: field "items" must be an array, got the string "x".');
  });

  it('infer the checked type, optional keys included', () => {
    const schema = hk.object({ id: hk.string(), note: hk.optional(hk.nullable(hk.string())), any: hk.unknown(), kind: hk.enum(['a', 'b']) });
    expectTypeOf<hk.infer<typeof schema>>().toEqualTypeOf<{ id: string; kind: 'a' | 'b'; note?: string | null | undefined; any?: unknown }>();
    const extended = hk.extend(schema, { id: hk.number() });
    expectTypeOf<hk.infer<typeof extended>['id']>().toEqualTypeOf<number>();
  });
});
