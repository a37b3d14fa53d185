import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT_WORKSPACE,
  APP_ID,
  BASIC,
  BOT,
  BOT_INTEGRATION,
  envelope,
  KEY_ID,
  KEY_SECRET,
  switchboard,
  userMessage,
  WEBHOOK_SECRET,
} from '../adapters/sunshine/support.js';
import { startExample, startStandIn, type RunningExample, type StandIn } from './support.js';

// examples/express-sunshine.ts run as a script (tsx) on a free port, with SUNSHINE_API_URL pointing at a stand-in
// Conversations API on 127.0.0.1 that records every call.

describe('examples/express-sunshine.ts', () => {
  let api: StandIn;
  let example: RunningExample;
  let sent = 0;

  beforeAll(async () => {
    api = await startStandIn('Sunshine', (request) => (request.url.endsWith('/messages') ? { messages: [{ id: `msg-${++sent}` }] } : {}));
    example = await startExample('express-sunshine.ts', {
      SUNSHINE_APP_ID: APP_ID,
      SUNSHINE_KEY_ID: KEY_ID,
      SUNSHINE_KEY_SECRET: KEY_SECRET,
      SUNSHINE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SUNSHINE_INTEGRATION_ID: BOT,
      SUNSHINE_API_URL: `${api.url}/sc`,
      PORT: '0',
      HOST: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await example?.stop();
    await api?.close();
  });

  const post = (body: unknown, key: string | null = WEBHOOK_SECRET) =>
    fetch(example.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'x-api-key': key }) },
      body: JSON.stringify(body),
    });
  const messagesOf = (conversationId: string) => `/sc/v2/apps/${APP_ID}/conversations/${conversationId}/messages`;
  const textOf = (body: unknown) => (body as { content: { text: string } }).content.text;

  it('answers in the contact’s language, with Basic auth', async () => {
    expect((await post(envelope(userMessage('ex-1', 'Bonjour', { locale: 'fr-CA' })))).status).toBe(200);
    const reply = await api.waitFor((r) => r.url === messagesOf('ex-1'));
    expect(textOf(reply.body)).toBe('Vous avez dit : Bonjour');
    expect(reply.headers.authorization).toBe(BASIC);
  });

  it('escalates to the agent workspace with the first message, stays silent on standby, greets when handed back', async () => {
    expect((await post(envelope(userMessage('ex-2', 'hello', { id: 'ex-2-first' })))).status).toBe(200);
    expect((await post(envelope(userMessage('ex-2', 'a human please')))).status).toBe(200);
    const pass = await api.waitFor((r) => r.url.endsWith('/conversations/ex-2/passControl'));
    expect(pass.body).toEqual({
      switchboardIntegration: 'zd:agentWorkspace',
      metadata: { reason: 'the contact asked for a person', first_message_id: 'ex-2-first' },
    });
    expect(
      (await post(envelope(switchboard('passControl', 'ex-2', AGENT_WORKSPACE), userMessage('ex-2', 'are you there?', { active: AGENT_WORKSPACE })))).status,
    ).toBe(200);
    expect((await post(envelope(switchboard('passControl', 'ex-2', BOT_INTEGRATION)))).status).toBe(200);
    await api.waitFor((r) => r.url === messagesOf('ex-2') && textOf(r.body) === 'I am back. Anything else?');
    expect(api.requests.filter((r) => r.url === messagesOf('ex-2')).map((r) => textOf(r.body))).toEqual([
      'You said: hello',
      'Connecting you with a person now.',
      'I am back. Anything else?',
    ]);
  });

  it('refuses a delivery without the webhook secret with 401 and calls nothing', async () => {
    const before = api.requests.length;
    const res = await post(envelope(userMessage('ex-3', 'forged')), null);
    expect(res.status).toBe(401);
    expect(api.requests.length).toBe(before);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await example.stop()).toBe(0);
  });
});
