import type { $ZodIssue, $ZodType, output } from 'zod/v4/core';
import { safeParse } from 'zod/v4/core';
import { PayloadError } from '../../errors.js';
import { validatorOf } from './validator.js';

/** The outcome of {@link checkPayload}: the checked value itself, or zod's issues. */
export type Checked<T> = { success: true; data: T } | { success: false; issues: readonly $ZodIssue[] };

/**
 * Checks `data` against a webhook schema (transform-free, loose objects) without copying it: on success `data`
 * itself is the value, unknown fields and all. The checks are the schema's own (see `validatorOf`).
 */
export function checkPayload<S extends $ZodType>(schema: S, data: unknown): Checked<output<S>> {
  const result = safeParse(validatorOf(schema), data);
  return result.success ? { success: true, data: data as output<S> } : { success: false, issues: result.error.issues };
}

/** Checks `data` against a zod `schema`; on mismatch throws an `E_PAYLOAD` error naming the first bad field. */
export function parsePayload<S extends $ZodType>(schema: S, data: unknown, what: string): output<S> {
  const result = checkPayload(schema, data);
  if (result.success) return result.data;
  throw payloadError(result.issues, data, what);
}

/**
 * The `E_PAYLOAD` error of zod's issues, on one line: `<what>: field "<path>" <what was wrong>.` The first issue
 * is named (zod lists them in the order of the fields); the field is its dotted path, `(body)` for the root.
 */
export function payloadError(issues: readonly $ZodIssue[], data: unknown, what: string): PayloadError {
  const issue = issues[0];
  const path = issue?.path ?? [];
  const field = path.map(String).join('.') || '(body)';
  const more = issues.length > 1 ? ` (${issues.length - 1} more problem${issues.length === 2 ? '' : 's'} after it)` : '';
  return new PayloadError(`${what}: field "${field}" ${describeIssue(issue, valueAt(data, path))}${more}.`, field);
}

function describeIssue(issue: $ZodIssue | undefined, actual: unknown): string {
  const got = actual === undefined ? 'it is missing' : `got ${kindOf(actual)}`;
  switch (issue?.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected)}, ${got}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, ${got}`;
    case 'invalid_union':
      return `has an unexpected type (${got})`;
    case 'too_small':
      return `must ${issue.origin === 'array' ? 'have' : 'be'} at least ${String(issue.minimum)}${unitOf(issue.origin, issue.minimum)}, ${got}`;
    default:
      return `is invalid (${issue?.message ?? 'no detail'})`;
  }
}

function unitOf(origin: string, minimum: number | bigint): string {
  const plural = Number(minimum) === 1 ? '' : 's';
  if (origin === 'string') return ` character${plural} long`;
  if (origin === 'array') return ` item${plural}`;
  return '';
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
