import { PlatformApiError } from '../../errors.js';
import type { PlatformErrorFacts, RestClient } from '../../outbound/rest-client.js';
import { type IssuedToken, TokenCache } from '../kit/token-cache.js';
import type { HootsuiteCredentials } from './options.js';

/** The token endpoint, relative to the API base. */
export const TOKEN_PATH = 'oauth2/token';

// A token is renewed this long before it expires (a tenth of short lifetimes), so that no call starts with a token about to lapse.
const EXPIRY_MARGIN_MS = 60_000;
// When Hootsuite gives no lifetime: its documented one (an hour), minus nothing.
const DEFAULT_LIFETIME_S = 3_600;

/** The answer of `POST /oauth2/token`. */
interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
}

/**
 * OAuth2 client credentials (`grant_type=organization_app`) for the Inbox 2.0 REST API: fetched on first use, cached
 * until shortly before it expires, shared by concurrent callers, dropped when the API answers 401.
 */
export function hootsuiteTokens(client: RestClient, credentials: HootsuiteCredentials, now: () => number = Date.now): TokenCache {
  return new TokenCache(() => fetchToken(client, credentials), now);
}

async function fetchToken(client: RestClient, credentials: HootsuiteCredentials): Promise<IssuedToken> {
  const { clientId, clientSecret, organizationId } = credentials;
  let answer: TokenAnswer | undefined;
  try {
    answer = await client.send<TokenAnswer | undefined>({
      method: 'POST',
      path: TOKEN_PATH,
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      form: { grant_type: 'organization_app', organization_id: organizationId },
      // An answer that is not JSON has no access_token: said below.
      ignoreNonJson: true,
    });
  } catch (error) {
    throw explain(error);
  }
  const value = answer?.access_token;
  if (typeof value !== 'string' || value === '') {
    throw new PlatformApiError({
      platform: 'hootsuite',
      status: 200,
      platformMessage: 'the token answer has no access_token',
      method: 'POST',
      path: `/${TOKEN_PATH}`,
    });
  }
  const lifetime = typeof answer?.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : DEFAULT_LIFETIME_S;
  return { value, lifetimeMs: lifetime * 1000, renewMarginMs: Math.min(EXPIRY_MARGIN_MS, lifetime * 100) };
}

/** An OAuth2 error answer's `error_description`, the clearest message it has; other bodies are read the generic way. */
export function oauthErrorFacts(body: unknown): PlatformErrorFacts | undefined {
  const description = typeof body === 'object' && body !== null ? (body as { error_description?: unknown }).error_description : undefined;
  return typeof description === 'string' && description !== '' ? { message: description.slice(0, 300) } : undefined;
}

function explain(error: unknown): unknown {
  if (!(error instanceof PlatformApiError) || (error.status !== 400 && error.status !== 401 && error.status !== 403)) return error;
  return new PlatformApiError(
    { platform: 'hootsuite', status: error.status, platformMessage: error.platformMessage, method: 'POST', path: `/${TOKEN_PATH}` },
    `Hootsuite refused the OAuth2 token request (${error.status}: ${error.platformMessage}): check hootsuite({ clientId, clientSecret, organizationId }) — the organization app's credentials, and an organization linked to that app.`,
  );
}
