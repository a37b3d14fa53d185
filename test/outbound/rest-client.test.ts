import { inspect } from 'node:util';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HandoffkitError, PlatformApiError } from '../../src/errors.js';
import { createRestClient, type HeaderMap, type RestClientOptions, type Unwrapped } from '../../src/outbound/rest-client.js';
import { handoffkitRejection } from '../helpers/rejections.js';

const BASE = 'https://api.example.test/v1/';
const TOKEN = 'tok_live_9f8e7d6c5b4a';
const FRESH = 'tok_live_fresh_1a2b3c';

/** One request the stand-in received. */
interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  bytes: Uint8Array;
}

const seen: Seen[] = [];
let answer: (call: Seen, attempt: number) => Response | Promise<Response> = () => HttpResponse.json({ ok: true });

const server = setupServer(
  http.all(`${BASE}*`, async ({ request }) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const call: Seen = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      bytes: new Uint8Array(await request.arrayBuffer()),
    };
    seen.push(call);
    return answer(call, seen.length);
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  seen.length = 0;
  answer = () => HttpResponse.json({ ok: true });
});
afterAll(() => server.close());

function client(options: Partial<RestClientOptions> = {}) {
  return createRestClient({ platform: 'example', baseUrl: BASE, headers: { authorization: `Bearer ${TOKEN}` }, retries: 2, ...options });
}

