import ky, { HTTPError, TimeoutError, type KyInstance, type RetryOptions } from 'ky';
import { HandoffkitError, PlatformApiError } from '../../core/errors.js';

// The Engagor API takes POST parameters form-encoded, structured ones (`services`, `updates`, `options`) as JSON
// strings inside the form, and answers `{ meta: { code }, response }` or, on failure, `{ code, error, error_description }`.
// The shared JSON client sends JSON bodies, so this adapter has its own small client.

/** One call of the Engagor API. */
export interface EngagorCall {
  /** The HTTP method. */
  method: 'GET' | 'POST' | 'DELETE';
  /** The path under the account, e.g. `inbox/contact/twitter/42` (no leading slash). */
  path: string;
  /** Query parameters. */
  query?: Readonly<Record<string, string>>;
  /** Form parameters of a POST (sent as `application/x-www-form-urlencoded`). */
  form?: Readonly<Record<string, string>>;
  /** Publishing calls: retried only on answers that say nothing was done (408, 429, 503), never after a network error. */
  publish?: boolean;
}

/** Options of {@link createEngagorClient}. */
export interface EngagorClientOptions {
  /** The API's base URL, ending with `/`. */
  baseUrl: string;
  /** The account every path is under. */
  accountId: string;
  /** The OAuth access token (sent in the Authorization header, never in a URL). */
  accessToken: string;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
  /** Retries on 408, 429 and 5xx. */
  retries: number;
}

/** The Engagor API of one account: form-encoded calls, unwrapped answers, errors as `E_PLATFORM_API`. */
export interface EngagorClient {
  /** Performs a call and resolves with the `response` member of the answer's envelope. */
  request<T = unknown>(call: EngagorCall): Promise<T>;
}

const PLATFORM = 'qualtrics';

/** Creates the client of one account; the ky instance is made on first use. */
export function createEngagorClient(options: EngagorClientOptions): EngagorClient {
  let instance: KyInstance | undefined;
  const client = (): KyInstance =>
    (instance ??= ky.create({
      prefixUrl: options.baseUrl,
      headers: { authorization: `Bearer ${options.accessToken}`, accept: 'application/json' },
      timeout: options.timeoutMs,
    }));

  return {
    async request<T>(call: EngagorCall): Promise<T> {
      const path = `${options.accountId}/${call.path}`;
      let text: string;
      let status: number;
      try {
        const response = await client()(path, {
          method: call.method,
          retry: retryOptions(options.retries, call.publish === true),
          ...(call.query === undefined ? {} : { searchParams: { ...call.query } }),
          ...(call.form === undefined ? {} : { body: new URLSearchParams({ ...call.form }) }),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        throw await toPlatformError(error, call.method, path, options.timeoutMs);
      }
      return unwrap(text, status, call.method, path) as T;
    },
  };
}

function retryOptions(retries: number, publish: boolean): RetryOptions {
  return {
    limit: retries,
    methods: ['get', 'post', 'delete'],
    // A publish that failed with 500/502/504 may have gone out: retrying it could send the reply twice.
    statusCodes: publish ? [408, 429, 503] : [408, 429, 500, 502, 503, 504],
    afterStatusCodes: [413, 429, 503],
    maxRetryAfter: 20_000,
    backoffLimit: 5_000,
    ...(publish ? { shouldRetry: ({ error }) => (error instanceof HTTPError ? undefined : false) } : {}),
  };
}

/** The `response` of a successful envelope; an error envelope in a 2xx answer is still an error. */
function unwrap(text: string, status: number, method: string, path: string): unknown {
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw apiError(status, 'the answer is not valid JSON', method, path);
  }
  if (typeof body !== 'object' || body === null) return body;
  const record = body as { meta?: { code?: unknown }; response?: unknown };
  const failure = errorFacts(body);
  if (failure !== undefined) throw apiError(failure.status ?? status, failure.message, method, path, failure.type);
  if (typeof record.meta?.code === 'number' && record.meta.code >= 400) {
    throw apiError(record.meta.code, `the answer's meta.code is ${record.meta.code}`, method, path);
  }
  return 'response' in record ? record.response : body;
}

interface ErrorFacts {
  message: string;
  type: string | undefined;
  status: number | undefined;
}

/** Reads the API's error envelope `{ code, error, error_description, error_details }`. */
function errorFacts(body: unknown): ErrorFacts | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { code, error, error_description: description } = body as { code?: unknown; error?: unknown; error_description?: unknown };
  if (typeof error !== 'string' && typeof description !== 'string') return undefined;
  const message = typeof description === 'string' && description !== '' ? description : String(error);
  return { message, type: typeof error === 'string' ? error : undefined, status: typeof code === 'number' && code >= 400 ? code : undefined };
}

function apiError(status: number, message: string, method: string, path: string, type?: string): PlatformApiError {
  return new PlatformApiError({
    platform: PLATFORM,
    status,
    platformMessage: message,
    method,
    path: `/${path}`,
    ...(type === undefined ? {} : { details: { error: type } }),
  });
}

// Never keeps the HTTP client's error as `cause`: it holds the request, the Authorization header included.
async function toPlatformError(error: unknown, method: string, path: string, timeoutMs: number): Promise<HandoffkitError> {
  if (error instanceof HTTPError) {
    const status = error.response.status;
    let text = '';
    try {
      text = await error.response.text();
    } catch {
      // The body is gone: the status says enough.
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    const facts = errorFacts(body);
    const message = facts?.message ?? (text.trim() !== '' ? text.trim().slice(0, 300) : error.response.statusText || `HTTP ${status}`);
    return apiError(status, message, method, path, facts?.type);
  }
  if (error instanceof TimeoutError) {
    return new HandoffkitError('E_TIMEOUT', `${PLATFORM} API ${method} /${path} timed out after ${timeoutMs} ms.`, {
      details: { platform: PLATFORM, method, path: `/${path}` },
    });
  }
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return apiError(0, `no answer (${reason})`, method, path);
}
