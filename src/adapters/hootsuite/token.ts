import { PlatformApiError } from '../../errors.js';
import type { PlatformErrorFacts, RestClient } from '../../outbound/rest-client.js';
import type { HootsuiteCredentials } from './options.js';

/** The token endpoint, relative to the API base. */
export const TOKEN_PATH = 'oauth2/token';

// A token is renewed this long before it expires (a tenth of short lifetimes), so that no call starts with a token about to lapse.
const EXPIRY_MARGIN_MS = 60_000;
// When Hootsuite gives no lifetime: its documented one (an hour), minus nothing.
const DEFAULT_LIFETIME_S = 3_600;

interface CachedToken {
  value: string;
  /** When the token is renewed: its expiry minus a margin. */
  renewAt: number;
}

/** The answer of `POST /oauth2/token`. */
interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
}

/**
 * OAuth2 client credentials (`grant_type=organization_app`) for the Inbox 2.0 REST API: fetched on first use, cached
 * until shortly before it expires, shared by concurrent callers, dropped when the API answers 401.
 */
export class TokenSource {
  readonly #client: RestClient;
  readonly #credentials: HootsuiteCredentials;
  readonly #now: () => number;
  #token: CachedToken | undefined;
  #pending: Promise<string> | undefined;

  /** Creates a token source; nothing is fetched until the first call. */
  constructor(client: RestClient, credentials: HootsuiteCredentials, now: () => number = Date.now) {
    this.#client = client;
    this.#credentials = credentials;
    this.#now = now;
  }

  /** A valid access token, fetched when none is cached or the cached one is about to expire. */
  async get(): Promise<string> {
    const token = this.#token;
    if (token !== undefined && this.#now() < token.renewAt) return token.value;
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets `value` (the API refused it); a token fetched meanwhile by another caller is kept. */
  invalidate(value: string): void {
    if (this.#token?.value === value) this.#token = undefined;
  }

  async #fetch(): Promise<string> {
    const { clientId, clientSecret, organizationId } = this.#credentials;
    let answer: TokenAnswer | undefined;
    try {
      answer = await this.#client.send<TokenAnswer | undefined>({
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
    this.#token = { value, renewAt: this.#now() + lifetime * 1000 - Math.min(EXPIRY_MARGIN_MS, lifetime * 100) };
    return value;
  }
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
