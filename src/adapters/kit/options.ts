import type { TimestampTolerance } from '../../crypto/timestamp.js';
import { ConfigError } from '../../errors.js';
import { checkNumber, describeValue } from '../../core/option-checks.js';

export { describeValue };

// Option checks shared by the adapters' factories: each throws `E_CONFIG` naming the factory and the option.
// NaN slips through every comparison (a NaN window would accept any timestamp, NaN retries would never stop),
// so numbers must be finite before anything else.

/** A finite number option that passes `valid`, or `fallback` when absent. */
export function numberOption(factory: string, name: string, value: unknown, fallback: number, valid: (n: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  return checkNumber(value, (n) => Number.isFinite(n) && valid(n), `${factory}({ ${name} })`, name, expected);
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
  for (const [key, seconds] of [
    ['pastSeconds', pastSeconds],
    ['futureSeconds', futureSeconds],
  ] as const) {
    if (seconds === undefined) continue;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      throw new ConfigError(name, `${factory}({ ${name}: { ${key} } }) must be a number of seconds, 0 or more, got ${describeValue(seconds)}.`);
    }
    tolerance[key] = seconds;
  }
  return tolerance;
}

/** How an adapter's signing-secret option is named and explained. */
export interface SecretsOptionSpec {
  /** The option's name, e.g. `secret`. */
  option: string;
  /** The whole message when the option is missing or empty: what to pass and where to find it. */
  missing: string;
  /** Whether `false` turns signature checks off (for platforms that may send unsigned deliveries). */
  disableable?: boolean;
  /** When set, a secret holding whitespace is refused with this message (and a blank one counts as missing). */
  whitespace?: string;
  /** Whether a blank secret (only whitespace) counts as missing, when whitespace is otherwise allowed. */
  blankIsMissing?: boolean;
}

/**
 * A signing-secret option: one secret or several during a rotation (each a non-empty string), or `false` when
 * `spec.disableable`. Throws `E_CONFIG` naming the option otherwise; the value itself is never echoed.
 */
export function secretsOption(secret: unknown, spec: SecretsOptionSpec & { disableable: true }): readonly string[] | false;
export function secretsOption(secret: unknown, spec: SecretsOptionSpec): readonly string[];
export function secretsOption(secret: unknown, spec: SecretsOptionSpec): readonly string[] | false {
  if (secret === false && spec.disableable) return false;
  const list = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? (secret as unknown[]) : undefined;
  const empty = (s: string): boolean => (spec.whitespace === undefined && !spec.blankIsMissing ? s === '' : s.trim() === '');
  if (list === undefined || list.length === 0 || list.some((s) => typeof s !== 'string' || empty(s))) {
    throw new ConfigError(spec.option, spec.missing);
  }
  const secrets = list as string[];
  if (spec.whitespace !== undefined && secrets.some((s) => /\s/.test(s))) throw new ConfigError(spec.option, spec.whitespace);
  return secrets;
}
