import { PlatformApiError } from '../../errors.js';
import type { RestClient } from '../../outbound/rest-client.js';
import type { ResolvedLiveChatOptions } from './options.js';

/** The Configuration API action that issues a bot token, relative to the versioned base. */
export const TOKEN_PATH = 'configuration/action/issue_bot_token';
/** How long LiveChat's bot tokens live. */
export const BOT_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
// Renewed this long before it lapses, so that no call starts with a token about to expire.
const RENEW_MARGIN_MS = 5 * 60 * 1000;

type Credentials = Pick<ResolvedLiveChatOptions, 'botId' | 'clientId' | 'botSecret' | 'organizationId'>;

/**
 * The bot's token (`issue_bot_token`): issued on first use, cached until shortly before its 24 h lapse, shared by
 * concurrent callers, dropped when the Agent Chat API answers 401 (the REST client then retries once).
 */
export class BotTokens {
  readonly #client: RestClient;
  readonly #credentials: Credentials;
  readonly #now: () => number;
  #token: { value: string; renewAt: number } | undefined;
  #pending: Promise<string> | undefined;

  /** Creates the token cache; nothing is issued until the first call. */
  constructor(client: RestClient, credentials: Credentials, now: () => number = () => Date.now()) {
    this.#client = client;
    this.#credentials = credentials;
    this.#now = now;
  }

  /** A valid bot token, issued when none is cached or the cached one is about to lapse. */
  get(): Promise<string> {
    const token = this.#token;
    if (token !== undefined && this.#now() < token.renewAt) return Promise.resolve(token.value);
    this.#pending ??= this.#issue().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets `value` (the API refused it); a token issued meanwhile by another caller is kept. */
  invalidate(value: string): void {
    if (this.#token?.value === value) this.#token = undefined;
  }

  async #issue(): Promise<string> {
    const { botId, clientId, botSecret, organizationId } = this.#credentials;
    const answer = await this.#client.send<{ token?: unknown } | undefined>({
      method: 'POST',
      path: TOKEN_PATH,
      json: { bot_id: botId, client_id: clientId, bot_secret: botSecret, organization_id: organizationId },
    });
    const value = answer?.token;
    if (typeof value !== 'string' || value === '') {
      throw new PlatformApiError({
        platform: 'livechat',
        status: 200,
        platformMessage: 'the issue_bot_token answer has no token',
        method: 'POST',
        path: `/${TOKEN_PATH}`,
      });
    }
    this.#token = { value, renewAt: this.#now() + BOT_TOKEN_LIFETIME_MS - RENEW_MARGIN_MS };
    return value;
  }
}
