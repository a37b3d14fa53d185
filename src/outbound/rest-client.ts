import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import { HandoffkitError, PlatformApiError } from '../core/errors.js';

/** What a platform's error body says, for `E_PLATFORM_API`. */
export interface PlatformErrorFacts {
  /** The platform's message. */
  message: string;
  /** Platform-specific error fields (codes, trace ids). */
  details?: Record<string, unknown>;
}

/** Options of {@link createRestClient}. */
export interface RestClientOptions {
  /** The adapter's name, used in error messages. */
  platform: string;
  /** The base URL every path is resolved against (ends with `/`). */
  baseUrl: string;
  /** Headers sent with every call (authentication). */
  headers: Record<string, string>;
  /** Per-attempt timeout. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries on 408, 429 and 5xx. Default 2. */
  retries?: number;
  /** The longest `Retry-After` honoured, in ms. Default 20 000. */
  maxRetryAfterMs?: number;
  /** Reads the platform's error body into a message. */
  errorFacts?: (body: unknown, status: number) => PlatformErrorFacts | undefined;
  /** Turns some platform errors into another error (e.g. `E_NOT_OWNER`). */
  mapError?: (error: PlatformApiError) => HandoffkitError;
}

/** A JSON REST client for one platform: retries with backoff, honours `Retry-After`, maps errors. */
export interface RestClient {
  /** Calls `method path` with an optional JSON body and resolves with the parsed JSON answer. */
  request<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** Creates a platform REST client; the underlying ky instance is made on first use. */
export function createRestClient(options: RestClientOptions): RestClient {
  let instance: KyInstance | undefined;
  const client = (): KyInstance =>
    (instance ??= ky.create({
      prefixUrl: options.baseUrl,
      headers: options.headers,
      timeout: options.timeoutMs ?? 10_000,
      retry: {
        limit: options.retries ?? 2,
        methods: ['get', 'post', 'put', 'patch', 'delete'],
        statusCodes: [408, 429, 500, 502, 503, 504],
        afterStatusCodes: [429, 503],
        maxRetryAfter: options.maxRetryAfterMs ?? 20_000,
        backoffLimit: 5_000,
      },
    }));

  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      try {
        const response = await client()(path, { method, ...(body === undefined ? {} : { json: body }) });
        const text = await response.text();
        return (text === '' ? undefined : JSON.parse(text)) as T;
      } catch (error) {
        throw await toPlatformError(error, options, method, path);
      }
    },
  };
}

// Never keeps the HTTP client's error as `cause`: it holds the request, headers and token included.
async function toPlatformError(error: unknown, options: RestClientOptions, method: string, path: string): Promise<HandoffkitError> {
  const call = { platform: options.platform, method, path: `/${path.split('?')[0] ?? ''}` };
  if (error instanceof HTTPError) {
    const status = error.response.status;
    const body = await readBody(error.response);
    const facts = options.errorFacts?.(body, status) ?? genericFacts(body, status, error.response.statusText);
    const mapped = new PlatformApiError({ ...call, status, platformMessage: facts.message, ...(facts.details ? { details: facts.details } : {}) });
    return options.mapError?.(mapped) ?? mapped;
  }
  if (error instanceof TimeoutError) {
    return new HandoffkitError('E_TIMEOUT', `${options.platform} API ${method} ${call.path} timed out after ${options.timeoutMs ?? 10_000} ms.`, {
      details: call,
    });
  }
  if (error instanceof SyntaxError) {
    return new PlatformApiError({ ...call, status: 200, platformMessage: 'the answer is not valid JSON' });
  }
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new PlatformApiError({ ...call, status: 0, platformMessage: `no answer (${reason})` });
}

async function readBody(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  } catch {
    return undefined;
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
