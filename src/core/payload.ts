import { PayloadError } from './errors.js';

/** One schema problem, as zod reports it. */
interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly expected?: string;
  readonly message?: string;
  readonly values?: readonly unknown[];
}

/** A schema that can be checked without throwing (any zod or zod/mini schema). */
export interface SafeSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } };
}

/** Checks `data` against `schema`; on mismatch throws an `E_PAYLOAD` error naming the first bad field. */
export function parsePayload<T>(schema: SafeSchema<T>, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw new PayloadError(`${what} does not match the expected shape.`);
  const field = issue.path.map(String).join('.') || '(body)';
  const actual = valueAt(data, issue.path);
  throw new PayloadError(`${what}: field "${field}" ${describeIssue(issue, actual)}.`, field);
}

function describeIssue(issue: Issue, actual: unknown): string {
  const got = actual === undefined ? 'it is missing' : `got ${kindOf(actual)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected ?? 'valid')}, ${got}`;
    case 'invalid_value':
      return `must be one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}, ${got}`;
    case 'invalid_union':
      return `has an unexpected type (${got})`;
    default:
      return `is invalid (${issue.message ?? issue.code})`;
  }
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
