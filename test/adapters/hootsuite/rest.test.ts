import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hootsuite, messageTag } from '../../../src/adapters/hootsuite/index.js';
import type { AnyContext } from '../../../src/index.js';
import {
  adapterOptions,
  BASIC,
  BEARER,
  deliver,
  eventually,
  expectNoSecrets,
  fakeHootsuite,
  inbound,
  makeAgent,
  manipulationPath,
  ORGANIZATION_ID,
} from './support.js';
import { handoffkitRejection } from '../../helpers/rejections.js';

const api = fakeHootsuite();
const CDN = 'https://cdn.example.test';
const GIF = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 2, 3, 4]);
const server = setupServer(
  ...api.handlers,
  http.get(`${CDN}/cats/:name`, () => HttpResponse.arrayBuffer(GIF.slice().buffer, { headers: { 'content-type': 'image/gif' } })),
  http.get(`${CDN}/missing.png`, () => new HttpResponse('gone', { status: 404 })),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  api.state.reset();
  vi.useRealTimers();
});
afterAll(() => server.close());

const TOKEN_CALL = {
  method: 'POST',
  path: '/oauth2/token',
  authorization: BASIC,
  contentType: 'application/x-www-form-urlencoded',
  body: { grant_type: 'organization_app', organization_id: ORGANIZATION_ID },
};

describe('REST: the token', () => {
  it('fetches a token with Basic auth and grant_type=organization_app, then sends the manipulation with it', async () => {
    const agent = makeAgent();
    await agent.conversation('conv-rest').reply('Your parcel left the warehouse.');
    expect(api.state.calls).toEqual([
      expect.objectContaining(TOKEN_CALL),
      expect.objectContaining({
        method: 'POST',
        path: manipulationPath('conv-rest'),
        authorization: BEARER,
        contentType: 'application/json',
        body: { sendMessage: { text: 'Your parcel left the warehouse.' } },
      }),
    ]);
  });

  it('caches the token: one token request for many calls', async () => {
    const agent = makeAgent();
    const conversation = agent.conversation('conv-cache');
    await conversation.typing();
    await conversation.reply('one');
    await agent.conversation('conv-other').tag('Billing');
    expect(api.state.summary()).toEqual([
      'POST /oauth2/token',
      `POST ${manipulationPath('conv-cache')}`,
      `POST ${manipulationPath('conv-cache')}`,
      `POST ${manipulationPath('conv-other')}`,
    ]);
    expect(api.state.calls.slice(1).map((c) => c.body)).toEqual([{ indicateTyping: 'START' }, { sendMessage: { text: 'one' } }, { applyTopics: ['Billing'] }]);
    expect(new Set(api.state.calls.slice(1).map((c) => c.authorization))).toEqual(new Set([BEARER]));
  });

  it('shares one token request between concurrent calls', async () => {
    const agent = makeAgent();
    await Promise.all([agent.conversation('a').reply('1'), agent.conversation('b').reply('2'), agent.conversation('c').reply('3')]);
    expect(api.state.summary().filter((line) => line === 'POST /oauth2/token')).toHaveLength(1);
  });

  it('renews the token once it is about to expire', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-03-02T10:00:00Z'));
    api.state.tokens = ['second-token'];
    const agent = makeAgent();
    await agent.conversation('conv-exp').reply('first');
    vi.setSystemTime(Date.parse('2026-03-02T10:58:00Z'));
    await agent.conversation('conv-exp').reply('still the first token');
    // Within the last minute of the token's hour: a new one.
    vi.setSystemTime(Date.parse('2026-03-02T10:59:30Z'));
    await agent.conversation('conv-exp').reply('second');
    expect(api.state.calls.map((c) => `${c.path} ${c.authorization}`)).toEqual([
      `/oauth2/token ${BASIC}`,
      `${manipulationPath('conv-exp')} ${BEARER}`,
      `${manipulationPath('conv-exp')} ${BEARER}`,
      `/oauth2/token ${BASIC}`,
      `${manipulationPath('conv-exp')} Bearer second-token`,
    ]);
  });

  it('refreshes the token once when the API answers 401, and retries the call', async () => {
    api.state.tokens = ['fresh-token'];
    api.state.respond = (call) =>
      call.path !== '/oauth2/token' && call.authorization === BEARER ? HttpResponse.json({ error: 'token_expired' }, { status: 401 }) : undefined;
    const agent = makeAgent();
    await agent.conversation('conv-401').resolve();
    expect(api.state.calls.map((c) => `${c.method} ${c.path} ${c.authorization}`)).toEqual([
      `POST /oauth2/token ${BASIC}`,
      `POST ${manipulationPath('conv-401')} ${BEARER}`,
      `POST /oauth2/token ${BASIC}`,
      `POST ${manipulationPath('conv-401')} Bearer fresh-token`,
    ]);
    expect(api.state.calls[3]!.body).toEqual({ complete: 'RESOLVED' });
  });

  it('gives up after one refresh: a second 401 is E_PLATFORM_API with status 401', async () => {
    api.state.respond = (call) => (call.path === '/oauth2/token' ? undefined : HttpResponse.json({ message: 'invalid token' }, { status: 401 }));
    const error = await handoffkitRejection(makeAgent().conversation('conv-401x').reply('hello'));
    expect(error.code).toBe('E_PLATFORM_API');
    expect((error as unknown as { status: number }).status).toBe(401);
    expect(error.message).toMatch(/invalid token/);
    expect(api.state.summary().filter((l) => l === 'POST /oauth2/token')).toHaveLength(2);
    expectNoSecrets(error);
  });

  it('explains refused client credentials without repeating them', async () => {
    api.state.respond = (call) =>
      call.path === '/oauth2/token'
        ? HttpResponse.json({ error: 'invalid_client', error_description: 'Client authentication failed' }, { status: 401 })
        : undefined;
    const error = await handoffkitRejection(makeAgent().conversation('conv-cred').reply('hello'));
    expect(error.code).toBe('E_PLATFORM_API');
    expect(error.message).toMatch(/refused the OAuth2 token request \(401: Client authentication failed\).*clientId, clientSecret, organizationId/);
    expectNoSecrets(error);
    expect(api.state.summary()).toEqual(['POST /oauth2/token']);
  });
});

