// A small schema checker for webhook payloads, spelled like zod/mini's subset the adapters use (`object`, `optional`,
// `nullable`, `union`, …) so a schema reads the same. It checks in place and returns the input itself: no copy, no
// allocation unless a check fails, when the first problem is reported with its path. The payload is checked on every
// delivery, where a general-purpose validator costs a third of the HMAC + JSON.parse floor and 7 KB gzip of bundle.

/** One problem found in a value: where, and what was expected there. */
export interface Issue {
  /** `invalid_type`, `invalid_value`, `invalid_union` or `too_small`. */
  readonly code: 'invalid_type' | 'invalid_value' | 'invalid_union' | 'too_small';
  /** The keys and indexes leading to the value. */
  readonly path: readonly PropertyKey[];
  /** The expected type, for `invalid_type`. */
  readonly expected?: string;
  /** The allowed values, for `invalid_value`. */
  readonly values?: readonly unknown[];
  /** A sentence, for `too_small`. */
  readonly message?: string;
}

/** Checks a value: `undefined` when it passes, else its first problem. */
type Test = (value: unknown) => Issue | undefined;

/** How a schema treats a missing value and `null`, kept so that `optional(nullable(x))` fuses into one test. */
interface Parts {
  /** The test of a present, non-null value. */
  readonly base: Test;
  /** The `typeof` a primitive schema checks, for a fused test. */
  readonly primitive?: 'string' | 'number' | 'boolean' | undefined;
  readonly undefinedOk?: boolean;
  readonly nullOk?: boolean;
}

/** A check of a value of type `T`. */
export class Schema<T> {
  /** The checked type (never set: it carries `T` for {@link infer}). */
  declare readonly _output: T;
  /** @internal */
  readonly test: Test;
  /** @internal */
  readonly parts: Parts;

  /** @internal */
  constructor(parts: Parts | Test) {
    this.parts = typeof parts === 'function' ? { base: parts } : parts;
    this.test = fuse(this.parts);
  }

  /** Checks `data`; on success the result holds `data` itself, typed. */
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } } {
    const issue = this.test(data);
    return issue === undefined ? { success: true, data: data as T } : { success: false, error: { issues: [issue] } };
  }

  /** The same schema with extra refinements (`minLength`). */
  check(...refinements: readonly Refinement<T>[]): Schema<T> {
    const { base } = this.parts;
    const refined: Test = (value) => {
      const issue = base(value);
      if (issue !== undefined) return issue;
      for (const refine of refinements) {
        const problem = refine(value as T);
        if (problem !== undefined) return problem;
      }
      return undefined;
    };
    return new Schema<T>({ ...this.parts, base: refined, primitive: undefined });
  }
}

/** One closure per schema: a wrapper (`optional`, `nullable`) costs no call of its own. */
function fuse({ base, primitive, undefinedOk = false, nullOk = false }: Parts): Test {
  if (primitive !== undefined) {
    const issue = (): Issue => typeIssue(primitive);
    if (primitive === 'number') {
      if (undefinedOk && nullOk) return (v) => (v == null || (typeof v === 'number' && Number.isFinite(v)) ? undefined : issue());
      return (v) => ((undefinedOk && v === undefined) || (nullOk && v === null) || (typeof v === 'number' && Number.isFinite(v)) ? undefined : issue());
    }
    if (undefinedOk && nullOk) return (v) => (v == null || typeof v === primitive ? undefined : issue());
    return (v) => ((undefinedOk && v === undefined) || (nullOk && v === null) || typeof v === primitive ? undefined : issue());
  }
  if (undefinedOk && nullOk) return (v) => (v == null ? undefined : base(v));
  if (undefinedOk) return (v) => (v === undefined ? undefined : base(v));
  if (nullOk) return (v) => (v === null ? undefined : base(v));
  return base;
}

/** A schema that also accepts a missing value; inside {@link object} its key is optional. */
export class OptionalSchema<T> extends Schema<T | undefined> {
  /** Marks the key optional in an object's type. */
  declare readonly _optional: true;
}

/** A refinement of a checked value. */
export type Refinement<T> = (value: T) => Issue | undefined;

/** The type a schema checks (`z.infer<typeof schema>`). */
type Infer<S extends Schema<unknown>> = S['_output'];
export type { Infer as infer };

/** The fields of an object schema. */
export type Shape = Readonly<Record<string, Schema<unknown>>>;

