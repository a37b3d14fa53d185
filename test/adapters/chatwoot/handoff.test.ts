import { describe, expect, it } from 'vitest';
import { HandoffkitError, type HandoffInfo, type VirtualAgent } from '../../../src/index.js';
import { signedChatwootDelivery } from '../../../src/testing/index.js';
import { agentMessage, conversation, deliverOk, fakeChatwoot, legacy, makeAgent, message, type Payload, SECRET, selectAnswer } from './support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

const { state: api, handlers } = fakeChatwoot();
serveStandIn(handlers, api);

// Conversation times (float seconds), in platform order.
const T1 = 1772446500.101;
const T2 = 1772446600.202;
const T3 = 1772446700.303;
const T4 = 1772446800.404;

/** Records every lifecycle and message dispatch of an agent, in order. */
function journal(agent: VirtualAgent) {
  const log: string[] = [];
  const handoffs: Record<string, HandoffInfo[]> = {};
  const note = (name: string, handoff: HandoffInfo): void => {
    log.push(name);
    (handoffs[name] ??= []).push(handoff);
  };
  agent.on('conversation_started', () => {
    log.push('conversation_started');
  });
  agent.on('handed_off', (ctx) => note('handed_off', ctx.handoff));
  agent.on('handed_back', (ctx) => note('handed_back', ctx.handoff));
  agent.on('conversation_resolved', (ctx) => note('conversation_resolved', ctx.handoff));
  agent.on('message_created', (ctx) => {
    log.push(`message_created:${ctx.message.id}`);
  });
  agent.on('message_updated', (ctx) => {
    log.push(`message_updated:${ctx.message.id}`);
  });
  return { log, handoffs };
}

/** What `{ standby: true }` handlers see: every message, with its author and the owner at the time. */
function standby(agent: VirtualAgent) {
  const seen: { id: string; role: string; private: boolean; owner: string; event: string }[] = [];
  agent.on(
    ['message_created', 'message_updated'],
    (ctx) => {
      seen.push({ id: ctx.message.id, role: ctx.message.sender.role, private: ctx.message.private, owner: ctx.conversation.owner, event: ctx.event.name });
    },
    { standby: true },
  );
  return seen;
}

async function deliverTwice(agent: VirtualAgent, body: Payload): Promise<void> {
  await deliverOk(agent, body);
  // The same event again: a retry, or the same event sent to a second bot.
  await deliverOk(agent, structuredClone(body));
}

