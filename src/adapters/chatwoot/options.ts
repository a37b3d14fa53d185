import { ConfigError } from '../../errors.js';
import { clientOptions, describeValue, secretsOption, toleranceOption, urlOption } from '../kit/options.js';
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
  const base = urlOption('chatwoot', 'baseUrl', options.baseUrl, 'the http(s) URL of the Chatwoot server');
  if (new URL(base).pathname !== '/') {
    // A dashboard URL (…/app/accounts/1) would put every API call under the wrong path.
    throw new ConfigError(
      'baseUrl',
      "chatwoot({ baseUrl }) must be the Chatwoot server's origin, without a path (e.g. https://chat.example.com, not a dashboard URL such as https://chat.example.com/app/accounts/1): the API is under <origin>/api/v1/. Behind a proxy that adds a path, pass that URL as apiUrl.",
    );
  }
  const apiBase = options.apiUrl === undefined ? base : urlOption('chatwoot', 'apiUrl', options.apiUrl, 'the http(s) URL of the Chatwoot server');
  const accountId = String(options.accountId ?? '');
  if (!/^[1-9]\d*$/.test(accountId)) {
    throw new ConfigError('accountId', `chatwoot({ accountId }) must be the numeric id of the Chatwoot account, got ${describeValue(options.accountId)}.`);
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
    secrets: secretsOption(options.secret, {
      option: 'secret',
      disableable: true,
      missing:
        "chatwoot({ secret }) is missing: pass the agent bot's secret (Chatwoot 4.13+ signs deliveries with it), several during a rotation, or secret: false to accept unsigned deliveries from an older server.",
    }),
    tolerance: toleranceOption('chatwoot', options.timestampTolerance),
    ...clientOptions('chatwoot', options),
  };
}
