import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import { HandoffkitError, PlatformApiError } from '../../core/errors.js';

/** A call whose body is not JSON (the form-encoded token request, an attachment upload). */
export interface RawCall {
  /** The HTTP method. */
  method: 'POST' | 'PUT';
  /** The path, relative to the API base. */
  path: string;
  /** Request headers (authentication, content type). */
  headers: Record<string, string>;
  /** The body as sent. */
  body: URLSearchParams | Uint8Array;
}

/** Options of {@link createRawClient}. */
export interface RawClientOptions {
  /** The API base URL (ends with `/`). */
  baseUrl: string;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
  /** Retries on 408, 429 and 5xx. */
  retries: number;
}

/** Sends non-JSON calls to the Hootsuite API and resolves with the parsed JSON answer (or `undefined`). */
export interface RawClient {
  /** Sends one call; failures become `E_PLATFORM_API` / `E_TIMEOUT` errors without the request (and its headers) as cause. */
  send<T>(call: RawCall): Promise<T | undefined>;
}

/** Creates a raw client over ky: the same retry policy as the JSON REST client. */
export function createRawClient(options: RawClientOptions): RawClient {
  let instance: KyInstance | undefined;
  const client = (): KyInstance =>
    (instance ??= ky.create({
      prefixUrl: options.baseUrl,
      timeout: options.timeoutMs,
      retry: {
        limit: options.retries,
        methods: ['post', 'put'],
        statusCodes: [408, 429, 500, 502, 503, 504],
        afterStatusCodes: [429, 503],
        maxRetryAfter: 20_000,
        backoffLimit: 5_000,
      },
    }));
  return {
    async send<T>(call: RawCall): Promise<T | undefined> {
      try {
        const response = await client()(call.path, { method: call.method, headers: call.headers, body: call.body as BodyInit });
        const text = await response.text();
        if (text === '') return undefined;
        try {
          return JSON.parse(text) as T;
        } catch {
          return undefined;
        }
      } catch (error) {
        throw await platformError(error, call, options.timeoutMs);
      }
    },
  };
}

// Never keeps ky's error as `cause`: it holds the request, and so the Authorization header.
async function platformError(error: unknown, call: RawCall, timeoutMs: number): Promise<HandoffkitError> {
  const facts = { platform: 'hootsuite', method: call.method, path: `/${call.path.split('?')[0] ?? ''}` };
  if (error instanceof HTTPError) {
    const status = error.response.status;
    return new PlatformApiError({ ...facts, status, platformMessage: await messageOf(error.response) });
  }
  if (error instanceof TimeoutError) {
    return new HandoffkitError('E_TIMEOUT', `hootsuite API ${call.method} ${facts.path} timed out after ${timeoutMs} ms.`, { details: facts });
  }
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new PlatformApiError({ ...facts, status: 0, platformMessage: `no answer (${reason})` });
}

/** The platform's message from an error answer: OAuth2 `error_description`/`error`, or `message`, or the text. */
export async function messageOf(response: Response): Promise<string> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    return response.statusText || `HTTP ${response.status}`;
  }
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    for (const key of ['error_description', 'message', 'error']) {
      const value = body?.[key];
      if (typeof value === 'string' && value !== '') return value.slice(0, 300);
    }
  } catch {
    // Not JSON: the text itself.
  }
  return text.trim().slice(0, 300) || response.statusText || `HTTP ${response.status}`;
}
