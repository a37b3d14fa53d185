import { ConfigError, type HandoffkitError, type PlatformApiError } from '../../errors.js';
import { clientOptions, describeValue, urlOption } from '../kit/options.js';
import { createRestClient, type RestClient } from '../../outbound/rest-client.js';
import { graphErrorFacts } from './graph-errors.js';

/** The Graph API version used unless configured. */
export const DEFAULT_GRAPH_VERSION = 'v21.0';

/** The Graph API host used unless `apiUrl` overrides it. */
export const DEFAULT_GRAPH_HOST = 'https://graph.facebook.com';

const GRAPH_VERSION = /^v\d+\.\d+$/;

/** What the Graph options of an adapter become: the base URL (version included, ending with `/`), timeout and retries. */
export interface GraphClientSettings {
  /** The Graph base URL, version included, ending with `/`. */
  graphBase: string;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Retries on 408, 429 and 5xx. */
  retries: number;
}

/** Checks `graphVersion`, `apiUrl`, `timeoutMs` and `retries` of `factory(...)`; throws `E_CONFIG` naming the option. */
export function graphClientSettings(
  factory: string,
  options: { graphVersion?: unknown; apiUrl?: unknown; timeoutMs?: unknown; retries?: unknown },
): GraphClientSettings {
  const graphVersion = options.graphVersion ?? DEFAULT_GRAPH_VERSION;
  if (typeof graphVersion !== 'string' || !GRAPH_VERSION.test(graphVersion)) {
    throw new ConfigError('graphVersion', `${factory}({ graphVersion }) must look like "v21.0", got ${describeValue(graphVersion)}.`);
  }
  const host = options.apiUrl === undefined ? DEFAULT_GRAPH_HOST : urlOption(factory, 'apiUrl', options.apiUrl, 'the http(s) URL of the Graph API host');
  return { graphBase: `${host.replace(/\/+$/, '')}/${graphVersion}/`, ...clientOptions(factory, options) };
}

/** Options of {@link createGraphClient}. */
export interface GraphClientOptions extends GraphClientSettings {
  /** The adapter's name, in error messages. */
  platform: string;
  /** The access token every call carries. */
  accessToken: string;
  /** `bearer`: an `Authorization: Bearer` header; `query`: the caller puts `access_token` in each path. */
  auth: 'bearer' | 'query';
  /** Every other secret the adapter holds (app secrets, verify token), redacted from errors. */
  secrets: readonly string[];
  /** The adapter's reading of Graph errors (`E_NOT_OWNER`, clearer messages). */
  mapError: (error: PlatformApiError) => HandoffkitError;
}

/**
 * The Graph API client of a Meta adapter: the shared REST client (retries with backoff on 429 and 5xx, honouring
 * `Retry-After`), Graph's error body read into code, subcode and trace id, the token redacted wherever it may show.
 */
export function createGraphClient(options: GraphClientOptions): RestClient {
  return createRestClient({
    platform: options.platform,
    baseUrl: options.graphBase,
    headers: { accept: 'application/json', ...(options.auth === 'bearer' ? { authorization: `Bearer ${options.accessToken}` } : {}) },
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    errorFacts: graphErrorFacts(options.accessToken),
    mapError: options.mapError,
    // A token in the URL's query: whatever error text quotes the URL must not show it.
    secrets: [options.accessToken, ...options.secrets],
  });
}