describe('REST: ownership', () => {
  it('maps 404 to E_NOT_OWNER, then refuses later helpers without calling the API', async () => {
    api.state.respond = (call) => (call.path === manipulationPath('conv-404') ? new HttpResponse(null, { status: 404 }) : undefined);
    const agent = makeAgent();
    const events: string[] = [];
    agent.on('handed_off', (ctx) => {
      events.push(`handed_off:${ctx.handoff.initiator}`);
    });
    await deliver(agent, inbound({ conversationId: 'conv-404' }));
    const conversation = agent.conversation('conv-404');
    const error = await handoffkitRejection(conversation.tag('Late'));
    expect(error.code).toBe('E_NOT_OWNER');
    expect(error.message).toMatch(/Hootsuite answered 404, so it is no longer assigned to the virtual agent/);
    const calls = api.state.calls.length;
    expect((await handoffkitRejection(conversation.setAttributes({ a: 'b' }))).code).toBe('E_NOT_OWNER');
    expect((await handoffkitRejection(conversation.escalate())).code).toBe('E_NOT_OWNER');
    expect(api.state.calls).toHaveLength(calls);
    // The agent learned that the bot no longer owns the conversation.
    expect(await conversation.owner()).toBe('human');
    await eventually(() => expect(events).toEqual(['handed_off:platform']));
  });

  it('after a complete through REST, later helpers reject without calling the API', async () => {
    const conversation = makeAgent().conversation('conv-done');
    await conversation.resolve();
    expect((await handoffkitRejection(conversation.reply('hello?'))).code).toBe('E_NOT_OWNER');
    expect((await handoffkitRejection(conversation.resolve())).code).toBe('E_NOT_OWNER');
    expect(api.state.summary()).toEqual(['POST /oauth2/token', `POST ${manipulationPath('conv-done')}`]);
  });

  it("a new delivery for the conversation makes it the bot's again", async () => {
    const agent = makeAgent();
    await agent.conversation('conv-again').resolve();
    agent.on('message_created', (ctx) => ctx.reply('Welcome back!'));
    const answer = await deliver(agent, inbound({ conversationId: 'conv-again' }));
    expect(answer.body).toEqual({ sendMessage: { text: 'Welcome back!' } });
  });

  it('a failed complete (5xx) may be tried again', async () => {
    api.state.respond = (call, attempt) =>
      call.path === manipulationPath('conv-5xx') && attempt === 1 ? new HttpResponse('busy', { status: 503 }) : undefined;
    const conversation = makeAgent().conversation('conv-5xx');
    const error = await handoffkitRejection(conversation.escalate());
    expect(error.code).toBe('E_PLATFORM_API');
    await conversation.escalate();
    expect(api.state.calls.filter((c) => c.path === manipulationPath('conv-5xx')).map((c) => c.body)).toEqual([
      { complete: 'HANDOVER' },
      { complete: 'HANDOVER' },
    ]);
  });
});