describe('Chatwoot handoff: the status cycle', () => {
  it('pending → open → pending → resolved dispatches handed_off, handed_back, conversation_resolved once each', async () => {
    const agent = makeAgent();
    const { log, handoffs } = journal(agent);
    // A new handle per look: each reads the owner the agent recorded.
    const owner = (): Promise<string> => agent.conversation(42).owner();

    await deliverTwice(agent, conversation({ event: 'conversation_created', status: 'pending', updatedAt: T1, noChanges: true }));
    expect(await owner()).toBe('bot');
    await deliverTwice(agent, conversation({ status: 'open', previous: 'pending', updatedAt: T2 }));
    expect(await owner()).toBe('human');
    await deliverTwice(agent, conversation({ status: 'pending', previous: 'open', updatedAt: T3 }));
    expect(await owner()).toBe('bot');
    await deliverTwice(agent, conversation({ status: 'resolved', previous: 'pending', updatedAt: T4 }));
    expect(await owner()).toBe('none');

    expect(log).toEqual(['conversation_started', 'handed_off', 'handed_back', 'conversation_resolved']);
    expect(handoffs).toEqual({
      handed_off: [{ from: 'bot', to: 'human', initiator: 'platform', inferred: false }],
      handed_back: [{ from: 'human', to: 'bot', initiator: 'platform', inferred: false }],
      conversation_resolved: [{ from: 'bot', to: 'none', initiator: 'platform', inferred: false }],
    });
    expect(api.calls).toEqual([]);
  });

  it('conversation_opened and conversation_status_changed for one change: handed_off once, the second is a platform event', async () => {
    const agent = makeAgent();
    const { log } = journal(agent);
    const any: string[] = [];
    agent.onAny((ctx) => {
      any.push(`${ctx.event.name}:${ctx.event.type}`);
    });
    await deliverOk(agent, conversation({ event: 'conversation_created', status: 'pending', updatedAt: T1, noChanges: true }));
    await deliverOk(agent, conversation({ status: 'open', previous: 'pending', updatedAt: T2 }));
    await deliverOk(agent, conversation({ event: 'conversation_opened', status: 'open', updatedAt: T2, noChanges: true }));
    expect(log).toEqual(['conversation_started', 'handed_off']);
    expect(any).toEqual(['conversation_started:conversation_created', 'handed_off:conversation_status_changed', 'platform_event:conversation_opened']);
  });

  it('older servers (2021 payloads, no updated_at): open → pending → open dispatches every change', async () => {
    const agent = makeAgent();
    const { log } = journal(agent);
    const change = (status: string, activityId: number): Payload => {
      const body = legacy.statusChanged();
      body.status = status;
      body.messages = [{ id: activityId, content: `Conversation was marked ${status}`, message_type: 2, created_at: 1627063369 + activityId }];
      return body;
    };
    await deliverTwice(agent, change('open', 1));
    await deliverTwice(agent, change('pending', 2));
    await deliverTwice(agent, change('open', 3));
    await deliverTwice(agent, change('resolved', 4));
    // The first change is announced to an agent without a record of the conversation: its handlers run too.
    expect(log).toEqual(['handed_off', 'handed_back', 'handed_off', 'conversation_resolved']);
    expect(await agent.conversation(10).owner()).toBe('none');
  });

  it('the first event seen tells the previous owner through changed_attributes', async () => {
    const agent = makeAgent();
    const { log, handoffs } = journal(agent);
    await deliverOk(agent, conversation({ status: 'open', previous: 'pending', updatedAt: T2 }));
    expect(log).toEqual(['handed_off']);
    expect(handoffs.handed_off).toEqual([{ from: 'bot', to: 'human', initiator: 'platform', inferred: false }]);
  });

  it('a contact message with status pending after the conversation was open: handed_back, then message_created', async () => {
    const agent = makeAgent();
    const { log, handoffs } = journal(agent);
    await deliverOk(agent, message({ id: 100, status: 'pending', updatedAt: T1 }));
    await deliverOk(agent, conversation({ status: 'open', previous: 'pending', updatedAt: T2 }));
    await deliverOk(agent, message({ id: 101, status: 'pending', updatedAt: T3 }));
    expect(log).toEqual(['message_created:100', 'handed_off', 'handed_back', 'message_created:101']);
    // Learnt from the message's conversation status, not announced.
    expect(handoffs.handed_back).toEqual([{ from: 'human', to: 'bot', initiator: 'platform', inferred: true }]);
  });

  it('a contact message on an open conversation, first seen: no handler, the human owns it', async () => {
    const agent = makeAgent();
    const { log } = journal(agent);
    const seen = standby(agent);
    await deliverOk(agent, message({ id: 100, status: 'open', updatedAt: T2 }));
    expect(log).toEqual([]);
    expect(seen).toEqual([{ id: '100', role: 'contact', private: false, owner: 'human', event: 'message_created' }]);
  });
});

