import { createRestClient, type PlatformErrorFacts, type RestCall, type Unwrapped } from '../../outbound/rest-client.js';

// The Engagor API takes POST parameters form-encoded, structured ones (`services`, `updates`, `options`) as JSON
// strings inside the form, and answers `{ meta: { code }, response }` or, on failure, `{ code, error, error_description }`
// — at times inside a 2xx answer.

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
  /** Other secrets to redact besides the access token (the webhook's client secrets). */
  secrets?: readonly string[];
}

/** The Engagor API of one account: form-encoded calls, unwrapped answers, errors as `E_PLATFORM_API`. */
export interface EngagorClient {
  /** Performs a call (its path under the account, e.g. `inbox/contact/twitter/42`) and resolves with the envelope's `response`. */
  request<T = unknown>(call: RestCall): Promise<T>;
  /** Replaces the client's secrets in a text, as its errors are. */
  redact(text: string): string;
}

/** Creates the client of one account; nothing is sent until the first call. */
export function createEngagorClient(options: EngagorClientOptions): EngagorClient {
  const client = createRestClient({
    platform: 'qualtrics',
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.accessToken}`, accept: 'application/json' },
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    unwrap,
    secrets: [options.accessToken, ...(options.secrets ?? [])],
    errorFacts: (body, _status, text) => envelopeError(body)?.facts ?? (text.trim() === '' ? undefined : { message: text.trim().slice(0, 300) }),
  });
  return {
    request: (call) => client.send({ ...call, path: `${options.accountId}/${call.path}` }),
    redact: client.redact,
  };
}

/** The `response` of a successful envelope; an error envelope, or a `meta.code` of 400 or more, is an error. */
function unwrap(body: unknown): Unwrapped {
  if (typeof body !== 'object' || body === null) return { data: body };
  const failure = envelopeError(body);
  if (failure !== undefined) return { error: failure.facts, ...(failure.status === undefined ? {} : { status: failure.status }) };
  const record = body as { meta?: { code?: unknown }; response?: unknown };
  const code = record.meta?.code;
  if (typeof code === 'number' && code >= 400) return { error: { message: `the answer's meta.code is ${code}` }, status: code };
  return { data: 'response' in record ? record.response : body };
}

/** Reads the API's error envelope `{ code, error, error_description, error_details }`. */
function envelopeError(body: unknown): { facts: PlatformErrorFacts; status: number | undefined } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { code, error, error_description: description } = body as { code?: unknown; error?: unknown; error_description?: unknown };
  if (typeof error !== 'string' && typeof description !== 'string') return undefined;
  const message = typeof description === 'string' && description !== '' ? description : String(error);
  return {
    facts: { message, ...(typeof error === 'string' ? { details: { error } } : {}) },
    status: typeof code === 'number' && code >= 400 ? code : undefined,
  };
}