function expectNoToken(error: unknown): void {
  const text = inspect(error, { depth: 8, showHidden: true });
  for (const secret of [TOKEN, FRESH]) expect(text).not.toContain(secret);
  expect((error as Error).cause).toBeUndefined();
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('bodies, query and headers', () => {
  it('request(method, path, body) sends JSON with the client headers and parses the answer', async () => {
    answer = () => HttpResponse.json({ id: 7 });
    await expect(client().request('POST', 'things/1', { name: 'a' })).resolves.toEqual({ id: 7 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/v1/things/1', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
    expect(JSON.parse(text(seen[0]!.bytes))).toEqual({ name: 'a' });
  });

  it('sends a form from a record or from URLSearchParams, JSON strings inside kept as they are', async () => {
    const api = client();
    await api.send({ method: 'POST', path: 'form', form: { updates: JSON.stringify({ tags: ['a b'] }), topic_ids: '42' } });
    await api.send({
      method: 'POST',
      path: 'form',
      form: new URLSearchParams([
        ['grant_type', 'x'],
        ['scope', 'a&b'],
      ]),
    });
    expect(seen.map((c) => c.headers['content-type'])).toEqual([
      expect.stringMatching(/^application\/x-www-form-urlencoded/),
      expect.stringMatching(/^application\/x-www-form-urlencoded/),
    ]);
    expect(Object.fromEntries(new URLSearchParams(text(seen[0]!.bytes)))).toEqual({ updates: '{"tags":["a b"]}', topic_ids: '42' });
    expect(Object.fromEntries(new URLSearchParams(text(seen[1]!.bytes)))).toEqual({ grant_type: 'x', scope: 'a&b' });
  });

  it('sends raw bytes with the headers of the call, over the client headers', async () => {
    const bytes = new Uint8Array([0x47, 0x49, 0x46, 0, 255, 1]);
    answer = () => new HttpResponse('stored', { status: 201 });
    const result = await client().send({
      method: 'PUT',
      path: 'files/a.gif',
      bytes,
      headers: { 'content-type': 'image/gif', 'content-length': String(bytes.byteLength), 'x-extra': 'yes' },
      ignoreNonJson: true,
    });
    expect(result).toBeUndefined();
    expect(seen[0]).toMatchObject({
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'image/gif', 'content-length': '6', 'x-extra': 'yes' },
    });
    expect([...seen[0]!.bytes]).toEqual([...bytes]);
  });

  it('sends query parameters, and keeps them out of error paths', async () => {
    answer = (call) => (call.query.page === '2' ? HttpResponse.json({ message: 'no page 2' }, { status: 404 }) : HttpResponse.json([1]));
    const api = client();
    await expect(api.send({ method: 'GET', path: 'items', query: { topic_ids: '46283', page: 1, all: true } })).resolves.toEqual([1]);
    expect(seen[0]!.query).toEqual({ topic_ids: '46283', page: '1', all: 'true' });
    const error = await handoffkitRejection(api.send({ method: 'GET', path: 'items', query: { page: 2 } }));
    expect(error).toBeInstanceOf(PlatformApiError);
    expect(error.message).toBe('example API GET /items failed with 404: no page 2');
    expect(error.details).toMatchObject({ path: '/items', status: 404 });
  });

  it('a call header overrides a client header of the same name', async () => {
    await client().send({ method: 'POST', path: 'token', headers: { authorization: 'Basic abc' }, form: { a: '1' } });
    expect(seen[0]!.headers.authorization).toBe('Basic abc');
  });

  it('an empty answer is undefined; a 2xx answer that is not JSON fails unless ignoreNonJson', async () => {
    const api = client();
    answer = () => new HttpResponse(null, { status: 204 });
    await expect(api.request('DELETE', 'things/1')).resolves.toBeUndefined();
    answer = () => new HttpResponse('<html>ok</html>', { status: 200 });
    const error = await handoffkitRejection(api.request('GET', 'things/1'));
    expect(error).toMatchObject({ code: 'E_PLATFORM_API', status: 200, platformMessage: 'the answer is not valid JSON' });
    await expect(api.send({ method: 'GET', path: 'things/1', ignoreNonJson: true })).resolves.toBeUndefined();
  });
});

describe('authentication', () => {
  it('asks an async header provider before each attempt, refreshes once after a 401 and tries again', async () => {
    let token = TOKEN;
    const provider = vi.fn(async (): Promise<HeaderMap> => ({ authorization: `Bearer ${token}` }));
    const refused: HeaderMap[] = [];
    const api = client({
      headers: provider,
      onUnauthorized: async (headers) => {
        refused.push(headers);
        token = FRESH;
      },
    });
    answer = (call) =>
      call.headers.authorization === `Bearer ${TOKEN}` ? HttpResponse.json({ error: 'expired' }, { status: 401 }) : HttpResponse.json({ done: 1 });
    await expect(api.request('POST', 'act', { a: 1 })).resolves.toEqual({ done: 1 });
    expect(seen.map((c) => c.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${FRESH}`]);
    expect(seen.map((c) => text(c.bytes))).toEqual(['{"a":1}', '{"a":1}']);
    expect(refused).toEqual([{ authorization: `Bearer ${TOKEN}` }]);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('gives up after one refresh: a second 401 is E_PLATFORM_API 401, without the token', async () => {
    const onUnauthorized = vi.fn();
    let issued = 0;
    const api = client({ headers: async () => ({ authorization: `Bearer ${++issued === 1 ? TOKEN : FRESH}` }), onUnauthorized });
    answer = () => HttpResponse.json({ message: 'invalid token' }, { status: 401 });
    const error = await handoffkitRejection(api.request('GET', 'me'));
    expect(error).toMatchObject({ code: 'E_PLATFORM_API', status: 401, platformMessage: 'invalid token' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(2);
    expectNoToken(error);
  });

  it('without onUnauthorized a 401 fails at once', async () => {
    answer = () => new HttpResponse('nope', { status: 401 });
    expect(await handoffkitRejection(client().request('GET', 'me'))).toMatchObject({ status: 401, platformMessage: 'nope' });
    expect(seen).toHaveLength(1);
  });

  it("the header provider's own failure passes as it is, and nothing is sent", async () => {
    const refusal = new HandoffkitError('E_CONFIG', 'no credentials');
    const api = client({ headers: () => Promise.reject(refusal) });
    await expect(api.request('GET', 'me')).rejects.toBe(refusal);
    expect(seen).toEqual([]);
  });
});

describe('retries', () => {
  it('retries 5xx answers and network errors of an ordinary call', async () => {
    const failures = [new HttpResponse('x', { status: 500 }), HttpResponse.error(), new HttpResponse('x', { status: 504 })];
    answer = (_call, attempt) => failures[attempt - 1] ?? HttpResponse.json({ ok: 1 });
    await expect(client({ retries: 3 }).request('POST', 'act')).resolves.toEqual({ ok: 1 });
    expect(seen).toHaveLength(4);
  });

  it('a once call is not sent again after a 500 (it may have acted)', async () => {
    answer = () => HttpResponse.json({ message: 'internal' }, { status: 500 });
    const error = await handoffkitRejection(client().send({ method: 'POST', path: 'publish', once: true, form: { m: 'hi' } }));
    expect(error).toMatchObject({ code: 'E_PLATFORM_API', status: 500, platformMessage: 'internal' });
    expect(seen).toHaveLength(1);
  });

  it('a once call is not sent again after a network error', async () => {
    answer = () => HttpResponse.error();
    const error = await handoffkitRejection(client().send({ method: 'POST', path: 'publish', once: true }));
    expect(error).toMatchObject({ code: 'E_PLATFORM_API', status: 0 });
    expect(error.message).toMatch(/no answer/);
    expect(seen).toHaveLength(1);
    expectNoToken(error);
  });

  it('a once call is retried on 408, 429 and 503 (nothing was done)', async () => {
    const statuses = [408, 429, 503];
    answer = (_call, attempt) =>
      attempt <= statuses.length ? new HttpResponse(null, { status: statuses[attempt - 1], headers: { 'retry-after': '0' } }) : HttpResponse.json({ id: 'p1' });
    await expect(client({ retries: 3 }).send({ method: 'POST', path: 'publish', once: true })).resolves.toEqual({ id: 'p1' });
    expect(seen).toHaveLength(4);
  });

  it('honours Retry-After on a 429', async () => {
    let first = 0;
    answer = (_call, attempt) => {
      if (attempt === 1) {
        first = Date.now();
        return new HttpResponse('slow down', { status: 429, headers: { 'retry-after': '1' } });
      }
      return HttpResponse.json({ at: Date.now() - first });
    };
    const { at } = await client().request<{ at: number }>('GET', 'limited');
    // ky's own first backoff is 300 ms: the wait is the server's second.
    expect(at).toBeGreaterThanOrEqual(950);
    expect(seen).toHaveLength(2);
  });

  it('a timeout is E_TIMEOUT naming the call, without the token', async () => {
    answer = async () => {
      await delay(300);
      return HttpResponse.json({});
    };
    const error = await handoffkitRejection(client({ timeoutMs: 50, retries: 0 }).send({ method: 'GET', path: 'slow', query: { q: '1' } }));
    expect(error.code).toBe('E_TIMEOUT');
    expect(error.message).toBe('example API GET /slow timed out after 50 ms.');
    expect(error.details).toEqual({ platform: 'example', method: 'GET', path: '/slow' });
    expectNoToken(error);
  });
});

describe('answers and errors', () => {
  const unwrap = (body: unknown, status: number): Unwrapped => {
    const record = body as { meta?: { code?: number }; response?: unknown; error?: string; code?: number };
    if (typeof record.error === 'string')
      return { error: { message: record.error, details: { error: record.error } }, ...(record.code ? { status: record.code } : {}) };
    if ((record.meta?.code ?? status) >= 400) return { error: { message: 'meta says no' }, status: record.meta?.code ?? status };
    return { data: record.response };
  };

  it('unwraps an envelope', async () => {
    answer = () => HttpResponse.json({ meta: { code: 200 }, response: { id: 3 } });
    await expect(client({ unwrap }).request('GET', 'env')).resolves.toEqual({ id: 3 });
  });

  it('turns a 2xx error envelope into E_PLATFORM_API with the status it reports, through mapError', async () => {
    answer = () => HttpResponse.json({ code: 403, error: 'no_permission' });
    const mapped: PlatformApiError[] = [];
    const error = await handoffkitRejection(
      client({
        unwrap,
        mapError: (failure) => {
          mapped.push(failure);
          return failure;
        },
      }).send({ method: 'POST', path: 'publish', form: { a: '1' } }),
    );
    expect(error).toMatchObject({ code: 'E_PLATFORM_API', status: 403, platformMessage: 'no_permission' });
    expect(error.details).toEqual({ error: 'no_permission', method: 'POST', path: '/publish', status: 403 });
    expect(mapped).toHaveLength(1);
    expect(seen).toHaveLength(1);
    expectNoToken(error);
  });

  it('errorFacts reads the error body (parsed and as text); mapError may change the code', async () => {
    answer = () => new HttpResponse('{"fault":"quota"}', { status: 400, headers: { 'content-type': 'application/json' } });
    const reads: unknown[] = [];
    const error = await handoffkitRejection(
      client({
        errorFacts: (body, status, raw) => {
          reads.push([body, status, raw]);
          return { message: `quota (${raw})`, details: { kind: 'quota' } };
        },
        mapError: (failure) => new HandoffkitError('E_NOT_OWNER', `mapped: ${failure.platformMessage}`, { details: failure.details }),
      }).request('POST', 'x'),
    );
    expect(reads).toEqual([[{ fault: 'quota' }, 400, '{"fault":"quota"}']]);
    expect(error.code).toBe('E_NOT_OWNER');
    expect(error.message).toBe('mapped: quota ({"fault":"quota"})');
    expect(error.details).toMatchObject({ kind: 'quota', status: 400 });
  });

  it('no token in the message, details or cause of a failed call, even when the platform quotes the request', async () => {
    answer = (call) => HttpResponse.json({ message: 'refused', echo: call.headers.authorization }, { status: 400 });
    const error = await handoffkitRejection(client({ retries: 0 }).request('POST', 'x', { a: 1 }));
    expect(error).toMatchObject({ code: 'E_PLATFORM_API', status: 400, platformMessage: 'refused' });
    expectNoToken(error);
  });
});

describe('createRestClient: redaction', () => {
  it('replaces a secret that a platform error quotes (e.g. a token in a URL) with [redacted]', async () => {
    const token = 'EAAG-page-token-123';
    server.use(
      http.post(
        'https://redact.example/v1/me/messages',
        () => new HttpResponse(`<html>Bad gateway for /v1/me/messages?access_token=${encodeURIComponent(token)} (${token})</html>`, { status: 400 }),
      ),
    );
    const client = createRestClient({ platform: 'test', baseUrl: 'https://redact.example/v1/', headers: {}, retries: 0, secrets: [token] });
    const error = await client.request('POST', `me/messages?access_token=${encodeURIComponent(token)}`, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_PLATFORM_API', status: 400 });
    expect(JSON.stringify({ message: (error as Error).message, details: (error as { details?: unknown }).details })).not.toContain(token);
    expect((error as Error).message).toContain('[redacted]');
  });
});
