import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedChatwootDelivery } from '../../src/testing/index.js';
import { conversation, fakeChatwoot, makeAgent, message, SECRET } from '../adapters/chatwoot/support.js';
import { MAX_REASONS } from '../../src/core/observability/escalations.js';

const { state: api, handlers } = fakeChatwoot();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => api.reset());
afterAll(() => server.close());

const post = (body: unknown) => signedChatwootDelivery({ secret: SECRET, body });

describe('agent.escalations()', () => {
  it('counts escalations by reason, trigger, channel and outcome since the start', async () => {
    const started = Date.now();
    const agent = makeAgent({ retries: 0 });
    agent.on('message_created', async (ctx) => {
      const text = ctx.message.text ?? '';
      if (text === 'team') return ctx.escalate({ reason: 'billing', to: { team: 4 } });
      if (text === 'agent') return ctx.escalate({ reason: 'billing', to: { agent: 9 } });
      if (text === 'crash') throw new Error('bug');
      return ctx.escalate();
    });
    api.respond = (call) =>
      call.path.endsWith('/assignments') && (call.body as { assignee_id?: number }).assignee_id === 9
        ? new Response('{"error":"no"}', { status: 422 })
        : undefined;
    expect(agent.escalations().total).toBe(0);
    // Four conversations: a team escalation, a failed agent one, a fail-safe one, a default one; then the platform.
    expect((await agent.receive(post(message({ id: 1, content: 'team', conversationId: 1 })))).status).toBe(200);
    expect((await agent.receive(post(message({ id: 2, content: 'agent', conversationId: 2 })))).status).toBe(200);
    expect((await agent.receive(post(message({ id: 3, content: 'crash', conversationId: 3 })))).status).toBe(200);
    expect((await agent.receive(post(message({ id: 4, content: 'hi', conversationId: 4 })))).status).toBe(200);
    expect((await agent.receive(post(conversation({ status: 'open', previous: 'pending', conversationId: 5 })))).status).toBe(200);

    expect(agent.escalations()).toEqual({
      since: expect.toSatisfy((since: number) => since >= started && since <= Date.now()),
      total: 6,
      byReason: { billing: 2, 'a message_created handler failed': 2, unspecified: 2 },
      // Chatwoot names no bot of its own per conversation.
      byBot: { chatwoot: { unknown: 6 } },
      byTrigger: { bot: 3, 'fail-safe': 2, platform: 1 },
      byChannel: { team: 1, agent: 1, default: 3, platform: 1 },
      byOutcome: { escalated: 5, failed: 1, unsupported: 0 },
    });
    // A copy: changing it changes nothing.
    agent.escalations().byTrigger.bot = 99;
    expect(agent.escalations().byTrigger.bot).toBe(3);
  });

  it(`keeps at most ${MAX_REASONS} distinct reasons, then counts under other`, async () => {
    const agent = makeAgent({ retries: 0 });
    for (let i = 0; i < MAX_REASONS + 2; i++) {
      await agent.conversation(100 + i).escalate({ reason: `reason ${i}` });
    }
    const report = agent.escalations();
    expect(Object.keys(report.byReason)).toHaveLength(MAX_REASONS + 1);
    expect(report.byReason.other).toBe(2);
    expect(report.total).toBe(MAX_REASONS + 2);
  });
});
