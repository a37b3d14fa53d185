import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedChatwootDelivery } from '../../src/testing/index.js';
import type { VirtualAgent } from '../../src/index.js';
import { agentMessage, conversation, fakeChatwoot, makeAgent, message, SECRET } from '../adapters/chatwoot/support.js';
import { line, record, serve } from './support.js';

const { state: api, handlers } = fakeChatwoot();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => api.reset());
afterAll(() => server.close());

/** The README bot: echoes, escalates on request, greets on return. */
function bot(): VirtualAgent {
  const agent = makeAgent({ retries: 0 });
  agent.on('message_created', async (ctx) => {
    if (/human/i.test(ctx.message.text ?? '')) return ctx.escalate({ reason: 'asked for a human' });
    await ctx.reply(`You said: ${ctx.message.text}`);
  });
  agent.on('handed_back', (ctx) => ctx.reply('I am back.'));
  return agent;
}

const ROUTE = '/api/v1/accounts/:account/conversations/:conversation';

describe('agent.events over real Chatwoot deliveries', () => {
  it('reports a whole cycle in order: reply, escalation, a human-owned message, the hand-back', async () => {
    const agent = bot();
    const seen = record(agent);
    const http = await serve(agent);
    try {
      const post = async (body: unknown): Promise<void> => {
        const answer = await http.post(signedChatwootDelivery({ secret: SECRET, body }));
        expect(answer.status, answer.text).toBe(200);
      };
      await post(message({ id: 1, content: 'hello' }));
      await post(message({ id: 2, content: 'a human please' }));
      await post(agentMessage({ id: 3, status: 'open' }));
      await post(conversation({ status: 'pending', previous: 'open' }));
    } finally {
      await http.close();
    }
    expect(seen.map(line)).toEqual([
      'accepted platform=chatwoot events=1',
      `api_call platform=chatwoot helper=reply method=POST route=${ROUTE}/messages status=200 retries=0`,
      'event name=message_created conversationId=42 ownerBefore=none ownerAfter=bot handled=true',
      'delivery platform=chatwoot status=200 events=1 duplicate=false acked=false',
      'accepted platform=chatwoot events=1',
      `api_call platform=chatwoot helper=escalate method=POST route=${ROUTE}/toggle_status status=200 retries=0`,
      'escalation platform=chatwoot botId=undefined conversationId=42 reason=asked for a human trigger=bot channel=default outcome=escalated',
      'handoff conversationId=42 from=bot to=human initiator=bot reason=asked for a human inferred=false',
      'event name=message_created conversationId=42 ownerBefore=bot ownerAfter=human handled=true',
      'delivery platform=chatwoot status=200 events=1 duplicate=false acked=false',
      'accepted platform=chatwoot events=1',
      'event name=message_created conversationId=42 ownerBefore=human ownerAfter=human handled=false',
      'delivery platform=chatwoot status=200 events=1 duplicate=false acked=false',
      'accepted platform=chatwoot events=1',
      'handoff conversationId=42 from=human to=bot initiator=platform reason=undefined inferred=false',
      `api_call platform=chatwoot helper=reply method=POST route=${ROUTE}/messages status=200 retries=0`,
      'event name=handed_back conversationId=42 ownerBefore=human ownerAfter=bot handled=true',
      'delivery platform=chatwoot status=200 events=1 duplicate=false acked=false',
    ]);
    for (const { payload } of seen) {
      for (const [key, value] of Object.entries(payload)) if (key.endsWith('Ms')) expect(value).toBeGreaterThanOrEqual(0);
    }
    expect(api.summary()).toEqual(['POST /messages', 'POST /toggle_status', 'POST /messages']);
  });
});
