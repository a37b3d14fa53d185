import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyContext } from '../../../src/index.js';
import atLeastOne from '../../fixtures/iadvize/availability_strategies.response.atLeastOne.json' with { type: 'json' };
import custom from '../../fixtures/iadvize/availability_strategies.response.custom.json' with { type: 'json' };
import firstMessages from '../../fixtures/iadvize/conversation_first_messages.response.json' with { type: 'json' };
import externalBots from '../../fixtures/iadvize/get_external_bots.response.json' with { type: 'json' };
import awaitTransferClose from '../../fixtures/iadvize/post_conversation_messages.response.await-message-transfer-close.json' with { type: 'json' };
import postConversations from '../../fixtures/iadvize/post_conversations.response.json' with { type: 'json' };
import putBots from '../../fixtures/iadvize/put_bots.request.json' with { type: 'json' };
import putGetBots from '../../fixtures/iadvize/put_get_bots.response.json' with { type: 'json' };
import transferFallback from '../../fixtures/iadvize/replies.transfer-with-failure-fallback.json' with { type: 'json' };
import { CONVERSATION, OPERATOR, RULE, type Served, call, makeAgent, messageBody, serve, sign, startBody } from './support.js';

const timestamps = { createdAt: expect.any(String), updatedAt: expect.any(String) };

