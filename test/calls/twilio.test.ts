import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CallError, httpCalls, twilioCalls } from '../../src/calls/index.js';
import { HandoffkitError } from '../../src/index.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-Kq93Zm';
const API = 'https://api.twilio.test';
const CALLS = `${API}/2010-04-01/Accounts/${SID}/Calls.json`;

interface Seen {
  method: string;
  path: string;
  authorization: string | null;
  contentType: string | null;
  form: Record<string, string>;
}
const seen: Seen[] = [];
let answer: () => Response = () => HttpResponse.json({ sid: 'CA42', status: 'queued' }, { status: 201 });
const server = setupServer(
  http.post(CALLS, async ({ request }) => {
    seen.push({
      method: request.method,
      path: new URL(request.url).pathname,
      authorization: request.headers.get('authorization'),
      contentType: request.headers.get('content-type'),
      form: Object.fromEntries(new URLSearchParams(await request.text())),
    });
    return answer();
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  seen.length = 0;
  answer = () => HttpResponse.json({ sid: 'CA42', status: 'queued' }, { status: 201 });
});
afterAll(() => server.close());

const provider = (): ReturnType<typeof twilioCalls> =>
  twilioCalls({ accountSid: SID, authToken: TOKEN, from: '+3312345678', twiml: '<Response><Dial>+33100000000</Dial></Response>', apiUrl: API, retries: 0 });
const request = { phone: '+33612345678', conversationId: 'c-1' };

describe('twilioCalls', () => {
  it('creates a call: POST Calls.json, Basic auth, form-encoded To / From / Twiml', async () => {
    expect(await provider().requestCall(request)).toEqual({ id: 'CA42', status: 'queued' });
    expect(seen).toEqual([
      {
        method: 'POST',
        path: `/2010-04-01/Accounts/${SID}/Calls.json`,
        authorization: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`,
        contentType: expect.stringMatching(/^application\/x-www-form-urlencoded/),
        form: { To: '+33612345678', From: '+3312345678', Twiml: '<Response><Dial>+33100000000</Dial></Response>' },
      },
    ]);
  });

  it('sends Url instead of Twiml when given a url', async () => {
    const byUrl = twilioCalls({ accountSid: SID, authToken: TOKEN, from: '+3312345678', url: 'https://cc.example.com/connect', apiUrl: API });
    await byUrl.requestCall(request);
    expect(seen[0]?.form).toEqual({ To: '+33612345678', From: '+3312345678', Url: 'https://cc.example.com/connect' });
  });

  it.each([21211, 21214, 21217])('Twilio 400 code %i is a CallError invalid_number with Twilio’s message', async (code) => {
    const message = `The 'To' number +3361 is not a valid phone number.`;
    answer = () => HttpResponse.json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status: 400 }, { status: 400 });
    const error = await provider()
      .requestCall(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallError);
    expect(error).toMatchObject({ code: 'invalid_number', message });
  });

  it.each([401, 500])('Twilio %i is E_PLATFORM_API, without the token anywhere', async (status) => {
    answer = () => HttpResponse.json({ code: 20003, message: `Authenticate (token ${TOKEN})`, status }, { status });
    const error = (await provider()
      .requestCall(request)
      .catch((e: unknown) => e)) as HandoffkitError;
    expect(error).toBeInstanceOf(HandoffkitError);
    expect(error.code).toBe('E_PLATFORM_API');
    const text = JSON.stringify({ message: error.message, details: error.details });
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(Buffer.from(`${SID}:${TOKEN}`).toString('base64'));
  });

  it('refuses options without credentials or with both twiml and url (E_CONFIG naming the option)', () => {
    expect(() => twilioCalls({ accountSid: SID, authToken: '', from: '+33', twiml: 'x' })).toThrow(/authToken/);
    expect(() => twilioCalls({ accountSid: SID, authToken: TOKEN, from: '+33', twiml: 'x', url: 'https://x' })).toThrow(/twiml and url/);
  });
});

describe('httpCalls', () => {
  const CC = 'https://cc.example.test/api/callbacks?tenant=7';
  it('posts the body the admin defines with the headers, and reads a 422 as invalid_number', async () => {
    const bodies: unknown[] = [];
    const cc = setupServer(
      http.post('https://cc.example.test/api/callbacks', async ({ request: req }) => {
        const body = (await req.json()) as { number: string };
        bodies.push({ body, key: req.headers.get('x-api-key'), tenant: new URL(req.url).searchParams.get('tenant') });
        if (body.number === 'bad') return HttpResponse.json({ message: 'Numéro invalide' }, { status: 422 });
        return HttpResponse.json({ id: 'task-9', status: 'scheduled' });
      }),
    );
    server.close();
    cc.listen({ onUnhandledRequest: 'error' });
    try {
      const provider = httpCalls({ url: CC, headers: { 'x-api-key': 'cc-key-1' }, body: (r) => ({ number: r.phone, ref: r.conversationId }), retries: 0 });
      expect(await provider.requestCall({ phone: '+331', conversationId: 'c-2' })).toEqual({ id: 'task-9', status: 'scheduled' });
      const refused = await provider.requestCall({ phone: 'bad', conversationId: 'c-2' }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ name: 'CallError', code: 'invalid_number', message: 'Numéro invalide' });
      expect(bodies[0]).toEqual({ body: { number: '+331', ref: 'c-2' }, key: 'cc-key-1', tenant: '7' });
    } finally {
      cc.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });
});