describe("Chatwoot handoff: the event name is the platform's word", () => {
  it('conversation_resolved whose body still carries an earlier status is a resolution, from that status', async () => {
    const agent = makeAgent();
    const { log, handoffs } = journal(agent);
    const statuses: (string | undefined)[] = [];
    agent.on('conversation_resolved', (ctx) => void statuses.push(ctx.conversation.status));
    await deliverOk(agent, message({ id: 500, status: 'pending', updatedAt: T1 }));
    // Chatwoot serialized the conversation before the change: status "pending" in a conversation_resolved body.
    await deliverOk(agent, conversation({ event: 'conversation_resolved', status: 'pending', updatedAt: T2, noChanges: true }));
    expect(log).toEqual(['message_created:500', 'conversation_resolved']);
    expect(handoffs.conversation_resolved).toEqual([{ from: 'bot', to: 'none', initiator: 'platform', inferred: false }]);
    expect(statuses).toEqual(['resolved']);
    expect(await agent.conversation(42).owner()).toBe('none');
  });

  it('conversation_resolved runs its handlers on an agent with no record of the conversation (a restart, another instance)', async () => {
    const agent = makeAgent();
    const { log, handoffs } = journal(agent);
    await deliverOk(agent, conversation({ event: 'conversation_resolved', status: 'resolved', updatedAt: T2, noChanges: true }));
    expect(log).toEqual(['conversation_resolved']);
    // Nothing says who had it before: `none`, not a guess.
    expect(handoffs.conversation_resolved).toEqual([{ from: 'none', to: 'none', initiator: 'platform', inferred: false }]);
  });

  it('with no record, the earlier status in the body names the previous owner', async () => {
    const agent = makeAgent();
    const { handoffs } = journal(agent);
    await deliverOk(agent, conversation({ event: 'conversation_resolved', status: 'open', updatedAt: T2, noChanges: true }));
    expect(handoffs.conversation_resolved).toEqual([{ from: 'human', to: 'none', initiator: 'platform', inferred: false }]);
  });

  it('conversation_opened with a stale pending body hands off, once', async () => {
    const agent = makeAgent();
    const { log } = journal(agent);
    await deliverOk(agent, message({ id: 501, status: 'pending', updatedAt: T1 }));
    await deliverTwice(agent, conversation({ event: 'conversation_opened', status: 'pending', updatedAt: T2, noChanges: true }));
    expect(log).toEqual(['message_created:501', 'handed_off']);
    expect(await agent.conversation(42).owner()).toBe('human');
  });

  it('conversation_status_changed follows changed_attributes.current_value over a lagging body status', async () => {
    const agent = makeAgent();
    const { log } = journal(agent);
    await deliverOk(agent, message({ id: 502, status: 'pending', updatedAt: T1 }));
    const body = conversation({ status: 'pending', updatedAt: T2 });
    body.changed_attributes = [{ status: { previous_value: 'pending', current_value: 'open' } }];
    await deliverOk(agent, body);
    expect(log).toEqual(['message_created:502', 'handed_off']);
  });
});

describe('Chatwoot handoff: repeats and stale deliveries', () => {
  it('the same message delivered twice runs the handlers once', async () => {
    const agent = makeAgent();
    const { log } = journal(agent);
    const seen = standby(agent);
    const body = message({ id: 200, updatedAt: T1 });
    await deliverOk(agent, body, { deliveryId: 'retry-of-one-delivery' });
    await deliverOk(agent, body, { deliveryId: 'retry-of-one-delivery' });
    await deliverOk(agent, structuredClone(body), { deliveryId: 'the-other-bot' });
    expect(log).toEqual(['message_created:200']);
    expect(seen).toHaveLength(1);
  });

  it('a captured signed delivery replayed with a new X-Chatwoot-Delivery runs nothing again and flips no ownership', async () => {
    // A payload with no time of its own to key on: no created_at, a conversation without updated_at/timestamp.
    const captured = message({ id: 250, status: 'pending' });
    delete captured.created_at;
    delete captured.conversation.updated_at;
    delete captured.conversation.timestamp;
    const signedAt = Math.floor(Date.now() / 1000);
    const original = signedChatwootDelivery({ secret: SECRET, body: captured, timestamp: signedAt, deliveryId: 'first-delivery' });
    const agent = makeAgent();
    const { log } = journal(agent);
    expect((await agent.receive(original)).status).toBe(200);
    // A human takes the conversation.
    await deliverOk(agent, conversation({ status: 'open', previous: 'pending', updatedAt: T3 }));
    expect(log).toEqual(['message_created:250', 'handed_off']);
    // The attacker replays the signed bytes, inside the 300 s window, under a header the signature does not cover.
    const replay = { ...original, headers: { ...(original.headers as Record<string, string>), 'x-chatwoot-delivery': 'a-fresh-uuid' } };
    expect((await agent.receive(replay)).status).toBe(200);
    expect(log).toEqual(['message_created:250', 'handed_off']);
    expect(await agent.conversation(captured.conversation.id).owner()).toBe('human');
  });

  it('the same answer to a select delivered twice runs the handlers once', async () => {
    const agent = makeAgent();
    const { log } = journal(agent);
    await deliverOk(agent, selectAnswer(), { deliveryId: 'bot-a' });
    await deliverOk(agent, selectAnswer(), { deliveryId: 'bot-b' });
    expect(log).toEqual(['message_updated:4013']);
  });

  it('a stale message (older conversation.updated_at) does not flip ownership back', async () => {
    const agent = makeAgent();
    const { log } = journal(agent);
    const seen = standby(agent);
    await deliverOk(agent, message({ id: 300, status: 'pending', updatedAt: T1 }));
    await deliverOk(agent, conversation({ status: 'open', previous: 'pending', updatedAt: T3 }));
    // Written before the handoff, delivered after it.
    await deliverOk(agent, message({ id: 301, status: 'pending', updatedAt: T2 }));
    expect(log).toEqual(['message_created:300', 'handed_off']);
    expect(seen.map((s) => `${s.id}:${s.owner}`)).toEqual(['300:bot', '301:human']);
    expect(await agent.conversation(42).owner()).toBe('human');
  });

  it('a stale status change does not undo a newer one', async () => {
    const agent = makeAgent();
    const { log } = journal(agent);
    await deliverOk(agent, conversation({ status: 'pending', previous: 'open', updatedAt: T3 }));
    await deliverOk(agent, conversation({ status: 'open', previous: 'pending', updatedAt: T2 }));
    expect(log).toEqual(['handed_back']);
    expect(await agent.conversation(42).owner()).toBe('bot');
  });
});

