// An access token fetched from a platform's token endpoint, cached until shortly before it lapses: the adapters
// whose APIs take short-lived tokens (OAuth2 client credentials, bot tokens) share this cache, each with its own
// token request.

/** A token as its endpoint answered it, with how long it lives and how early it is renewed. */
export interface IssuedToken {
  /** The token itself. */
  value: string;
  /** How long the token lives from when it was answered, in milliseconds. */
  lifetimeMs: number;
  /** How long before it lapses the token is renewed, so that no call starts with a token about to expire. */
  renewMarginMs: number;
}

/**
 * A cached token: fetched on first use by `issue`, kept until shortly before it lapses, one fetch shared by
 * concurrent callers, dropped when the API refuses it.
 */
export class TokenCache {
  readonly #issue: () => Promise<IssuedToken>;
  readonly #now: () => number;
  #token: { value: string; renewAt: number } | undefined;
  #pending: Promise<string> | undefined;

  /** Creates the cache; nothing is fetched until the first call. */
  constructor(issue: () => Promise<IssuedToken>, now: () => number = Date.now) {
    this.#issue = issue;
    this.#now = now;
  }

  /** A valid token, fetched when none is cached or the cached one is about to lapse. */
  get(): Promise<string> {
    const token = this.#token;
    if (token !== undefined && this.#now() < token.renewAt) return Promise.resolve(token.value);
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
    const { value, lifetimeMs, renewMarginMs } = await this.#issue();
    this.#token = { value, renewAt: this.#now() + lifetimeMs - renewMarginMs };
    return value;
  }
}