describe('REST: after the ack and outside a webhook', () => {
  it('a slow handler answers at the ack deadline with what it collected; the rest goes through REST', async () => {
    const agent = makeAgent({}, { ackTimeoutMs: 40 });
    let done = false;
    agent.on('message_created', async (ctx) => {
      await ctx.typing();
      await ctx.reply('Let me look that up…');
      await new Promise((resolve) => setTimeout(resolve, 120));
      await ctx.reply('Found it: order 42 ships today.');
      await ctx.tag('Order status');
      await ctx.resolve();
      done = true;
    });
    const answer = await deliver(agent, inbound({ conversationId: 'conv-slow' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ indicateTyping: 'START', sendMessage: { text: 'Let me look that up…' } });
    await eventually(() => expect(done).toBe(true));
    expect(api.state.calls.map((c) => [c.path, c.authorization, c.body])).toEqual([
      ['/oauth2/token', BASIC, TOKEN_CALL.body],
      [manipulationPath('conv-slow'), BEARER, { sendMessage: { text: 'Found it: order 42 ships today.' } }],
      [manipulationPath('conv-slow'), BEARER, { applyTopics: ['Order status'] }],
      [manipulationPath('conv-slow'), BEARER, { complete: 'RESOLVED' }],
    ]);
  });

  it('without clientId/clientSecret/organizationId, a helper that needs REST rejects with E_CONFIG saying which options enable it', async () => {
    const agent = makeAgent({ clientId: undefined, clientSecret: undefined, organizationId: undefined });
    const error = await handoffkitRejection(agent.conversation('conv-nocreds').reply('hello'));
    expect(error.code).toBe('E_CONFIG');
    expect(error.message).toMatch(/reply\(\) has to go through the Hootsuite REST API.*hootsuite\(\{ clientId, clientSecret, organizationId \}\)/);
    // Inside the webhook the same adapter needs no credentials.
    agent.on('message_created', (ctx) => ctx.reply('in the answer'));
    expect((await deliver(agent, inbound())).body).toEqual({ sendMessage: { text: 'in the answer' } });
    expect(api.state.calls).toEqual([]);
  });

  it('the reply window: a handler that would miss it is failed and hands over with a note, through REST', async () => {
    const adapter = hootsuite(adapterOptions({ replyWindowMs: 1_000 }));
    expect(adapter.handlerTimeoutMs).toBe(900);
    const agent = makeAgent(adapter, { ackTimeoutMs: 40, handlerTimeoutMs: adapter.handlerTimeoutMs });
    const errors: string[] = [];
    agent.onError((error: Error, _ctx: AnyContext | undefined) => {
      errors.push((error as Error & { code?: string }).code ?? error.message);
    });
    agent.on('message_created', () => new Promise(() => undefined));
    const started = Date.now();
    const answer = await deliver(agent, inbound({ conversationId: 'conv-window' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({});
    await eventually(() => expect(api.state.calls.some((c) => c.path === manipulationPath('conv-window'))).toBe(true));
    expect(Date.now() - started).toBeGreaterThanOrEqual(850);
    expect(api.state.calls.at(-1)!.body).toEqual({
      applyConversationNotes: [{ text: 'Handed over by the virtual agent: a message_created handler failed' }],
      complete: 'HANDOVER',
    });
    expect(errors).toEqual(['E_TIMEOUT']);
  });
});

describe('REST: attachments and message tags', () => {
  it('downloads an attachment URL, uploads it, and sends it by file name in the webhook answer', async () => {
    const agent = makeAgent();
    agent.on('message_created', (ctx) => ctx.reply({ text: 'Here you go', attachments: [{ type: 'image', url: `${CDN}/cats/funny%20cat.gif` }] }));
    const answer = await deliver(agent, inbound({ conversationId: 'conv-file' }));
    const filename = answer.body.sendMessage.attachment as string;
    expect(filename).toMatch(/^[0-9a-f]{8}-funny_cat\.gif$/);
    expect(answer.body).toEqual({ sendMessage: { text: 'Here you go', attachment: filename } });
    expect(api.state.calls).toEqual([
      expect.objectContaining(TOKEN_CALL),
      {
        method: 'PUT',
        path: `${manipulationPath('conv-file')}/attachments/${filename}`,
        authorization: BEARER,
        contentType: 'image/gif',
        contentLength: String(GIF.byteLength),
        body: GIF,
      },
    ]);
  });

  it('sends bytes given as a data: URL, one message per file after the first', async () => {
    const conversation = makeAgent().conversation('conv-files');
    const pdf = Buffer.from('%PDF-1.4 tiny').toString('base64');
    await conversation.reply({
      text: 'Two files',
      attachments: [
        { type: 'file', url: `data:application/pdf;base64,${pdf}` },
        { type: 'image', url: `${CDN}/cats/a.gif` },
      ],
    });
    const uploads = api.state.calls.filter((c) => c.method === 'PUT');
    expect(uploads.map((c) => [c.contentType, Buffer.from(c.body as Uint8Array).toString()])).toEqual([
      ['application/pdf', '%PDF-1.4 tiny'],
      ['image/gif', Buffer.from(GIF).toString()],
    ]);
    const names = uploads.map((c) => c.path.split('/').pop());
    expect(names[0]).toMatch(/^[0-9a-f]{8}-attachment\.pdf$/);
    expect(api.state.calls.at(-1)!.body).toEqual({ sendMessages: [{ text: 'Two files', attachment: names[0] }, { attachment: names[1] }] });
  });

  it('an attachment that cannot be downloaded rejects reply() and sends nothing', async () => {
    const error = await handoffkitRejection(
      makeAgent()
        .conversation('conv-miss')
        .reply({ text: 'x', attachments: [{ type: 'image', url: `${CDN}/missing.png` }] }),
    );
    expect(error.code).toBe('E_PAYLOAD');
    expect(error.message).toMatch(/could not download the attachment https:\/\/cdn\.example\.test\/missing\.png: it answered 404/);
    expect(api.state.calls).toEqual([]);
  });

  it('adapter.uploadAttachment uploads bytes and returns the name to send', async () => {
    const adapter = hootsuite(adapterOptions());
    const name = await adapter.uploadAttachment('conv-up', { filename: 'receipt.txt', bytes: new TextEncoder().encode('paid'), contentType: 'text/plain' });
    expect(name).toBe('receipt.txt');
    expect(api.state.calls.at(-1)).toMatchObject({ method: 'PUT', path: `${manipulationPath('conv-up')}/attachments/receipt.txt`, contentType: 'text/plain' });
    await expect(adapter.uploadAttachment('conv-up', { filename: 'no spaces.txt', bytes: new Uint8Array(1), contentType: 'text/plain' })).rejects.toMatchObject(
      { code: 'E_PAYLOAD' },
    );
  });

  it('a message tag through REST names the latest inbound message; an explicit messageId goes through REST even in a webhook', async () => {
    const agent = makeAgent({}, { ackTimeoutMs: 30 });
    agent.on('message_created', async (ctx) => {
      await ctx.tag(messageTag('Urgent', 'msg-explicit'));
      await new Promise((resolve) => setTimeout(resolve, 80));
      await ctx.tag('Billing', messageTag('Happy'));
    });
    const answer = await deliver(agent, inbound({ conversationId: 'conv-tags', messageId: 'msg-latest' }));
    expect(answer.body).toEqual({});
    await eventually(() => expect(api.state.calls).toHaveLength(3));
    expect(api.state.calls.slice(1).map((c) => c.body)).toEqual([
      { applyTags: ['Urgent'], messageId: 'msg-explicit' },
      { applyTopics: ['Billing'], applyTags: ['Happy'], messageId: 'msg-latest' },
    ]);
  });

  it('a message tag through REST without a known message is E_UNSUPPORTED', async () => {
    const error = await handoffkitRejection(makeAgent().conversation('conv-unknown').tag(messageTag('Happy')));
    expect(error.code).toBe('E_UNSUPPORTED');
    expect(error.message).toMatch(/needs its messageId.*messageTag\(name, messageId\)/);
    expect(api.state.calls).toEqual([]);
  });
});

describe('REST: secrets stay out', () => {
  it('no token or client secret in errors of a failed call', async () => {
    api.state.respond = (call) => (call.path === '/oauth2/token' ? undefined : HttpResponse.json({ message: 'boom' }, { status: 400 }));
    const error = await handoffkitRejection(makeAgent().conversation('conv-400').reply('x'));
    expect(error.code).toBe('E_PLATFORM_API');
    expect(error.message).toContain('boom');
    expect(error.cause).toBeUndefined();
    expectNoSecrets(error);
  });
});
