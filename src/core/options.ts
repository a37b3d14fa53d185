import type { TimestampTolerance } from '../crypto/timestamp.js';
import { ConfigError } from './errors.js';

// Option checks shared by the adapters' factories: each throws `E_CONFIG` naming the factory and the option.
// NaN slips through every comparison (a NaN window would accept any timestamp, NaN retries would never stop),
// so numbers must be finite before anything else.

/** How an option's value is shown in an error message (never used for secrets). */
export function describeValue(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  return JSON.stringify(value) ?? String(value);
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