describe('Chatwoot handoff: whose message is it', () => {
  it("the bot's echo, agents' messages and private notes reach only standby handlers", async () => {
    const agent = makeAgent();
    const { log } = journal(agent);
    const seen = standby(agent);
    agent.on('message_created', async (ctx) => {
      if (ctx.message.id === '400') await ctx.reply('Let me check that order.');
    });

    await deliverOk(agent, message({ id: 400, updatedAt: T1 }));
    expect(api.summary()).toEqual(['POST /messages']);
    // Chatwoot echoes the reply (id 9001, from the API's answer) without sender.type, then an agent chimes in.
    await deliverOk(
      agent,
      message({ id: 9001, messageType: 'outgoing', content: 'Let me check that order.', sender: { id: 2, name: 'Order bot' }, updatedAt: T1 + 1 }),
    );
    await deliverOk(agent, agentMessage({ id: 402, updatedAt: T1 + 2 }));
    await deliverOk(agent, agentMessage({ id: 403, private: true, content: 'VIP customer', updatedAt: T1 + 3 }));
    await deliverOk(agent, message({ id: 404, messageType: 2, sender: null, content: 'Bruno self-assigned this conversation', updatedAt: T1 + 4 }));

    expect(log).toEqual(['message_created:400']);
    expect(seen).toEqual([
      { id: '400', role: 'contact', private: false, owner: 'bot', event: 'message_created' },
      { id: '9001', role: 'bot', private: false, owner: 'bot', event: 'message_created' },
      { id: '402', role: 'agent', private: false, owner: 'bot', event: 'message_created' },
      { id: '403', role: 'agent', private: true, owner: 'bot', event: 'message_created' },
      { id: '404', role: 'system', private: false, owner: 'bot', event: 'message_created' },
    ]);
  });

  it("updates of the bot's own message reach only standby handlers, the contact's answer reaches the default one", async () => {
    const agent = makeAgent();
    const { log } = journal(agent);
    const seen = standby(agent);
    const sent = await agent.conversation(42).reply({ text: 'What can I do for you?', quickReplies: [{ title: 'Track an order', value: 'track' }] });
    expect(sent).toEqual({ id: '9001' });
    // Chatwoot updates the message (e.g. its delivery status) before the contact answers.
    const statusUpdate = selectAnswer({ id: 9001, contentAttributes: { items: [{ title: 'Track an order', value: 'track' }] } });
    await deliverOk(agent, statusUpdate);
    await deliverOk(agent, selectAnswer({ id: 9001 }));
    expect(log).toEqual(['message_updated:9001']);
    expect(seen.map((s) => `${s.event}:${s.role}`)).toEqual(['message_updated:bot', 'message_updated:contact']);
  });

  it("the private note written by escalate({ note }) echoes as the bot's", async () => {
    const agent = makeAgent();
    const seen = standby(agent);
    await agent.conversation(42).escalate({ note: 'Refund asked for A-1009' });
    expect(api.summary()).toEqual(['POST /messages', 'POST /toggle_status']);
    await deliverOk(
      agent,
      message({
        id: 9001,
        messageType: 'outgoing',
        private: true,
        content: 'Refund asked for A-1009',
        sender: { id: 2, name: 'Order bot' },
        status: 'open',
        updatedAt: T2,
      }),
    );
    expect(seen).toEqual([{ id: '9001', role: 'bot', private: true, owner: 'human', event: 'message_created' }]);
  });
});

