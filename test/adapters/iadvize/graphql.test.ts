import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHATBOT_MESSAGE_SEND, iadvize } from '../../../src/adapters/iadvize/index.js';
import type { HandoffkitError, VirtualAgent } from '../../../src/index.js';
import { adapterOptions, CONVERSATION, call, makeAgent, messageBody, RULE, SECRET, serve, startBody } from './support.js';

// Asynchronous messages: helpers called after the answer to iAdvize's call left go through the GraphQL mutation
// chatbotMessageSend. The iAdvize GraphQL API is msw; the connector is served on 127.0.0.1.

const TOKEN = 'iadvize-graphql-token-Kd93xQ';
const API = 'https://api.iadvize.test/';

interface Seen {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string>;
  body: { operationName: string; query: string; variables: { conversationId: string; chatbotId: number; actionOrMessage: unknown } };
}
const seen: Seen[] = [];
let answer: () => Response = () => HttpResponse.json({ data: { chatbotMessageSend: { userErrors: null } } });

const api = setupServer(
  http.all(`${API}*`, async ({ request }) => {
    const url = new URL(request.url);
    seen.push({
      method: request.method,
      path: url.pathname,
      search: url.search,
      headers: { authorization: request.headers.get('authorization') ?? '', 'content-type': request.headers.get('content-type') ?? '' },
      body: (await request.json()) as Seen['body'],
    });
    return answer();
  }),
);
beforeAll(() =>
  api.listen({
    onUnhandledRequest(request, print) {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(() => {
  seen.length = 0;
  answer = () => HttpResponse.json({ data: { chatbotMessageSend: { userErrors: null } } });
});
afterAll(() => api.close());

/** An agent whose handler answers at once, then, once the answer left, runs `late` (its outcome is kept). */
function lateAgent(late: (ctx: Parameters<Parameters<VirtualAgent['on']>[1]>[0]) => Promise<unknown>, graphql: boolean | { apiUrl?: string } = true) {
  const outcome: { error?: HandoffkitError; done: Promise<void> } = { done: Promise.resolve() };
  let finish: () => void = () => undefined;
  const agent = makeAgent(graphql === false ? {} : { graphql: { token: TOKEN, apiUrl: API, retries: 0, ...(typeof graphql === 'object' ? graphql : {}) } }, {
    ackTimeoutMs: 100,
    handlerTimeoutMs: 3_000,
    onHandlerError: 'ignore',
  });
  agent.on('message_created', async (ctx) => {
    outcome.done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    await ctx.reply('in the answer');
    await new Promise((resolve) => setTimeout(resolve, 250));
    try {
      await late(ctx);
    } catch (error) {
      outcome.error = error as HandoffkitError;
    } finally {
      finish();
    }
  });
  return { agent, outcome };
}

async function runLate(agent: VirtualAgent, outcome: { done: Promise<void> }, operator?: string): Promise<unknown[]> {
  const served = await serve(agent);
  try {
    const body = messageBody('hi');
    if (operator !== undefined) body.idOperator = operator;
    const res = await call(served, 'POST', `/conversations/${CONVERSATION}/messages`, body);
    expect(res.status).toBe(200);
    const { replies } = (await res.json()) as { replies: unknown[] };
    await new Promise((resolve) => setTimeout(resolve, 50));
    await outcome.done;
    return replies;
  } finally {
    await served.close();
  }
}

const variables = (actionOrMessage: unknown, chatbotId = 456678) => ({ conversationId: CONVERSATION, chatbotId, actionOrMessage });

describe('iAdvize asynchronous messages: chatbotMessageSend', () => {
  it.each([
    ['reply(text)', (ctx: { reply(t: unknown): Promise<unknown> }) => ctx.reply('later'), [{ chatbotMessage: { chatbotSimpleTextMessage: 'later' } }]],
    [
      'reply with quick replies',
      (ctx: { reply(t: unknown): Promise<unknown> }) => ctx.reply({ text: 'Pick one', quickReplies: [{ title: 'Yes' }, { title: 'No' }] }),
      [{ chatbotMessage: { chatbotMessageAttachmentInput: { quickReplyMenu: { message: 'Pick one', choices: ['Yes', 'No'] } } } }],
    ],
    [
      'escalate() (the transfer alone: no fallback, which would reach the visitor at once)',
      (ctx: { escalate(o: unknown): Promise<unknown> }) => ctx.escalate({ reason: 'late' }),
      [{ chatbotAction: { transferMessage: { routingRuleId: RULE, transferOptions: { timeout: 30 } } } }],
    ],
    [
      'escalate({ to: { rule, timeoutSeconds } })',
      (ctx: { escalate(o: unknown): Promise<unknown> }) => ctx.escalate({ to: { rule: 'rule-2', timeoutSeconds: 45 } }),
      [{ chatbotAction: { transferMessage: { routingRuleId: 'rule-2', transferOptions: { timeout: 45 } } } }],
    ],
    ['resolve()', (ctx: { resolve(): Promise<unknown> }) => ctx.resolve(), [{ chatbotAction: { closeMessage: { _unusedField: false } } }]],
  ])('%s after the answer is one mutation per action, Bearer token, JSON body', async (_name, late, expected) => {
    const { agent, outcome } = lateAgent(late as never);
    const replies = await runLate(agent, outcome);
    expect(replies).toEqual([{ type: 'message', payload: { contentType: 'text', value: 'in the answer' }, quickReplies: [] }]);
    expect(outcome.error).toBeUndefined();
    expect(seen.map((s) => s.body.variables)).toEqual(expected.map((e) => variables(e)));
    for (const request of seen) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/graphql');
      expect(request.search).toBe('');
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      expect(request.body.operationName).toBe('ChatbotMessageSend');
      expect(request.body.query).toBe(CHATBOT_MESSAGE_SEND);
    }
  });

  it('a text over 450 characters is several mutations, in order; wait(ms) pauses between them in process', async () => {
    const { agent, outcome } = lateAgent(async (ctx) => {
      await ctx.reply(`${'word '.repeat(100)}end`);
      const start = Date.now();
      await ctx.wait(120);
      expect(Date.now() - start).toBeGreaterThanOrEqual(110);
      await ctx.typing();
      await ctx.reply('after the pause');
    });
    await runLate(agent, outcome);
    expect(outcome.error).toBeUndefined();
    const texts = seen.map(
      (s) => (s.body.variables.actionOrMessage as { chatbotMessage: { chatbotSimpleTextMessage: string } }).chatbotMessage.chatbotSimpleTextMessage,
    );
    expect(texts).toHaveLength(3);
    expect(texts[0]!.length).toBeLessThanOrEqual(450);
    expect(`${texts[0]} ${texts[1]}`).toBe(`${'word '.repeat(100)}end`);
    expect(texts[2]).toBe('after the pause');
  });

  it('an operator of the SD platform (sd-…) is sent with ?platform=sd and its integer id', async () => {
    const { agent, outcome } = lateAgent((ctx) => ctx.reply('sd'));
    await runLate(agent, outcome, 'sd-1234');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.search).toBe('?platform=sd');
    expect(seen[0]!.body.variables.chatbotId).toBe(1234);
  });

  it('agent.conversation(id) sends through the API with the operator the conversation was seen with', async () => {
    const agent = makeAgent({ graphql: { token: TOKEN, apiUrl: API, retries: 0 } });
    const served = await serve(agent);
    try {
      await call(served, 'POST', '/conversations', startBody('conv-proactive'));
      await agent.conversation('conv-proactive').reply('Your order has shipped.');
      expect(seen.map((s) => s.body.variables)).toEqual([
        { conversationId: 'conv-proactive', chatbotId: 456678, actionOrMessage: { chatbotMessage: { chatbotSimpleTextMessage: 'Your order has shipped.' } } },
      ]);
    } finally {
      await served.close();
    }
  });

  it.each([
    ['errors[] with HTTP 200', () => HttpResponse.json({ data: null, errors: [{ message: `Not authorized for token ${TOKEN}` }] }), 'Not authorized for token'],
    ['userErrors', () => HttpResponse.json({ data: { chatbotMessageSend: { userErrors: [{ __typename: 'ConversationNotFound' }] } } }), 'ConversationNotFound'],
    ['HTTP 401', () => HttpResponse.json({ errors: [{ message: `invalid token ${TOKEN}` }] }, { status: 401 }), 'invalid token'],
    ['HTTP 500', () => new HttpResponse(`upstream failed for Bearer ${TOKEN}`, { status: 500 }), 'upstream failed'],
  ])('%s is E_PLATFORM_API, with no token in any message', async (_name, reply, text) => {
    answer = reply;
    const { agent, outcome } = lateAgent((ctx) => ctx.reply('refused'));
    const logged: string[] = [];
    agent.onError((error) => void logged.push(JSON.stringify({ message: (error as Error).message, details: (error as HandoffkitError).details })));
    await runLate(agent, outcome);
    expect(outcome.error?.code).toBe('E_PLATFORM_API');
    expect(outcome.error?.message).toContain(text);
    const everything =
      JSON.stringify({ message: outcome.error?.message, details: outcome.error?.details, cause: String(outcome.error?.cause) }) + logged.join('');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(Buffer.from(TOKEN).toString('base64'));
  });

  it('a handler failing after the answer left: the fail-safe transfers the visitor through the mutation', async () => {
    const agent = makeAgent({ graphql: { token: TOKEN, apiUrl: API, retries: 0 } }, { ackTimeoutMs: 100, handlerTimeoutMs: 3_000 });
    const failed: string[] = [];
    agent.onError((error) => void failed.push((error as Error).message));
    agent.on('message_created', async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      throw new Error('the order service is down');
    });
    const served = await serve(agent);
    try {
      const res = await call(served, 'POST', `/conversations/${CONVERSATION}/messages`, messageBody('where is my order'));
      expect(((await res.json()) as { replies: unknown[] }).replies).toEqual([]);
      await expect.poll(() => seen.length, { timeout: 2_000 }).toBe(1);
      expect(seen[0]!.body.variables).toEqual(variables({ chatbotAction: { transferMessage: { routingRuleId: RULE, transferOptions: { timeout: 30 } } } }));
      expect(failed).toEqual([expect.stringContaining('the order service is down')]);
      expect(agent.escalations().byTrigger).toMatchObject({ 'fail-safe': 1 });
    } finally {
      await served.close();
    }
  });

  it('without graphql, a helper after the answer rejects with E_CONFIG naming the option', async () => {
    const { agent, outcome } = lateAgent((ctx) => ctx.reply('too late'), false);
    await runLate(agent, outcome);
    expect(outcome.error?.code).toBe('E_CONFIG');
    expect((outcome.error as HandoffkitError & { option?: string }).option).toBe('graphql');
    expect(outcome.error?.message).toMatch(/after the answer.*GraphQL chatbotMessageSend.*iadvize\(\{ graphql: \{ token \} \}\)/);
    expect(seen).toEqual([]);
  });

  it('a token function is asked before each mutation; its tokens are redacted from errors and log lines', async () => {
    let renewed = 0;
    const fresh = () => `fresh-token-${renewed}-Zx81`;
    const agent = makeAgent(
      {
        graphql: {
          token: async () => {
            renewed += 1;
            return fresh();
          },
          apiUrl: API,
          retries: 0,
        },
      },
      { onHandlerError: 'ignore' },
    );
    const served = await serve(agent);
    try {
      await call(served, 'POST', '/conversations', startBody('conv-token'));
      await agent.conversation('conv-token').reply('one');
      answer = () => HttpResponse.json({ errors: [{ message: `expired: ${fresh()}` }] }, { status: 401 });
      const error = (await agent
        .conversation('conv-token')
        .reply('two')
        .catch((e: HandoffkitError) => e)) as HandoffkitError;
      expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer fresh-token-1-Zx81', 'Bearer fresh-token-2-Zx81']);
      expect(error.code).toBe('E_PLATFORM_API');
      expect(error.message).toContain('expired: [redacted]');
      expect(agent.adapter.redact?.('a log line with fresh-token-1-Zx81 and fresh-token-2-Zx81')).toBe('a log line with [redacted] and [redacted]');
    } finally {
      await served.close();
    }
  });

  it('the adapter redacts the token (and the signing secret) from log lines', () => {
    const adapter = iadvize(adapterOptions({ graphql: { token: TOKEN } }));
    expect(adapter.redact?.(`token ${TOKEN} secret ${SECRET}`)).toBe('token [redacted] secret [redacted]');
  });
});

describe('iadvize({ graphql }) options', () => {
  it.each([
    ['graphql', 'token'],
    ['graphql.token', { token: '' }],
    ['graphql.token', { token: 'has spaces in-it' }],
    ['graphql.apiUrl', { token: TOKEN, apiUrl: 'ftp://api.iadvize.com' }],
    ['graphql.timeoutMs', { token: TOKEN, timeoutMs: 0 }],
    ['graphql.retries', { token: TOKEN, retries: -1 }],
  ])('refuses a bad %s with E_CONFIG naming it, never echoing the token', (option, graphql) => {
    let error: (HandoffkitError & { option?: string }) | undefined;
    try {
      iadvize(adapterOptions({ graphql: graphql as never }));
    } catch (e) {
      error = e as HandoffkitError;
    }
    expect(error?.code).toBe('E_CONFIG');
    expect(error?.option).toBe(option);
    expect(error?.message).not.toContain('has spaces');
  });
});