describe('iAdvize bot connector: configuration endpoints over HTTP', () => {
  let served: Served;
  const agent = makeAgent({
    availability: atLeastOne[0] as { strategy: 'atLeastOne'; distributionRulesToCheck: string[] },
    firstMessages: [
      "Hi, my name is robot and I'm here to help",
      { text: 'How can I help you ?', quickReplies: [{ title: "I didn't receive my order" }, { title: 'Payment problem' }] },
    ],
  });
  beforeAll(async () => {
    served = await serve(agent);
  });
  afterAll(() => served.close());

  it.each([
    ['GET /external-bots lists the scenarios', '/external-bots', externalBots],
    ['GET /availability-strategies answers the strategy', '/availability-strategies', atLeastOne],
    ['GET /bots/:idOperator/conversation-first-messages answers the first messages', `/bots/${OPERATOR}/conversation-first-messages`, firstMessages],
  ])('%s (the documented body)', async (_, path, expected) => {
    const res = await call(served, 'GET', path);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(expected);
  });

  it('keeps the operator configuration of PUT /bots/:idOperator and answers it on GET', async () => {
    const put = await call(served, 'PUT', `/bots/${OPERATOR}`, putBots);
    expect(put.status).toBe(200);
    const expected = { ...putGetBots, ...timestamps };
    expect(await put.json()).toEqual(expected);
    const got = await call(served, 'GET', `/bots/${OPERATOR}`);
    expect(await got.json()).toEqual(expected);
    expect((await (agent.adapter as ReturnType<typeof import('../../../src/adapters/iadvize/index.js').iadvize>).botConfig(OPERATOR))?.config).toEqual(putBots);
  });

  it('answers 404 for an operator without configuration and for an unknown path, naming the endpoints', async () => {
    const unknownOperator = await call(served, 'GET', '/bots/ha-1');
    expect(unknownOperator.status).toBe(404);
    const unknown = await call(served, 'GET', '/scenarios');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(
      /No bot connector endpoint at GET \/iadvize\/scenarios.*\/external-bots/,
    );
  });

  it('refuses a PUT body without external.idBot (400 naming the field) and a scenario it does not offer', async () => {
    const missing = await call(served, 'PUT', `/bots/${OPERATOR}`, { ...putBots, external: {} });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('external.idBot');
    const other = await call(served, 'PUT', `/bots/${OPERATOR}`, { ...putBots, external: { idBot: 'nope' } });
    expect(other.status).toBe(400);
    expect(await other.text()).toMatch(/external\.idBot.*my_scenario_id_1/);
  });

  it('verifies x-iadvize-signature over the raw query string on GET and the raw body on PUT (401 when wrong)', async () => {
    expect((await call(served, 'GET', '/external-bots', undefined, { signature: sign('idWebsite=43') })).status).toBe(401);
    expect((await call(served, 'GET', '/external-bots', undefined, { signature: 'sha256=zz' })).status).toBe(401);
    const body = JSON.stringify(putBots);
    expect((await call(served, 'PUT', `/bots/${OPERATOR}`, body, { signature: sign(`${body} `) })).status).toBe(401);
    // The header is verified when present: whether the connector signs its calls is not documented.
    expect((await call(served, 'GET', '/external-bots', undefined, { signature: null })).status).toBe(200);
  });

  it('answers 405 for a method the endpoint does not take', async () => {
    const res = await call(served, 'DELETE', '/external-bots');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});

describe('iAdvize bot connector: first messages and availability options', () => {
  it('answers the custom availability sample, and defaults to atLeastOne of transferRule', async () => {
    const customServed = await serve(makeAgent({ availability: custom[0] as { strategy: 'customAvailability'; availability: boolean } }));
    const defaultServed = await serve(makeAgent());
    try {
      expect(await (await call(customServed, 'GET', '/availability-strategies')).json()).toEqual(custom);
      expect(await (await call(defaultServed, 'GET', '/availability-strategies')).json()).toEqual([
        { strategy: 'atLeastOne', distributionRulesToCheck: [RULE] },
      ]);
    } finally {
      await customServed.close();
      await defaultServed.close();
    }
  });

  it('asks a first-messages handler with the operator and query, and answers empty replies within 2 s when it is slow', async () => {
    const asked: unknown[] = [];
    const served = await serve(
      makeAgent({
        firstMessages: async (request) => {
          asked.push(request);
          if (request.idOperator === 'ha-slow') await new Promise((resolve) => setTimeout(resolve, 5_000));
          return [`Hello from ${request.idWebsite}`];
        },
      }),
    );
    try {
      const fast = await call(served, 'GET', `/bots/${OPERATOR}/conversation-first-messages`);
      expect(await fast.json()).toEqual({ replies: [{ type: 'message', payload: { contentType: 'text', value: 'Hello from 42' }, quickReplies: [] }] });
      expect(asked[0]).toEqual({ idOperator: OPERATOR, idConnectorVersion: 'cv-1', idWebsite: '42' });
      const started = Date.now();
      const slow = await call(served, 'GET', '/bots/ha-slow/conversation-first-messages');
      expect(await slow.json()).toEqual({ replies: [] });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await served.close();
    }
  });
});

describe('iAdvize conversations: events, and replies in the answer', () => {
  let served: Served;
  const agent = makeAgent({ transferTimeoutSeconds: 20 });
  const seen: { name: string; text?: string | undefined; target?: unknown }[] = [];
  agent.on('conversation_started', () => undefined);
  agent.on('message_created', async (ctx) => {
    seen.push({ name: ctx.name, text: ctx.message.text });
    if (ctx.message.text === 'done') {
      await ctx.typing();
      await ctx.reply('All Right, my job is done here.');
      return ctx.escalate({ reason: 'done' });
    }
    if (ctx.message.text === 'long') return void (await ctx.reply(`${'word '.repeat(150)}end`));
    if (ctx.message.text === 'bye') return ctx.resolve();
    await ctx.reply({ text: `You said: ${ctx.message.text}`, quickReplies: [{ title: 'Yes' }, { title: 'No' }] });
  });
  agent.onAny((ctx: AnyContext) => {
    if (ctx.name === 'platform_event') seen.push({ name: ctx.name, text: (ctx.raw as { message: { payload: { value: string } } }).message.payload.value });
  });
  beforeAll(async () => {
    served = await serve(agent);
  });
  afterAll(() => served.close());

  it('POST /conversations is conversation_started, answered in the documented shape', async () => {
    const res = await call(served, 'POST', '/conversations', startBody());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...postConversations, ...timestamps });
  });

  it('a visitor message gets its replies in the answer, quick replies included', async () => {
    const res = await call(served, 'POST', `/conversations/${CONVERSATION}/messages`, messageBody('hello'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      idConversation: CONVERSATION,
      idOperator: OPERATOR,
      replies: [
        {
          type: 'message',
          payload: { contentType: 'text', value: 'You said: hello' },
          quickReplies: [
            { contentType: 'text/quick-reply', value: 'Yes' },
            { contentType: 'text/quick-reply', value: 'No' },
          ],
        },
      ],
      ...timestamps,
    });
  });

  it('typing, a message and escalate give the await / message / transfer / close answer of the sample', async () => {
    const id = 'conv-escalate';
    const res = await call(served, 'POST', `/conversations/${id}/messages`, messageBody('done'));
    const body = (await res.json()) as { replies: unknown[] };
    const expected = awaitTransferClose.replies.map((r) => (r.type === 'await' ? { ...r, duration: { unit: 'millis', value: 1000 } } : r));
    expect(body.replies).toEqual(expected);
  });

  it('a text over 450 characters goes as several messages, each within the limit', async () => {
    const res = await call(served, 'POST', `/conversations/conv-long/messages`, messageBody('long'));
    const { replies } = (await res.json()) as { replies: { payload: { value: string } }[] };
    expect(replies.length).toBe(2);
    for (const reply of replies) expect(reply.payload.value.length).toBeLessThanOrEqual(450);
    expect(replies.map((r) => r.payload.value).join(' ')).toBe(`${'word '.repeat(150)}end`);
  });

  it('resolve() is close', async () => {
    const res = await call(served, 'POST', `/conversations/conv-bye/messages`, messageBody('bye'));
    expect(((await res.json()) as { replies: unknown[] }).replies).toEqual([{ type: 'close' }]);
  });

  it("the bot's own echoes run no message_created handler (onAny sees them as platform_event) and get no replies", async () => {
    seen.length = 0;
    const res = await call(served, 'POST', `/conversations/${CONVERSATION}/messages`, messageBody('You said: hello', 'operator'));
    expect(((await res.json()) as { replies: unknown[] }).replies).toEqual([]);
    expect(seen).toEqual([{ name: 'platform_event', text: 'You said: hello' }]);
  });

  it('a message of a conversation never started here (an iAdvize restart) is handled', async () => {
    const res = await call(served, 'POST', `/conversations/never-seen/messages`, messageBody('hi'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { idConversation: string }).idConversation).toBe('never-seen');
  });

  it('refuses a body that is not the documented shape with 400 naming the field, and a wrong signature with 401', async () => {
    const noAuthor = await call(served, 'POST', `/conversations/${CONVERSATION}/messages`, {
      idOperator: OPERATOR,
      message: { payload: { contentType: 'text', value: 'x' } },
    });
    expect(noAuthor.status).toBe(400);
    expect(await noAuthor.text()).toContain('message.author');
    const noId = await call(served, 'POST', '/conversations', { idOperator: OPERATOR });
    expect(noId.status).toBe(400);
    expect(await noId.text()).toContain('idConversation');
    const body = JSON.stringify(messageBody('hi'));
    expect((await call(served, 'POST', `/conversations/${CONVERSATION}/messages`, body, { signature: sign(body, 'other') })).status).toBe(401);
  });

  it('the same message delivered twice runs the handler once', async () => {
    seen.length = 0;
    const body = messageBody('twice');
    await call(served, 'POST', '/conversations/conv-twice/messages', body);
    const again = await call(served, 'POST', '/conversations/conv-twice/messages', body);
    expect(again.status).toBe(200);
    expect(seen.filter((s) => s.text === 'twice')).toHaveLength(1);
  });
});

describe('iAdvize transfer: the documented failure fallback', () => {
  it('escalate({ to: rule }) is transfer, then the fallback message and close (run only if the transfer fails)', async () => {
    const agent = makeAgent({ transferTimeoutSeconds: 20, transferFallbackMessage: 'Transfer failed, please try again later' });
    agent.on('message_created', (ctx) => ctx.escalate({ to: 'f1cfbc00-1272-4780-9482-6597f56b39c3', reason: 'asked' }));
    const served = await serve(agent);
    try {
      const res = await call(served, 'POST', `/conversations/${CONVERSATION}/messages`, messageBody('agent please'));
      expect(((await res.json()) as { replies: unknown[] }).replies).toMatchObject(transferFallback);
    } finally {
      await served.close();
    }
  });
});
