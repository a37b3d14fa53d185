import { createRestClient, type HeaderMap, type PlatformErrorFacts, type RestClient } from '../../outbound/rest-client.js';
import type { ResolvedLiveChatOptions } from './options.js';
import type { TokenCache } from '../kit/token-cache.js';
import { botTokens } from './token.js';

/** LiveChat's error body: `{ error: { type, message } }`, read as `E_PLATFORM_API` with the type in `details`. */
export function liveChatErrorFacts(body: unknown): PlatformErrorFacts | undefined {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, message } = error as { type?: unknown; message?: unknown };
  const said = typeof message === 'string' && message !== '' ? message.slice(0, 300) : 'no message';
  if (typeof type !== 'string' || type === '') return { message: said };
  return { message: `${type}: ${said}`, details: { type } };
}

/**
 * The Agent Chat API as the bot: `POST …/agent/action/<action>` with the bot token as bearer. The token comes from
 * `issue_bot_token` (a client without authorization: the bot secret is in the body), cached, and renewed once
 * when the API answers 401 (the shared REST client's async headers and `onUnauthorized`).
 */
export class LiveChatApi {
  readonly #client: RestClient;
  /** The bot's tokens (exposed for tests of the cache). */
  readonly tokens: TokenCache;

  /** Creates the API client; nothing is sent until the first call. */
  constructor(config: ResolvedLiveChatOptions) {
    const shared = {
      platform: 'livechat',
      baseUrl: config.apiBase,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      errorFacts: liveChatErrorFacts,
      // The bearer token is redacted as a header sent; the bot secret and the webhook secrets besides.
      secrets: [config.botSecret, ...config.webhookSecrets],
    };
    const tokens = botTokens(createRestClient(shared), config);
    this.tokens = tokens;
    this.#client = createRestClient({
      ...shared,
      headers: async (): Promise<HeaderMap> => ({ authorization: `Bearer ${await tokens.get()}` }),
      // The token lapsed early or was revoked: one fresh token, one more try.
      onUnauthorized: (refused) => tokens.invalidate(refused.authorization?.replace(/^Bearer /, '') ?? ''),
    });
  }

  /** Replaces the adapter's secrets in a text, as the API's errors are. */
  get redact(): (text: string) => string {
    return this.#client.redact;
  }

  /** Calls one Agent Chat API action; `once` for actions that must not be sent twice after an ambiguous failure. */
  action<T = unknown>(action: string, body: unknown, once = false): Promise<T> {
    return this.#client.send<T>({ method: 'POST', path: `agent/action/${action}`, json: body, once });
  }
}