type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type Flatten<T> = { [K in keyof T]: T[K] } & {};
/** The type of an object with fields `S`. */
export type ObjectOf<S extends Shape> = Flatten<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/** An object schema: its shape is kept for {@link extend}. */
export class ObjectSchema<S extends Shape> extends Schema<ObjectOf<S>> {
  /** The fields. */
  readonly shape: S;

  /** @internal */
  constructor(shape: S) {
    const keys = Object.keys(shape);
    const tests = keys.map((key) => (shape[key] as Schema<unknown>).test);
    super((value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return typeIssue('object');
      const record = value as Record<string, unknown>;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const issue = (tests[i] as Test)(record[key]);
        if (issue !== undefined) return within(key, issue);
      }
      return undefined;
    });
    this.shape = shape;
  }
}

function typeIssue(expected: string): Issue {
  return { code: 'invalid_type', path: [], expected };
}

function within(key: PropertyKey, issue: Issue): Issue {
  return { ...issue, path: [key, ...issue.path] };
}

function primitive<T>(type: 'string' | 'number' | 'boolean'): Schema<T> {
  const base: Test =
    type === 'number'
      ? (value) => (typeof value === 'number' && Number.isFinite(value) ? undefined : typeIssue('number'))
      : (value) => (typeof value === type ? undefined : typeIssue(type));
  return new Schema<T>({ base, primitive: type });
}

/** A string. */
export const string = (): Schema<string> => primitive<string>('string');

/** A boolean. */
export const boolean = (): Schema<boolean> => primitive<boolean>('boolean');

/** A finite number. */
export const number = (): Schema<number> => primitive<number>('number');

/** Anything, a missing value included. */
export const unknown = (): OptionalSchema<unknown> => new OptionalSchema<unknown>(() => undefined);

/** The value, or a missing one. */
export function optional<T>(schema: Schema<T>): OptionalSchema<T> {
  return new OptionalSchema<T>({ ...schema.parts, undefinedOk: true });
}

/** The value, or `null`. */
export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return new Schema<T | null>({ ...schema.parts, nullOk: true });
}

/** An object with these fields (other fields pass unchecked). */
export function object<S extends Shape>(shape: S): ObjectSchema<S> {
  return new ObjectSchema(shape);
}

/** An object schema with more fields (or fields replaced). */
export function extend<S extends Shape, E extends Shape>(base: ObjectSchema<S>, fields: E): ObjectSchema<Omit<S, keyof E> & E> {
  return new ObjectSchema({ ...base.shape, ...fields } as Omit<S, keyof E> & E);
}

/** An array whose every item passes `item`. */
export function array<T>(item: Schema<T>): Schema<T[]> {
  const test = item.test;
  return new Schema<T[]>((value) => {
    if (!Array.isArray(value)) return typeIssue('array');
    for (let i = 0; i < value.length; i++) {
      const issue = test(value[i]);
      if (issue !== undefined) return within(i, issue);
    }
    return undefined;
  });
}

/** An object used as a map: every value passes `values` (keys are strings, as in JSON). */
export function record<V>(_keys: Schema<string>, values: Schema<V>): Schema<Record<string, V>> {
  const test = values.test;
  return new Schema<Record<string, V>>((value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return typeIssue('record');
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const issue = test((value as Record<string, unknown>)[key]);
      if (issue !== undefined) return within(key, issue);
    }
    return undefined;
  });
}

/** A value passing one of `options`, tried in order. */
export function union<O extends readonly Schema<unknown>[]>(options: O): Schema<Infer<O[number]>> {
  const tests = options.map((option) => option.test);
  return new Schema<Infer<O[number]>>((value) => {
    // When exactly one option had the value's type and failed only a refinement (an empty id), that is the problem.
    let refined: Issue | undefined;
    let refinedCount = 0;
    for (const test of tests) {
      const issue = test(value);
      if (issue === undefined) return undefined;
      if (issue.code === 'too_small') {
        refined = issue;
        refinedCount += 1;
      }
    }
    return refinedCount === 1 ? refined : { code: 'invalid_union', path: [] };
  });
}

/** One of these literal strings. */
function enumOf<const V extends readonly string[]>(values: V): Schema<V[number]> {
  const allowed: ReadonlySet<unknown> = new Set(values);
  return new Schema<V[number]>((value) => (allowed.has(value) ? undefined : { code: 'invalid_value', path: [], values }));
}
export { enumOf as enum };

/** A refinement: a string (or array) at least `min` long. */
export function minLength(min: number): Refinement<{ readonly length: number }> {
  return (value) =>
    value.length >= min ? undefined : { code: 'too_small', path: [], message: `expected at least ${min} character${min === 1 ? '' : 's'}` };
}
