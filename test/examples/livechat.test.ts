import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_ID, BOT_SECRET, CLIENT_ID, CUSTOMER_ID, incomingChat, incomingMessage, ORGANIZATION_ID, WEBHOOK_SECRET } from '../adapters/livechat/support.js';
import { startExample, startStandIn, type RunningExample, type StandIn, type StandInRequest } from './support.js';

// examples/express-livechat.ts run as a script (tsx) on a free port, with LIVECHAT_API_URL pointing at a stand-in
// LiveChat API on 127.0.0.1 that issues bot tokens and records every Agent Chat API call.

const TOKEN = 'example-livechat-bot-token';

describe('examples/express-livechat.ts', () => {
  let livechat: StandIn;
  let example: RunningExample;

  beforeAll(async () => {
    let events = 0;
    livechat = await startStandIn('LiveChat', (request) => {
      if (request.url === '/v3.6/configuration/action/issue_bot_token') return { token: TOKEN };
      if (request.headers.authorization !== `Bearer ${TOKEN}`)
        return { status: 401, json: { error: { type: 'authentication', message: 'Invalid access token' } } };
      if (request.url === '/v3.6/agent/action/send_event') return { event_id: `EV_${++events}` };
      return {};
    });
    example = await startExample('express-livechat.ts', {
      LIVECHAT_BOT_ID: BOT_ID,
      LIVECHAT_CLIENT_ID: CLIENT_ID,
      LIVECHAT_BOT_SECRET: BOT_SECRET,
      LIVECHAT_ORGANIZATION_ID: ORGANIZATION_ID,
      LIVECHAT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      LIVECHAT_HUMAN_GROUP: '4',
      LIVECHAT_API_URL: livechat.url,
      PORT: '0',
      HOST: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await example?.stop();
    await livechat?.close();
  });

  const post = (body: unknown): Promise<Response> =>
    fetch(example.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const action = (name: string) => (request: StandInRequest) => request.url === `/v3.6/agent/action/${name}`;
  const sent = (text: string) => (request: StandInRequest) =>
    action('send_event')(request) && (request.body as { event: { text?: string } }).event.text === text;

  it('greets a new chat with quick replies, after issuing the bot token', async () => {
    expect((await post(incomingChat('EXAMPLE1'))).status).toBe(200);
    const greeting = await livechat.waitFor((r) => action('send_event')(r) && (r.body as { event: { type: string } }).event.type === 'rich_message');
    expect(greeting.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(greeting.body).toMatchObject({ chat_id: 'EXAMPLE1', event: { template_id: 'quick_replies', elements: [{ title: 'Hi! What can I do for you?' }] } });
    const issue = livechat.requests.find((r) => r.url === '/v3.6/configuration/action/issue_bot_token');
    expect(issue?.body).toEqual({ bot_id: BOT_ID, client_id: CLIENT_ID, bot_secret: BOT_SECRET, organization_id: ORGANIZATION_ID });
  });

  it('answers and tags a message; transfers to the human group on request', async () => {
    expect((await post(incomingMessage('where is my order', CUSTOMER_ID, { chatId: 'EXAMPLE1' }))).status).toBe(200);
    await livechat.waitFor(sent('You said: where is my order'));
    await livechat.waitFor(action('tag_thread'));
    expect((await post(incomingMessage('a person please', CUSTOMER_ID, { chatId: 'EXAMPLE1' }))).status).toBe(200);
    const transfer = await livechat.waitFor(action('transfer_chat'));
    expect(transfer.body).toEqual({ id: 'EXAMPLE1', target: { type: 'group', ids: [4] } });
    await livechat.waitFor(sent('the customer asked for a person'));
  });

  it('refuses a delivery without the registered secret_key', async () => {
    const response = await post({ ...incomingMessage('x'), secret_key: 'wrong' });
    expect(response.status).toBe(401);
  });
});
