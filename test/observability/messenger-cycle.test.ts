import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualAgent } from '../../src/index.js';
import {
  APP_ID,
  deliveryOf,
  echoItem,
  expectNoSecrets,
  fakeGraph,
  INBOX_APP_ID,
  messengerAgent,
  passItem,
  signedDelivery,
  textItem,
} from '../adapters/messenger/support.js';
import { line, record, serve } from './support.js';

const PSID = '2468013579';
const { graph, handlers } = fakeGraph();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => graph.reset());
afterAll(() => server.close());

function bot(): VirtualAgent {
  const agent = messengerAgent();
  agent.on('message_created', async (ctx) => {
    if (/human/i.test(ctx.message.text ?? '')) return ctx.escalate({ reason: 'asked for a human' });
    await ctx.reply(`You said: ${ctx.message.text}`);
  });
  agent.on('handed_back', (ctx) => ctx.reply('I am back.'));
  return agent;
}

describe('agent.events over real Messenger deliveries', () => {
  it('reports a whole cycle in order, with route templates that never carry the access token', async () => {
    const agent = bot();
    const seen = record(agent);
    const http = await serve(agent);
    try {
      const post = async (items: unknown[], lane: 'messaging' | 'standby' = 'messaging'): Promise<void> => {
        const answer = await http.post(signedDelivery(deliveryOf(items, lane)));
        expect(answer.status, answer.text).toBe(200);
      };
      await post([textItem(PSID, 'Where is my order?')]);
      await post([textItem(PSID, 'I want a human')]);
      await post([echoItem(PSID, 'Hi, Alice here', INBOX_APP_ID)], 'standby');
      await post([passItem(PSID, APP_ID, INBOX_APP_ID, 'solved by Alice')]);
    } finally {
      await http.close();
    }
    expect(seen.map(line)).toEqual([
      'accepted platform=messenger events=1',
      'api_call platform=messenger helper=reply method=POST route=/v21.0/me/messages status=200 retries=0',
      `event name=message_created conversationId=${PSID} ownerBefore=none ownerAfter=bot handled=true`,
      'delivery platform=messenger status=200 events=1 duplicate=false acked=false',
      'accepted platform=messenger events=1',
      'api_call platform=messenger helper=escalate method=POST route=/v21.0/me/pass_thread_control status=200 retries=0',
      'escalation platform=messenger botId=undefined conversationId=2468013579 reason=asked for a human trigger=bot channel=default outcome=escalated',
      'handoff conversationId=2468013579 from=bot to=human initiator=bot reason=asked for a human inferred=false',
      `event name=message_created conversationId=${PSID} ownerBefore=bot ownerAfter=human handled=true`,
      'delivery platform=messenger status=200 events=1 duplicate=false acked=false',
      'accepted platform=messenger events=1',
      `event name=message_created conversationId=${PSID} ownerBefore=human ownerAfter=human handled=false`,
      'delivery platform=messenger status=200 events=1 duplicate=false acked=false',
      'accepted platform=messenger events=1',
      'handoff conversationId=2468013579 from=human to=bot initiator=platform reason=solved by Alice inferred=false',
      'api_call platform=messenger helper=reply method=POST route=/v21.0/me/messages status=200 retries=0',
      `event name=handed_back conversationId=${PSID} ownerBefore=human ownerAfter=bot handled=true`,
      'delivery platform=messenger status=200 events=1 duplicate=false acked=false',
    ]);
    expectNoSecrets(seen);
    expect(graph.calls).toHaveLength(3);
  });

  it('a redelivery is reported as a duplicate, and the delivery says so', async () => {
    const agent = bot();
    const seen = record(agent);
    const delivery = signedDelivery(deliveryOf([textItem(PSID, 'hello', { mid: 'm_dup_1' })]));
    expect((await agent.receive(delivery)).status).toBe(200);
    expect((await agent.receive(delivery)).status).toBe(200);
    expect(seen.slice(-3).map(line)).toEqual([
      'accepted platform=messenger events=1',
      `duplicate conversationId=${PSID} idempotencyKey=message:m_dup_1`,
      'delivery platform=messenger status=200 events=1 duplicate=true acked=false',
    ]);
    expect(graph.calls).toHaveLength(1);
  });
});
