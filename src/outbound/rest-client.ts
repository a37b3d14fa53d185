import type { KyInstance, Options, RetryOptions } from 'ky';
import { HandoffkitError, PlatformApiError } from '../core/errors.js';
import { type CallProbe, routeTemplate, startCall } from '../core/observability/calls.js';

/** An HTTP method a platform call uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Request headers by name. */
export type HeaderMap = Readonly<Record<string, string>>;

/** What a platform's error body says, for `E_PLATFORM_API`. */
export interface PlatformErrorFacts {
  /** The platform's message. */
  message: string;
  /** Platform-specific error fields (codes, trace ids). */
  details?: Record<string, unknown>;
}

/** What an `unwrap` hook makes of a 2xx answer: the data it carries, or the error it reports (and the status to report). */
export type Unwrapped = { data: unknown } | { error: PlatformErrorFacts; status?: number };

/** One call of a platform API. */
export interface RestCall {
  /** The HTTP method. */
  method: HttpMethod;
  /** The path, relative to the base URL (no leading slash); `query`, when given, replaces a query written in it. */
  path: string;
  /** A JSON body (sent as `application/json`). At most one of `json`, `form` and `bytes`. */
  json?: unknown;
  /** A form body (sent as `application/x-www-form-urlencoded`). */
  form?: URLSearchParams | Readonly<Record<string, string>>;
  /** A body sent as these bytes; give its `content-type` in `headers`. */
  bytes?: Uint8Array;
  /** Query parameters. */
  query?: Readonly<Record<string, string | number | boolean>>;
  /** Headers of this call, over the client's. */
  headers?: HeaderMap;
  /** A call that may act even when it fails (publishing a reply): retried only on 408, 429 and 503, never after a network error. */
  once?: boolean;
  /** A 2xx answer that is not JSON resolves with `undefined` instead of failing (answers that are not used). */
  ignoreNonJson?: boolean;
}

/** Options of {@link createRestClient}. */
export interface RestClientOptions {
  /** The adapter's name, used in error messages. */
  platform: string;
  /** The base URL every path is resolved against (ends with `/`). */
  baseUrl: string;
  /** Headers sent with every call (authentication), or a function giving them before each attempt (a bearer token). */
  headers?: HeaderMap | (() => HeaderMap | Promise<HeaderMap>);
  /** Called after a 401 with the headers that were refused (drop the token); the call is then tried once more. */
  onUnauthorized?: (refused: HeaderMap) => void | Promise<void>;
  /** Per-attempt timeout. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries on 408, 429 and 5xx (see {@link RestCall.once}). Default 2. */
  retries?: number;
  /** The longest `Retry-After` honoured, in ms. Default 20 000. */
  maxRetryAfterMs?: number;
  /** Reads a parsed 2xx JSON answer's envelope: the data inside, or the error the envelope reports. */
  unwrap?: (body: unknown, status: number) => Unwrapped;
  /** Reads the platform's error body (parsed JSON, else `text`) into a message; `undefined` falls back to a generic reading. */
  errorFacts?: (body: unknown, status: number, text: string) => PlatformErrorFacts | undefined;
  /** Turns some platform errors into another error (e.g. `E_NOT_OWNER`). */
  mapError?: (error: PlatformApiError) => HandoffkitError;
  /** Values replaced by `[redacted]` wherever a platform's error text quotes them (a token sent in a URL). */
  secrets?: readonly string[];
  /** Told of every call's end (method, route template, status, duration, retries); `agent.events` needs no wiring. */
  observer?: Parameters<typeof startCall>[3];
}

/** A REST client for one platform: retries with backoff, honours `Retry-After`, maps failures to `E_PLATFORM_API` / `E_TIMEOUT`. */
export interface RestClient {
  /** Performs a call and resolves with the parsed (and unwrapped) JSON answer, or `undefined` for an empty one. */
  send<T = unknown>(call: RestCall): Promise<T>;
  /** Calls `method path` with an optional JSON body: `send({ method, path, json: body })`. */
  request<T = unknown>(method: HttpMethod, path: string, body?: unknown): Promise<T>;
}

const ALWAYS_SAFE = [408, 429, 503];

// ky is loaded on the first call, not at import: its module load alone costs about 19 ms of a bot's cold start
// (it probes fetch stream support), and many deliveries never call the platform.
let kyModule: Promise<typeof import('ky')> | undefined;
const loadKy = (): Promise<typeof import('ky')> => (kyModule ??= import('ky'));

/** ky's default export; in the CJS build the imported chunk's exports sit one `default` deeper. */
function kyOf(module: typeof import('ky')): (typeof import('ky'))['default'] {
  const outer = module.default as unknown as { create?: unknown; default?: (typeof import('ky'))['default'] };
  return typeof outer.create === 'function' ? module.default : (outer.default as (typeof import('ky'))['default']);
}

/** ky's HTTPError, recognised by shape (the class lives in the lazily loaded module). */
function isHttpError(error: unknown): error is Error & { response: Response } {
  return error instanceof Error && error.name === 'HTTPError' && (error as { response?: unknown }).response instanceof Response;
}

