import type { TimestampTolerance } from '../crypto/timestamp.js';
import { ConfigError } from './errors.js';

// Option checks shared by the adapters' factories: each throws `E_CONFIG` naming the factory and the option.
// NaN slips through every comparison (a NaN window would accept any timestamp, NaN retries would never stop),
// so numbers must be finite before anything else.

/**
 * What kind of value an option got, for an error message: its type and shape, never the value itself (a token
 * pasted into the wrong option would otherwise end up in logs).
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return value.trim() === '' ? (value === '' ? 'an empty string' : 'a blank string') : `a string of ${value.length} characters`;
  if (typeof value === 'number') return numberShape(value);
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function numberShape(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return 'an infinite number';
  if (value === 0) return 'zero';
  const kind = Number.isInteger(value) ? 'integer' : 'fractional number';
  return value < 0 ? `a negative ${kind}` : kind === 'integer' ? 'a positive integer' : 'a fractional number';
}

/** A finite number option that passes `valid`, or `fallback` when absent. */
export function numberOption(
  factory: string,
  name: string,
  value: unknown,
  fallback: number,
  valid: (n: number) => boolean,
  expected: string,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) {
    throw new ConfigError(name, `${factory}({ ${name} }) must be ${expected}, got ${describeValue(value)}.`);
  }
  return value;
}

/** The per-attempt timeout and retry count every adapter's API client takes. */
export function clientOptions(factory: string, options: { timeoutMs?: unknown; retries?: unknown }): { timeoutMs: number; retries: number } {
  return {
    timeoutMs: numberOption(factory, 'timeoutMs', options.timeoutMs, 10_000, (n) => n > 0, 'a positive number of milliseconds'),
    retries: numberOption(factory, 'retries', options.retries, 2, (n) => Number.isInteger(n) && n >= 0, 'a whole number, 0 or more'),
  };
}

/** An http(s) URL option, returned with a trailing slash. `what` completes "must be …" (e.g. "the http(s) URL of the Chatwoot server"). */
export function urlOption(factory: string, name: string, value: unknown, what = 'an http(s) URL'): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new ConfigError(name, `${factory}({ ${name} }) must be ${what}, got ${describeValue(value)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `${factory}({ ${name} }) must use http or https, got ${url.protocol}.`);
  }
  // Credentials in a URL would travel into logs and error messages; a query would be lost under every path.
  if (url.search !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigError(name, `${factory}({ ${name} }) must be a plain base URL, without a query or credentials.`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** A `{ pastSeconds?, futureSeconds? }` option with finite bounds, 0 or more. */
export function toleranceOption(factory: string, value: unknown, name = 'timestampTolerance'): TimestampTolerance {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object') {
    throw new ConfigError(name, `${factory}({ ${name} }) must be { pastSeconds?, futureSeconds? }.`);
  }
  const { pastSeconds, futureSeconds } = value as TimestampTolerance;
  const tolerance: TimestampTolerance = {};
  for (const [key, seconds] of [['pastSeconds', pastSeconds], ['futureSeconds', futureSeconds]] as const) {
    if (seconds === undefined) continue;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      throw new ConfigError(name, `${factory}({ ${name}: { ${key} } }) must be a number of seconds, 0 or more, got ${describeValue(seconds)}.`);
    }
    tolerance[key] = seconds;
  }
  return tolerance;
}
