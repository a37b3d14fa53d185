import { Buffer } from 'node:buffer';
import { ConfigError } from '../../errors.js';
import { createRestClient, type HeaderMap, type RestClient } from '../../outbound/rest-client.js';
import type { ConversationManipulation } from './manipulation.js';
import type { HootsuiteCredentials } from './options.js';
import type { TokenCache } from '../kit/token-cache.js';
import { hootsuiteTokens, oauthErrorFacts } from './token.js';

/** What the REST API needs from the adapter's options. */
export interface HootsuiteApiConfig {
  /** The API base URL (ends with `/`). */
  apiBase: string;
  /** The OAuth2 credentials, or `undefined` when the REST API is not configured. */
  credentials: HootsuiteCredentials | undefined;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
  /** Retries on 408, 429 and 5xx. */
  retries: number;
  /** The webhook's HMAC keys: redacted too, should any text ever quote them. */
  keys?: readonly Uint8Array[];
}

/** Every secret the adapter holds, for the clients' redaction: the client secret and the shared secrets (hex). */
export function hootsuiteSecrets(config: Pick<HootsuiteApiConfig, 'credentials' | 'keys'>): string[] {
  const keys = (config.keys ?? []).map((key) => Buffer.from(key).toString('hex'));
  return [...(config.credentials === undefined ? [] : [config.credentials.clientSecret]), ...keys, ...keys.map((hex) => hex.toUpperCase())];
}

/** A file to upload into a conversation. */
export interface UploadFile {
  /** The name the contact sees; letters, digits, `-`, `_` and `.` only, unique within the conversation. */
  filename: string;
  /** The file's bytes (Hootsuite takes up to 10 MB). */
  bytes: Uint8Array;
  /** The MIME type, e.g. `image/gif`. */
  contentType: string;
}

/** The path of the manipulation endpoint of one conversation. */
export function conversationPath(conversationId: string): string {
  return `inbox/v1/virtual-agent/conversations/${encodeURIComponent(conversationId)}`;
}

/**
 * The virtual agent REST API: `POST …/conversations/{id}` (a `ConversationManipulation`) and
 * `PUT …/conversations/{id}/attachments/{filename}`, with a bearer token that is fetched once, cached, and
 * renewed once when the API answers 401.
 */
export class HootsuiteApi {
  readonly #client: RestClient;
  readonly #tokens: TokenCache | undefined;

  /** Creates the API client; nothing is sent until the first call. */
  constructor(config: HootsuiteApiConfig) {
    const shared = {
      platform: 'hootsuite',
      baseUrl: config.apiBase,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      errorFacts: oauthErrorFacts,
      // The token request's Basic credentials and the bearer token are redacted as the headers sent; these besides.
      secrets: hootsuiteSecrets(config),
    };
    const tokens = config.credentials === undefined ? undefined : hootsuiteTokens(createRestClient(shared), config.credentials);
    this.#tokens = tokens;
    this.#client = createRestClient({
      ...shared,
      headers: async (): Promise<HeaderMap> => (tokens === undefined ? {} : { authorization: `Bearer ${await tokens.get()}` }),
      // The token expired early or was revoked: one fresh token, one more try.
      onUnauthorized: (refused) => tokens?.invalidate(refused.authorization?.replace(/^Bearer /, '') ?? ''),
    });
  }

  /** Replaces the adapter's secrets in a text, as the API's errors are. */
  get redact(): (text: string) => string {
    return this.#client.redact;
  }

  /** Whether clientId, clientSecret and organizationId were given. */
  get configured(): boolean {
    return this.#tokens !== undefined;
  }

  /** Sends a `ConversationManipulation` to one conversation. */
  async manipulate(conversationId: string, body: ConversationManipulation, helper: string): Promise<void> {
    this.#required(helper);
    await this.#client.send({ method: 'POST', path: conversationPath(conversationId), json: body, headers: { accept: 'application/json' } });
  }

  /** Uploads a file into a conversation, to be sent as `{ attachment: filename }`. */
  async upload(conversationId: string, file: UploadFile, helper: string): Promise<void> {
    this.#required(helper);
    await this.#client.send({
      method: 'PUT',
      path: `${conversationPath(conversationId)}/attachments/${encodeURIComponent(file.filename)}`,
      // Hootsuite requires Content-Length; it is set explicitly so that no layer in between streams the body without it.
      headers: { 'content-type': file.contentType, 'content-length': String(file.bytes.byteLength) },
      bytes: file.bytes,
      ignoreNonJson: true,
    });
  }

  #required(helper: string): void {
    if (this.#tokens !== undefined) return;
    throw new ConfigError(
      'clientId',
      `${helper}() has to go through the Hootsuite REST API (the webhook was already answered, the call is outside a webhook, or it uploads a file), which needs hootsuite({ clientId, clientSecret, organizationId }): the OAuth2 credentials of an organization app.`,
    );
  }
}
