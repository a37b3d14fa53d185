import { ConfigError } from '../../errors.js';
import { clientOptions, describeValue, secretsOption, urlOption } from '../kit/options.js';

/** Options of the LiveChat bot-agent adapter. */
export interface LiveChatOptions {
  /** The bot agent's id (`create_bot` answers it); the bot's own events carry it as `author_id`. */
  botId: string;
  /** The client id of the LiveChat app the bot belongs to (`owner_client_id` of `create_bot`). */
  clientId: string;
  /** The bot's secret (`create_bot` answers it), exchanged for a bot token with `issue_bot_token`. */
  botSecret: string;
  /** The LiveChat organization id (v3.6; v3.4 webhooks name a `license_id` instead). */
  organizationId: string;
  /** The `secret_key` the webhooks were registered with (`register_webhook`); several during a rotation. */
  webhookSecret: string | readonly string[];
  /** The group `escalate()` transfers to when `to` is not given. Default `0` (the General group). */
  humanGroup?: number;
  /** The API's base URL (a proxy, tests). Default `https://api.livechatinc.com`. */
  apiUrl?: string;
  /** The API version in every path. Default `3.6`. */
  apiVersion?: string;
  /** Per-attempt timeout of API calls. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries of API calls on 429 and 5xx. Default 2. */
  retries?: number;
}

/** Options after validation. */
export interface ResolvedLiveChatOptions {
  botId: string;
  clientId: string;
  botSecret: string;
  organizationId: string;
  webhookSecrets: readonly string[];
  humanGroup: number;
  /** The base URL with the version, e.g. `https://api.livechatinc.com/v3.6/` (ends with `/`). */
  apiBase: string;
  timeoutMs: number;
  retries: number;
}

/** The LiveChat API host. */
export const DEFAULT_API_URL = 'https://api.livechatinc.com';
/** The API version the adapter speaks. */
export const DEFAULT_API_VERSION = '3.6';

const HINTS: Record<'botId' | 'clientId' | 'botSecret' | 'organizationId', string> = {
  botId: "the bot agent's id, as create_bot answered it",
  clientId: 'the client id of the LiveChat app that owns the bot',
  botSecret: "the bot's secret, as create_bot answered it",
  organizationId: 'the LiveChat organization id (Developer Console, or the license_id → organization_id lookup)',
};

/** Validates the options; throws `E_CONFIG` naming the option at fault (never quoting a secret). */
export function resolveLiveChatOptions(options: LiveChatOptions): ResolvedLiveChatOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('options', 'livechat() needs { botId, clientId, botSecret, organizationId, webhookSecret }.');
  }
  const text = (name: keyof typeof HINTS): string => {
    const value = options[name];
    if (typeof value !== 'string' || value.trim() === '' || /\s/.test(value)) {
      throw new ConfigError(name, `livechat({ ${name} }) must be ${HINTS[name]}: a non-empty string without spaces.`);
    }
    return value;
  };
  const version = options.apiVersion ?? DEFAULT_API_VERSION;
  if (typeof version !== 'string' || !/^\d+\.\d+$/.test(version)) {
    throw new ConfigError('apiVersion', `livechat({ apiVersion }) must look like "3.6", got ${describeValue(version)}.`);
  }
  const humanGroup = options.humanGroup ?? 0;
  if (typeof humanGroup !== 'number' || !Number.isInteger(humanGroup) || humanGroup < 0) {
    throw new ConfigError('humanGroup', `livechat({ humanGroup }) must be a LiveChat group id (a whole number, 0 or more), got ${describeValue(humanGroup)}.`);
  }
  const host = urlOption('livechat', 'apiUrl', options.apiUrl ?? DEFAULT_API_URL);
  return {
    botId: text('botId'),
    clientId: text('clientId'),
    botSecret: text('botSecret'),
    organizationId: text('organizationId'),
    webhookSecrets: secretsOption(options.webhookSecret, {
      option: 'webhookSecret',
      missing: 'livechat({ webhookSecret }) is missing: pass the secret_key the webhooks were registered with (register_webhook), several during a rotation.',
    }),
    humanGroup,
    apiBase: `${host}v${version}/`,
    ...clientOptions('livechat', options),
  };
}
