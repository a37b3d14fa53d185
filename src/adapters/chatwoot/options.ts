import { ConfigError } from '../../core/errors.js';
import type { TimestampTolerance } from '../../crypto/timestamp.js';

/** Options of the Chatwoot AgentBot adapter. */
export interface ChatwootOptions {
  /** The Chatwoot server, e.g. `https://chat.example.com`. */
  baseUrl: string;
  /** The account the bot belongs to. */
  accountId: number | string;
  /** The agent bot's access token (sent as `api_access_token`). */
  botToken: string;
  /**
   * The agent bot's secret, which signs deliveries (Chatwoot 4.13+); several during a rotation.
   * `false` accepts unsigned deliveries from older servers: an explicit opt-out, never a default.
   */
  secret: string | readonly string[] | false;
  /** Overrides the base URL of API calls (a proxy, tests). Default `baseUrl`. */
  apiUrl?: string;
  /** How far `X-Chatwoot-Timestamp` may be from now. Default 300 s old, 30 s ahead. */
  timestampTolerance?: TimestampTolerance;
  /** Per-attempt timeout of API calls. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries of API calls on 429 and 5xx. Default 2. */
  retries?: number;
}

/** Options after validation. */
export interface ResolvedChatwootOptions {
  apiBase: string;
  accountId: string;
  botToken: string;
  secrets: readonly string[] | false;
  tolerance: TimestampTolerance;
  timeoutMs: number;
  retries: number;
}

/** Validates the options; throws `E_CONFIG` naming the option at fault. */
export function resolveChatwootOptions(options: ChatwootOptions): ResolvedChatwootOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('options', 'chatwoot() needs { baseUrl, accountId, botToken, secret }.');
  }
  const base = urlOption('baseUrl', options.baseUrl);
  const apiBase = options.apiUrl === undefined ? base : urlOption('apiUrl', options.apiUrl);
  const accountId = String(options.accountId ?? '');
  if (!/^[1-9]\d*$/.test(accountId)) {
    throw new ConfigError('accountId', `chatwoot({ accountId }) must be the numeric id of the Chatwoot account, got ${JSON.stringify(options.accountId)}.`);
  }
  const token = options.botToken;
  if (typeof token !== 'string' || token.trim() === '') {
    throw new ConfigError('botToken', "chatwoot({ botToken }) is missing: use the agent bot's access token (Settings → Bots, or the agent_bots API).");
  }
  if (/\s/.test(token) || /^(bearer|token)\b/i.test(token)) {
    throw new ConfigError('botToken', 'chatwoot({ botToken }) must be the bare access token, without spaces or a "Bearer" prefix.');
  }
  return {
    apiBase,
    accountId,
    botToken: token,
    secrets: secretOption(options.secret),
    tolerance: toleranceOption(options.timestampTolerance),
    timeoutMs: numberOption('timeoutMs', options.timeoutMs, 10_000, (n) => n > 0, 'a positive number of milliseconds'),
    retries: numberOption('retries', options.retries, 2, (n) => Number.isInteger(n) && n >= 0, 'a whole number, 0 or more'),
  };
}

// NaN slips through every comparison: a NaN window would accept any timestamp, NaN retries would never stop.
function numberOption(name: string, value: unknown, fallback: number, valid: (n: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) {
    throw new ConfigError(name, `chatwoot({ ${name} }) must be ${expected}, got ${JSON.stringify(value) ?? String(value)}.`);
  }
  return value;
}

function toleranceOption(value: unknown): TimestampTolerance {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object') {
    throw new ConfigError('timestampTolerance', 'chatwoot({ timestampTolerance }) must be { pastSeconds?, futureSeconds? }.');
  }
  const { pastSeconds, futureSeconds } = value as TimestampTolerance;
  for (const [key, seconds] of [['pastSeconds', pastSeconds], ['futureSeconds', futureSeconds]] as const) {
    if (seconds !== undefined && (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)) {
      throw new ConfigError(
        'timestampTolerance',
        `chatwoot({ timestampTolerance: { ${key} } }) must be a number of seconds, 0 or more, got ${JSON.stringify(seconds) ?? String(seconds)}.`,
      );
    }
  }
  const tolerance: TimestampTolerance = {};
  if (pastSeconds !== undefined) tolerance.pastSeconds = pastSeconds;
  if (futureSeconds !== undefined) tolerance.futureSeconds = futureSeconds;
  return tolerance;
}

function urlOption(name: string, value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new ConfigError(name, `chatwoot({ ${name} }) must be the http(s) URL of the Chatwoot server, got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `chatwoot({ ${name} }) must use http or https, got ${url.protocol}.`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function secretOption(secret: unknown): readonly string[] | false {
  if (secret === false) return false;
  const list = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? (secret as unknown[]) : undefined;
  if (list === undefined || list.length === 0 || list.some((s) => typeof s !== 'string' || s === '')) {
    throw new ConfigError(
      'secret',
      "chatwoot({ secret }) is missing: pass the agent bot's secret (Chatwoot 4.13+ signs deliveries with it), several during a rotation, or secret: false to accept unsigned deliveries from an older server.",
    );
  }
  return list as string[];
}
