import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningExample, type StandIn, startExample, startStandIn } from './support.js';

// examples/iadvize-call.ts run as a script (tsx) on a free port: iAdvize's calls to the connector over HTTP, and a
// stand-in Twilio on 127.0.0.1 that refuses the number 123 as Twilio does (400, code 21211).

const SECRET = 'iadvize-example-secret';
const SID = 'ACexample0000000000000000000000000';
const INVALID = "The 'To' number 123 is not a valid phone number.";

const sign = (bytes: string): string => `sha256=${createHmac('sha256', SECRET).update(bytes).digest('hex')}`;

describe('examples/iadvize-call.ts', () => {
  let example: RunningExample;
  let twilio: StandIn;
  let counter = 0;

  async function say(conversation: string, text: string): Promise<string[]> {
    const body = JSON.stringify({
      idOperator: 'ha-1',
      message: { idMessage: `m-${++counter}`, author: { role: 'visitor' }, payload: { contentType: 'text', value: text }, createdAt: '2026-12-01T10:00:00Z' },
    });
    const res = await fetch(`${example.url}/conversations/${conversation}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-iadvize-signature': sign(body) },
      body,
    });
    expect(res.status).toBe(200);
    const { replies } = (await res.json()) as { replies: { type: string; payload?: { value: string } }[] };
    return replies.map((r) => (r.type === 'message' ? (r.payload?.value ?? '') : r.type));
  }

  beforeAll(async () => {
    twilio = await startStandIn('Twilio', (request) => {
      const to = (request.body as { To?: string }).To;
      if (to === '123') return { status: 400, json: { code: 21211, message: INVALID, status: 400 } };
      return { status: 201, json: { sid: 'CA-example', status: 'queued' } };
    });
    example = await startExample('iadvize-call.ts', {
      IADVIZE_SECRET: SECRET,
      IADVIZE_TRANSFER_RULE: 'rule-1',
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: 'example-twilio-token',
      TWILIO_FROM: '+3312345678',
      TWILIO_CONNECT_URL: 'https://cc.example.com/connect',
      TWILIO_API_URL: twilio.url,
      PORT: '0',
      HOST: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await example?.stop();
    await twilio?.close();
  });

  it('lists its scenario and opens conversations with its first message', async () => {
    const query = 'idConnectorVersion=v1&idWebsite=7';
    const bots = await fetch(`${example.url}/external-bots?${query}`, { headers: { 'x-iadvize-signature': sign(query) } });
    expect(await bots.json()).toEqual([{ idBot: 'callback', name: 'Callback bot', description: 'Offers a phone call and places it through Twilio' }]);
    const first = await fetch(`${example.url}/bots/ha-1/conversation-first-messages?${query}`, { headers: { 'x-iadvize-signature': sign(query) } });
    expect(((await first.json()) as { replies: unknown[] }).replies).toHaveLength(1);
  });

  it('offers a call, relays Twilio’s refusal, then requests the call once and closes the conversation', async () => {
    expect(await say('c-1', 'call me')).toEqual([
      'We use your phone number only to call you back about this conversation.',
      'Which phone number can we call you at?',
    ]);
    expect(await say('c-1', '123')).toEqual([`${INVALID} Please send your phone number again.`]);
    expect(await say('c-1', '+33612345678')).toEqual(['Thank you, we are calling you at +33612345678.', 'close']);
    const calls = twilio.requests.filter((r) => r.method === 'POST');
    expect(calls.map((r) => [r.url, r.body])).toEqual([
      [`/2010-04-01/Accounts/${SID}/Calls.json`, { To: '123', From: '+3312345678', Url: 'https://cc.example.com/connect' }],
      [`/2010-04-01/Accounts/${SID}/Calls.json`, { To: '+33612345678', From: '+3312345678', Url: 'https://cc.example.com/connect' }],
    ]);
    expect(calls[1]?.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:example-twilio-token`).toString('base64')}`);
    const report = (await (await fetch(example.url.replace(/\/iadvize$/, '/escalations'))).json()) as { byChannel: Record<string, number> };
    expect(report.byChannel).toEqual({ call: 1 });
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await example.stop()).toBe(0);
  });
});
