import type { KyInstance, Options, RetryOptions } from 'ky';
import { HandoffkitError, PlatformApiError } from '../errors.js';
import { credentialForms, Redactor } from '../core/redact.js';
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
  /**
   * Every secret the client may send or the platform may quote (tokens, client secrets, webhook secrets): replaced by
   * `[redacted]`, in every encoding (URL- and form-encoded, base64, JSON-escaped), in the message and `details` of
   * every error the client throws. The values of the client's own `headers` (and of each call's `authorization`)
   * are redacted as well, a bearer token or the base64 of Basic's `id:secret` included.
   */
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
  /** Replaces the client's secrets (and its static credential headers) in a text, as its errors are. */
  redact(text: string): string;
}

const ALWAYS_SAFE = [408, 429, 503];

// ky is loaded on the first call, not at import: its module load alone costs about 19 ms of a bot's cold start
// (it probes fetch stream support), and many deliveries never call the platform.
let kyModule: Promise<typeof import('ky')> | undefined;
const loadKy = (): Promise<typeof import('ky')> => (kyModule ??= import('ky'));

/** ky's default export; in the CJS build the imported chunk's exports sit one `default` deeper. */
function kyOf(module: typeof import('ky')): typeof import('ky')['default'] {
  const outer = module.default as unknown as { create?: unknown; default?: typeof import('ky')['default'] };
  return typeof outer.create === 'function' ? module.default : (outer.default as typeof import('ky')['default']);
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
  const client = async (): Promise<KyInstance> => (instance ??= kyOf(await loadKy()).create({ prefixUrl: options.baseUrl, timeout: timeoutMs }));
  const secrets = new Redactor(options.secrets ?? []).add(typeof headers === 'object' ? credentialValues(headers, headers) : []);
  // Built on the failure path only: the static secrets plus the credentials this call sent.
  const redactorOf = (sent: HeaderMap): Redactor => secrets.with(credentialValues(sent, headers));
  const fail = (call: RestCall, status: number, facts: PlatformErrorFacts, redactor: Redactor): HandoffkitError => {
    const error = platformError(options.platform, call, status, facts, redactor);
    return options.mapError?.(error) ?? error;
  };

  const send = async <T>(call: RestCall): Promise<T> => {
    let refreshed = false;
    const probe = startCall(options.platform, call.method, () => secrets.text(routeTemplate(new URL(call.path, options.baseUrl).pathname)), options.observer);
    for (;;) {
      // The header provider's own failures (a refused token request) pass as they are.
      const base = await authHeaders();
      const sent = { ...base, ...call.headers };
      let status: number;
      let text: string;
      try {
        const response = await (await client())(call.path, {
          method: call.method,
          headers: { ...sent, ...probe?.headers },
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
        throw await toPlatformError(error, options, call, timeoutMs, redactorOf(sent));
      }
      if (text.trim() === '') return undefined as T;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        if (call.ignoreNonJson === true) return undefined as T;
        throw fail(call, status, { message: 'the answer is not valid JSON' }, redactorOf(sent));
      }
      if (options.unwrap === undefined) return body as T;
      const unwrapped = options.unwrap(body, status);
      if ('data' in unwrapped) return unwrapped.data as T;
      throw fail(call, unwrapped.status ?? status, unwrapped.error, redactorOf(sent));
    }
  };

  return {
    send,
    request: (method, path, body) => send({ method, path, ...(body === undefined ? {} : { json: body }) }),
    redact: secrets.text,
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

function callFacts(platform: string, call: RestCall, redactor: Redactor): { platform: string; method: string; path: string } {
  return { platform, method: call.method, path: redactor.text(`/${call.path.split('?')[0] ?? ''}`) };
}

// Headers that never carry a credential; every other header the client was configured with is treated as one.
const PLAIN_HEADERS = new Set(['accept', 'content-type', 'content-length', 'user-agent', 'accept-language']);

/** The values of the credential headers a call sent: the client's own headers, and any `authorization`. */
function credentialValues(sent: HeaderMap, configured: RestClientOptions['headers']): string[] {
  const own = typeof configured === 'object' ? Object.keys(configured).map((name) => name.toLowerCase()) : [];
  const out: string[] = [];
  for (const [name, value] of Object.entries(sent)) {
    const lower = name.toLowerCase();
    if (PLAIN_HEADERS.has(lower)) continue;
    if (lower.includes('auth') || lower.includes('token') || lower.includes('key') || own.includes(lower) || typeof configured === 'function') {
      out.push(...credentialForms(value));
    }
  }
  return out;
}

/** An `E_PLATFORM_API` error whose message and details went through the redactor. */
function platformError(platform: string, call: RestCall, status: number, facts: PlatformErrorFacts, redactor: Redactor): PlatformApiError {
  return new PlatformApiError({
    ...callFacts(platform, call, redactor),
    status,
    platformMessage: redactor.text(facts.message),
    ...(facts.details ? { details: redactor.value(facts.details) } : {}),
  });
}

// Never keeps the HTTP client's error as `cause`: it holds the request, headers and token included.
async function toPlatformError(error: unknown, options: RestClientOptions, call: RestCall, timeoutMs: number, redactor: Redactor): Promise<HandoffkitError> {
  if (isHttpError(error)) {
    const status = error.response.status;
    const { body, text } = await readBody(error.response);
    const read = options.errorFacts?.(body, status, text) ?? genericFacts(body, status, error.response.statusText);
    const mapped = platformError(options.platform, call, status, read, redactor);
    return options.mapError?.(mapped) ?? mapped;
  }
  if (isTimeoutError(error)) {
    const facts = callFacts(options.platform, call, redactor);
    return new HandoffkitError('E_TIMEOUT', `${options.platform} API ${call.method} ${facts.path} timed out after ${timeoutMs} ms.`, { details: facts });
  }
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return platformError(options.platform, call, 0, { message: `no answer (${reason})` }, redactor);
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