/** ky's TimeoutError, recognised by name. */
function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** Creates a platform REST client; ky and its instance are loaded and made on first use. */
export function createRestClient(options: RestClientOptions): RestClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const policy = (once: boolean): RetryOptions => ({
    limit: options.retries ?? 2,
    methods: ['get', 'post', 'put', 'patch', 'delete'],
    // A call that failed with 500/502/504 may have acted: a `once` call is not sent again.
    statusCodes: once ? ALWAYS_SAFE : [...ALWAYS_SAFE, 500, 502, 504],
    afterStatusCodes: [429, 503],
    maxRetryAfter: options.maxRetryAfterMs ?? 20_000,
    backoffLimit: 5_000,
    ...(once ? { shouldRetry: ({ error }) => (isHttpError(error) ? undefined : false) } : {}),
  });
  const retry = { normal: policy(false), once: policy(true) };
  const { headers } = options;
  const authHeaders = typeof headers === 'function' ? headers : (): HeaderMap => headers ?? {};
  let instance: KyInstance | undefined;
  const client = async (): Promise<KyInstance> =>
    (instance ??= kyOf(await loadKy()).create({ prefixUrl: options.baseUrl, timeout: timeoutMs }));
  const fail = (call: RestCall, status: number, facts: PlatformErrorFacts): PlatformApiError =>
    new PlatformApiError({ ...callFacts(options.platform, call), status, platformMessage: facts.message, ...(facts.details ? { details: facts.details } : {}) });

  const send = async <T>(call: RestCall): Promise<T> => {
    let refreshed = false;
    const probe = startCall(options.platform, call.method, () => redact(routeTemplate(new URL(call.path, options.baseUrl).pathname), options.secrets), options.observer);
    for (;;) {
      // The header provider's own failures (a refused token request) pass as they are.
      const base = await authHeaders();
      let status: number;
      let text: string;
      try {
        const response = await (await client())(call.path, {
          method: call.method,
          headers: { ...base, ...call.headers, ...probe?.headers },
          retry: call.once === true ? retry.once : retry.normal,
          ...observedHooks(probe),
          ...bodyOf(call),
          ...(call.query === undefined ? {} : { searchParams: { ...call.query } }),
        });
        status = response.status;
        text = await response.text();
        probe?.end(status, retriesOf(probe));
      } catch (error) {
        if (!refreshed && options.onUnauthorized !== undefined && isHttpError(error) && error.response.status === 401) {
          refreshed = true;
          void error.response.body?.cancel().catch(() => undefined);
          await options.onUnauthorized(base);
          continue;
        }
        probe?.end(isHttpError(error) ? error.response.status : 0, retriesOf(probe));
        throw await toPlatformError(error, options, call, timeoutMs);
      }
      if (text.trim() === '') return undefined as T;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        if (call.ignoreNonJson === true) return undefined as T;
        throw fail(call, status, { message: 'the answer is not valid JSON' });
      }
      if (options.unwrap === undefined) return body as T;
      const unwrapped = options.unwrap(body, status);
      if ('data' in unwrapped) return unwrapped.data as T;
      const error = fail(call, unwrapped.status ?? status, unwrapped.error);
      throw options.mapError?.(error) ?? error;
    }
  };

  return {
    send,
    request: (method, path, body) => send({ method, path, ...(body === undefined ? {} : { json: body }) }),
  };
}

/** Counts an observed call's retries (ky's `beforeRetry` hook). */
function observedHooks(probe: CallProbe | undefined): Pick<Options, 'hooks'> {
  if (probe === undefined) return {};
  return { hooks: { beforeRetry: [() => void retried.set(probe, retriesOf(probe) + 1)] } };
}
const retried = new WeakMap<CallProbe, number>();
const retriesOf = (probe: CallProbe): number => retried.get(probe) ?? 0;

function bodyOf(call: RestCall): Pick<Options, 'json' | 'body'> {
  if (call.json !== undefined) return { json: call.json };
  if (call.form !== undefined) return { body: call.form instanceof URLSearchParams ? call.form : new URLSearchParams({ ...call.form }) };
  if (call.bytes !== undefined) return { body: call.bytes as BodyInit };
  return {};
}

function callFacts(platform: string, call: RestCall): { platform: string; method: string; path: string } {
  return { platform, method: call.method, path: `/${call.path.split('?')[0] ?? ''}` };
}

// Never keeps the HTTP client's error as `cause`: it holds the request, headers and token included.
async function toPlatformError(error: unknown, options: RestClientOptions, call: RestCall, timeoutMs: number): Promise<HandoffkitError> {
  const facts = callFacts(options.platform, call);
  if (isHttpError(error)) {
    const status = error.response.status;
    const { body, text } = await readBody(error.response);
    const read = options.errorFacts?.(body, status, text) ?? genericFacts(body, status, error.response.statusText);
    const platformMessage = redact(read.message, options.secrets);
    const mapped = new PlatformApiError({ ...facts, status, platformMessage, ...(read.details ? { details: read.details } : {}) });
    return options.mapError?.(mapped) ?? mapped;
  }
  if (isTimeoutError(error)) {
    return new HandoffkitError('E_TIMEOUT', `${options.platform} API ${call.method} ${facts.path} timed out after ${timeoutMs} ms.`, { details: facts });
  }
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new PlatformApiError({ ...facts, status: 0, platformMessage: redact(`no answer (${reason})`, options.secrets) });
}

/** Replaces every secret (and its URL-encoded form) in a platform's text. */
function redact(text: string, secrets: readonly string[] | undefined): string {
  let out = text;
  for (const secret of secrets ?? []) {
    if (secret.length < 4) continue;
    out = out.split(secret).join('[redacted]').split(encodeURIComponent(secret)).join('[redacted]');
  }
  return out;
}

async function readBody(response: Response): Promise<{ body: unknown; text: string }> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return { body: undefined, text: '' };
  }
  try {
    return { body: JSON.parse(text), text };
  } catch {
    return { body: text, text };
  }
}

function genericFacts(body: unknown, status: number, statusText: string): PlatformErrorFacts {
  if (typeof body === 'string' && body.trim() !== '') return { message: body.trim().slice(0, 300) };
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'error', 'errors']) {
      const value = record[key];
      if (typeof value === 'string') return { message: value };
      if (Array.isArray(value) && value.length > 0) return { message: value.map(String).join('; ') };
    }
  }
  return { message: statusText || `HTTP ${status}` };
}
