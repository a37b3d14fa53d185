import type { CallProvider, CallRequest, CallResult } from '../core/calls.js';
import { CallError } from '../core/calls.js';
import { ConfigError, PlatformApiError } from '../errors.js';
import { clientOptions, describeValue } from '../adapters/kit/options.js';
import { createRestClient, type HttpMethod } from '../outbound/rest-client.js';

/** Options of {@link httpCalls}: the URL and values an admin defines for a contact-center "API connection". */
export interface HttpCallsOptions {
  /** The endpoint that requests the call. */
  url: string;
  /** The method. Default `POST`. */
  method?: 'POST' | 'PUT';
  /** Headers sent with every call (credentials: redacted from every error). */
  headers?: Readonly<Record<string, string>>;
  /** The JSON body for one request. Default `{ phone, conversationId, reason, locale }`. */
  body?: (request: CallRequest) => unknown;
  /** Reads the call's id and status from a 2xx answer's JSON body. Default: its `id` and `status` fields. */
  result?: (body: unknown) => CallResult;
  /** Which 4xx statuses mean the number was refused (the body's `message` is shown to the contact). Default 400 and 422. */
  invalidNumberStatuses?: readonly number[];
  /** A name for logs. Default `http`. */
  name?: string;
  /** Per-attempt timeout. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries on 429 and 503. Default 2. */
  retries?: number;
}

/** A call provider over any contact-center API: one JSON request per call, a refused number read from a 4xx. */
export function httpCalls(options: HttpCallsOptions): CallProvider {
  const factory = 'httpCalls';
  let endpoint: URL;
  try {
    endpoint = new URL(String(options?.url));
  } catch {
    throw new ConfigError('url', `${factory}({ url }) must be an http(s) URL, got ${describeValue(options?.url)}.`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new ConfigError('url', `${factory}({ url }) must use http or https.`);
  const method: HttpMethod = options.method ?? 'POST';
  if (method !== 'POST' && method !== 'PUT') throw new ConfigError('method', `${factory}({ method }) must be 'POST' or 'PUT', got ${describeValue(method)}.`);
  const headers = options.headers ?? {};
  const invalid = options.invalidNumberStatuses ?? [400, 422];
  const client = createRestClient({
    platform: options.name ?? 'http',
    baseUrl: new URL('/', endpoint).href,
    headers,
    secrets: Object.values(headers),
    errorFacts: (body) => {
      const message = (body as { message?: unknown; error?: unknown } | undefined)?.message ?? (body as { error?: unknown } | undefined)?.error;
      return typeof message === 'string' ? { message } : undefined;
    },
    ...clientOptions(factory, options),
  });
  const path = `${endpoint.pathname.slice(1)}${endpoint.search}`;
  const bodyOf = options.body ?? ((r: CallRequest) => ({ phone: r.phone, conversationId: r.conversationId, reason: r.reason, locale: r.locale }));
  return {
    name: options.name ?? 'http',
    async requestCall(request: CallRequest): Promise<CallResult> {
      let answer: unknown;
      try {
        answer = await client.send({ method, path, json: bodyOf(request), once: true });
      } catch (error) {
        if (error instanceof PlatformApiError && invalid.includes(error.status)) throw new CallError('invalid_number', error.platformMessage, { cause: error });
        throw error;
      }
      if (options.result !== undefined) return options.result(answer);
      const read = answer as { id?: unknown; status?: unknown } | undefined;
      return { id: String(read?.id ?? ''), status: String(read?.status ?? 'requested') };
    },
  };
}