describe('Chatwoot handoff: the bot does not talk over a human', () => {
  it('while a human owns the conversation ctx.reply rejects E_NOT_OWNER, and { force: true } sends', async () => {
    const agent = makeAgent();
    const { log } = journal(agent);
    const outcomes: string[] = [];
    agent.on(
      'message_created',
      async (ctx) => {
        for (const [label, act] of [
          ['reply', () => ctx.reply('I can help!')],
          ['typing', () => ctx.typing()],
          ['note', () => ctx.reply({ text: 'Bot saw: asked about A-1009', private: true })],
          ['forced', () => ctx.reply('Sorry to interrupt: your order shipped.', { force: true })],
        ] as const) {
          try {
            await act();
            outcomes.push(`${label}:sent`);
          } catch (error) {
            outcomes.push(`${label}:${(error as HandoffkitError).code}`);
          }
        }
      },
      { standby: true },
    );
    await deliverOk(agent, message({ id: 500, status: 'open', updatedAt: T2 }));
    expect(log).toEqual([]);
    expect(outcomes).toEqual(['reply:E_NOT_OWNER', 'typing:E_NOT_OWNER', 'note:sent', 'forced:sent']);
    expect(api.calls.map((c) => c.body)).toEqual([
      { content: 'Bot saw: asked about A-1009', message_type: 'outgoing', private: true },
      { content: 'Sorry to interrupt: your order shipped.', message_type: 'outgoing', private: false },
    ]);
  });

  it('agent.conversation(id) knows the owner from earlier deliveries', async () => {
    const agent = makeAgent();
    await deliverOk(agent, conversation({ status: 'open', previous: 'pending', updatedAt: T2 }));
    const handle = agent.conversation(42);
    const error = await handle.reply('Anyone there?').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HandoffkitError);
    expect((error as HandoffkitError).code).toBe('E_NOT_OWNER');
    expect((error as HandoffkitError).message).toMatch(/conversation 42.*human.*force: true/);
    expect(api.calls).toEqual([]);
    await handle.reply('Anyone there?', { force: true });
    expect(api.summary()).toEqual(['POST /messages']);
  });

  it("the bot's own escalate hands off at once; Chatwoot's confirmation and stale messages change nothing", async () => {
    const agent = makeAgent();
    const { log, handoffs } = journal(agent);
    agent.on('message_created', async (ctx) => {
      if (/human/i.test(ctx.message.text ?? '')) await ctx.escalate({ reason: 'asked for a human' });
    });
    await deliverOk(agent, message({ id: 600, content: 'I want a human', updatedAt: T1 }));
    expect(api.summary()).toEqual(['POST /toggle_status']);
    expect(log).toEqual(['message_created:600', 'handed_off']);
    expect(handoffs.handed_off).toEqual([{ from: 'bot', to: 'human', initiator: 'bot', inferred: false, reason: 'asked for a human' }]);

    // Sent before the escalation landed: still says pending.
    await deliverOk(agent, message({ id: 601, content: 'hello?', updatedAt: T1 + 1 }));
    await deliverOk(agent, conversation({ status: 'open', previous: 'pending', updatedAt: T2 }));
    await deliverOk(agent, message({ id: 602, content: 'are you there?', status: 'open', updatedAt: T2 + 1 }));
    expect(log).toEqual(['message_created:600', 'handed_off']);
    expect(await agent.conversation(42).owner()).toBe('human');

    // An agent hands the conversation back.
    await deliverOk(agent, conversation({ status: 'pending', previous: 'open', updatedAt: T3 }));
    expect(log).toEqual(['message_created:600', 'handed_off', 'handed_back']);
    expect(handoffs.handed_back).toEqual([{ from: 'human', to: 'bot', initiator: 'platform', inferred: false }]);
  });
});
