import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NON_ASCII, messageCreated, signatureHeaders } from '../http/support.js';
import { BOT_TOKEN, SECRET, exampleEnv, isReply, startChatwootStandIn, startExample, type RunningExample, type StandIn } from './support.js';

// Each server example runs as a script (tsx), configured by env vars, against a stand-in Chatwoot API.

describe.each(['express-chatwoot.ts', 'node-http-chatwoot.ts', 'fetch-server.ts'])('examples/%s', (script) => {
  let standIn: StandIn;
  let example: RunningExample;
  beforeAll(async () => {
    standIn = await startChatwootStandIn();
    example = await startExample(script, exampleEnv(standIn));
  });
  afterAll(async () => {
    await example?.stop();
    await standIn?.close();
  });

  it('answers a signed non-ASCII delivery and its reply reaches Chatwoot with the exact text', async () => {
    const body = JSON.stringify(messageCreated(NON_ASCII, 61));
    const res = await fetch(example.url, { method: 'POST', headers: signatureHeaders(body, SECRET), body });
    expect(res.status).toBe(200);
    const reply = await standIn.waitFor(isReply(61, `You said: ${NON_ASCII}`));
    expect(reply.headers.api_access_token).toBe(BOT_TOKEN);
  });

  it('hands the conversation to a human when asked', async () => {
    const body = JSON.stringify(messageCreated('Can I talk to a human, por favor? 🙏', 62));
    const res = await fetch(example.url, { method: 'POST', headers: signatureHeaders(body, SECRET), body });
    expect(res.status).toBe(200);
    await standIn.waitFor(isReply(62, 'Connecting you with a person now.'));
    const toggle = await standIn.waitFor((r) => r.url === '/api/v1/accounts/1/conversations/62/toggle_status');
    expect(toggle.body).toEqual({ status: 'open' });
  });

  it('refuses an unsigned delivery with 401 and calls nothing', async () => {
    const before = standIn.requests.length;
    const body = JSON.stringify(messageCreated('unsigned', 63));
    const res = await fetch(example.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('E_SIGNATURE');
    expect(standIn.requests.length).toBe(before);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await example.stop()).toBe(0);
  });
});
