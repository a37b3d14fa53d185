import { describe, expect, it } from 'vitest';
import type { IadvizeAdapterOptions } from '../../../src/adapters/iadvize/index.js';
import type { HandoffkitError, MessageContext } from '../../../src/index.js';
import awaitTransferClose from '../../fixtures/iadvize/post_conversation_messages.response.await-message-transfer-close.json' with { type: 'json' };
import transferFallback from '../../fixtures/iadvize/replies.transfer-with-failure-fallback.json' with { type: 'json' };
import { CONVERSATION, call, makeAgent, messageBody, RULE, serve } from './support.js';

// The helpers as `replies[]` of the answer, over HTTP, against the documented samples.

type Handler = (ctx: MessageContext) => Promise<unknown>;

const transfer = (rule: string, seconds: number) => ({
  type: 'transfer',
  distributionRule: rule,
  transferOptions: { timeout: { value: seconds, unit: 'seconds' } },
});
const message = (value: string) => ({ type: 'message', payload: { contentType: 'text', value }, quickReplies: [] });
// The samples leave out an empty quickReplies; the adapter always sends it.
const withQuickReplies = (replies: readonly Record<string, unknown>[]) => replies.map((r) => (r.type === 'message' ? { quickReplies: [], ...r } : r));

async function answerOf(options: Partial<IadvizeAdapterOptions>, handler: Handler): Promise<{ replies: unknown[]; errors: HandoffkitError[] }> {
  const agent = makeAgent(options);
  const errors: HandoffkitError[] = [];
  agent.on('message_created', handler);
  agent.onError((error) => void errors.push(error as HandoffkitError));
  const served = await serve(agent);
  try {
    const res = await call(served, 'POST', `/conversations/${CONVERSATION}/messages`, messageBody('hello'));
    expect(res.status).toBe(200);
    return { replies: ((await res.json()) as { replies: unknown[] }).replies, errors };
  } finally {
    await served.close();
  }
}

describe('iAdvize replies in the answer, table-driven over the samples', () => {
  it('agent.escalations() counts escalate({ to: { rule } }) under the rule channel', async () => {
    const agent = makeAgent();
    agent.on('message_created', (ctx) => ctx.escalate({ to: { rule: 'rule-x' }, reason: 'asked' }));
    const served = await serve(agent);
    try {
      await call(served, 'POST', `/conversations/${CONVERSATION}/messages`, messageBody('agent'));
      expect(agent.escalations().byChannel).toEqual({ rule: 1 });
    } finally {
      await served.close();
    }
  });

  it.each<[string, Partial<IadvizeAdapterOptions>, Handler, unknown[]]>([
    [
      'the await / message / transfer / close sample: wait(10), reply, escalate({ to: { rule, timeoutSeconds: 20 } })',
      {},
      async (ctx) => {
        await ctx.wait(10);
        await ctx.reply('All Right, my job is done here.');
        await ctx.escalate({ to: { rule: RULE, timeoutSeconds: 20 } });
      },
      awaitTransferClose.replies,
    ],
    [
      'the transfer-with-failure-fallback sample: transferFallbackMessage, then close',
      { transferFallbackMessage: 'Transfer failed, please try again later', transferTimeoutSeconds: 20 },
      (ctx) => ctx.escalate({ to: { rule: 'f1cfbc00-1272-4780-9482-6597f56b39c3' } }),
      withQuickReplies(transferFallback),
    ],
    ['typing() is an await of one second', {}, (ctx) => ctx.typing(), [{ type: 'await', duration: { unit: 'millis', value: 1000 } }]],
    ['wait(2500) is an await of 2 500 ms', {}, (ctx) => ctx.wait(2500), [{ type: 'await', duration: { unit: 'millis', value: 2500 } }]],
    ['escalate() goes to transferRule with the default 30 s', {}, (ctx) => ctx.escalate({ reason: 'asked' }), [transfer(RULE, 30), { type: 'close' }]],
    ['escalate({ to: { team } }) is that rule', {}, (ctx) => ctx.escalate({ to: { team: 'rule-team' } }), [transfer('rule-team', 30), { type: 'close' }]],
    ['a per-call 5 s (the lower bound)', {}, (ctx) => ctx.escalate({ to: { rule: 'a', timeoutSeconds: 5 } }), [transfer('a', 5), { type: 'close' }]],
    ['a per-call 60 s (the upper bound)', {}, (ctx) => ctx.escalate({ to: { rule: 'b', timeoutSeconds: 60 } }), [transfer('b', 60), { type: 'close' }]],
    [
      'reply, wait, reply keeps the order',
      {},
      async (ctx) => {
        await ctx.reply('one');
        await ctx.wait(500);
        await ctx.reply('two');
      },
      [message('one'), { type: 'await', duration: { unit: 'millis', value: 500 } }, message('two')],
    ],
  ])('%s', async (_name, options, handler, expected) => {
    const { replies, errors } = await answerOf(options, handler);
    expect(errors).toEqual([]);
    expect(replies).toEqual(expected);
  });

  it.each<[string, Handler, string, RegExp]>([
    [
      'a per-call timeout of 61 s',
      (ctx) => ctx.escalate({ to: { rule: 'r', timeoutSeconds: 61 } }),
      'E_PAYLOAD',
      /timeoutSeconds must be a number of seconds from 5 to 60, got 61/,
    ],
    ['a per-call timeout of 4 s', (ctx) => ctx.escalate({ to: { rule: 'r', timeoutSeconds: 4 } }), 'E_PAYLOAD', /from 5 to 60, got 4/],
    ['a per-call timeout of NaN', (ctx) => ctx.escalate({ to: { rule: 'r', timeoutSeconds: Number.NaN } }), 'E_PAYLOAD', /got NaN/],
    ['wait(-1)', (ctx) => ctx.wait(-1), 'E_PAYLOAD', /wait\(ms\) takes a number of milliseconds, 0 or more/],
    ['escalate({ to: { agent } })', (ctx) => ctx.escalate({ to: { agent: 'someone' } }), 'E_UNSUPPORTED', /takes a distribution rule/],
  ])('%s is a clear error, and the fail-safe transfers the visitor to transferRule', async (_name, handler, code, message) => {
    const { replies, errors } = await answerOf({}, handler);
    expect(errors.map((e) => e.code)).toEqual([code]);
    expect(errors[0]?.message).toMatch(message);
    expect(replies).toEqual([transfer(RULE, 30), { type: 'close' }]);
  });
});
