import { describe, expect, it, vi } from 'vitest';
import { jsonAnswer } from '../../src/core/delivery.js';
import { VirtualAgent, silentLogger, type Adapter, type NormalizedEvent } from '../../src/index.js';

/** A platform that takes actions in the webhook answer, and through REST (recorded) once the answer is gone. */
function answeringPlatform() {
  const rest: unknown[] = [];
  const adapter: Adapter = {
    name: 'answering',
    capabilities: ['reply', 'tag', 'escalate'],
    ackStatus: 200,
    verify() {},
    parse(body) {
      return { events: (body as { events: NormalizedEvent[] }).events };
    },
    actions(ref, outbox) {
      const act = async (action: Record<string, unknown>) => {
        if (outbox?.push(action)) return;
        rest.push({ conversation: ref.id, ...action });
      };
      return {
        reply: async (message) => {
          await act({ sendMessage: message.text });
          return {};
        },
        tag: (names) => act({ applyTopics: names }),
        escalate: () => act({ complete: 'HANDOVER' }),
      };
    },
    outbox: {
      respond(items, status) {
        const merged: Record<string, unknown[]> = {};
        for (const item of items as Record<string, unknown>[]) {
          for (const [key, value] of Object.entries(item)) (merged[key] ??= []).push(value);
        }
        return jsonAnswer(status, merged);
      },
    },
  };
  return { adapter, rest };
}

let n = 0;
function inbound(text: string): NormalizedEvent {
  n += 1;
  return {
    name: 'message_created',
    type: 'INBOUND_MESSAGE_RECEIVED',
    idempotencyKey: `k${n}`,
    conversationId: 'conv-1',
    contact: { id: 'c', attributes: {} },
    message: { id: `m${n}`, text, attachments: [], sender: { role: 'contact' }, private: false },
    ownership: { owner: 'bot' },
    raw: {},
  };
}

const send = (agent: VirtualAgent, ...events: NormalizedEvent[]) => agent.receive({ method: 'POST', url: '/', headers: {}, body: JSON.stringify({ events }) });

describe('actions in the webhook answer (ResponseOutbox)', () => {
  it('collects the helpers of a handler into the HTTP answer, and calls no API', async () => {
    const { adapter, rest } = answeringPlatform();
    const agent = new VirtualAgent({ adapter, logger: silentLogger });
    agent.on('message_created', async (ctx) => {
      await ctx.reply('one');
      await ctx.reply('two');
      await ctx.tag('Billing');
      await ctx.escalate();
    });
    const answer = await send(agent, inbound('hi'));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ sendMessage: ['one', 'two'], applyTopics: [['Billing']], complete: ['HANDOVER'] });
    expect(rest).toEqual([]);
  });

  it('answers at the deadline with what was collected, and sends the rest through the API', async () => {
    const { adapter, rest } = answeringPlatform();
    const agent = new VirtualAgent({ adapter, logger: silentLogger, ackTimeoutMs: 40 });
    agent.on('message_created', async (ctx) => {
      await ctx.reply('right away');
      await new Promise((r) => setTimeout(r, 100));
      await ctx.reply('after the answer');
    });
    const answer = await send(agent, inbound('hi'));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ sendMessage: ['right away'] });
    await vi.waitFor(() => expect(rest).toEqual([{ conversation: 'conv-1', sendMessage: 'after the answer' }]));
  });

  it('answers an empty action set for a delivery without events, and drops actions of a failed delivery', async () => {
    const { adapter } = answeringPlatform();
    const agent = new VirtualAgent({ adapter, logger: silentLogger, onHandlerError: 'throw' });
    expect(JSON.parse((await send(agent)).body)).toEqual({});
    agent.on('message_created', async (ctx) => {
      await ctx.reply('half done');
      throw new Error('then it broke');
    });
    const answer = await send(agent, inbound('x'));
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body).error.code).toBe('E_HANDLER');
  });

  it('outside a webhook, agent.conversation(id) goes through the API', async () => {
    const { adapter, rest } = answeringPlatform();
    const agent = new VirtualAgent({ adapter, logger: silentLogger });
    await agent.conversation('conv-9').reply('proactive');
    expect(rest).toEqual([{ conversation: 'conv-9', sendMessage: 'proactive' }]);
  });

  it('an action collected into a failed answer was not a side effect: the redelivery runs the event again', async () => {
    const { adapter, rest } = answeringPlatform();
    const agent = new VirtualAgent({ adapter, logger: silentLogger, onHandlerError: 'throw' });
    let attempts = 0;
    agent.on('message_created', async (ctx) => {
      attempts += 1;
      await ctx.reply(`attempt ${attempts}`);
      if (attempts === 1) throw new Error('failed after collecting a reply');
    });
    const event = inbound('hello');
    expect((await send(agent, event)).status).toBe(500);
    const retry = await send(agent, event);
    expect(retry.status).toBe(200);
    expect(JSON.parse(retry.body)).toEqual({ sendMessage: ['attempt 2'] });
    expect(rest).toEqual([]);
  });
});
