import { PayloadError } from './errors.js';
import type { Issue, Schema } from './schema.js';

/** Checks `data` against `schema`; on mismatch throws an `E_PAYLOAD` error naming the first bad field. */
export function parsePayload<T>(schema: Schema<T>, data: unknown, what: string): T {
  const issue = schema.test(data);
  if (issue === undefined) return data as T;
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
