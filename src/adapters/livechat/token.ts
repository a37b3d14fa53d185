import { PlatformApiError } from '../../errors.js';
import type { RestClient } from '../../outbound/rest-client.js';
import { type IssuedToken, TokenCache } from '../kit/token-cache.js';
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
export function botTokens(client: RestClient, credentials: Credentials, now: () => number = () => Date.now()): TokenCache {
  return new TokenCache(() => issueToken(client, credentials), now);
}

async function issueToken(client: RestClient, credentials: Credentials): Promise<IssuedToken> {
  const { botId, clientId, botSecret, organizationId } = credentials;
  const answer = await client.send<{ token?: unknown } | undefined>({
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
  return { value, lifetimeMs: BOT_TOKEN_LIFETIME_MS, renewMarginMs: RENEW_MARGIN_MS };
}
