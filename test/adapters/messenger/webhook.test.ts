import { describe, expect, it } from 'vitest';
import type { AnyContext, HandoffkitError } from '../../../src/index.js';
import {
  APP_ID,
  INBOX_APP_ID,
  PAGE_ID,
  PAGE_TOKEN,
  deliveryItem,
  deliveryOf,
  echoItem,
  entry,
  fakeGraph,
  messengerAgent,
  optinItem,
  page,
  passItem,
  postbackItem,
  readItem,
  referralItem,
  signedRequest,
  textItem,
} from './support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

// Deliveries through agent.fetch with real signed Requests: what handlers see, what reaches Graph.

const { graph, handlers } = fakeGraph();
serveStandIn(handlers, graph);

function sentTexts(): string[] {
  return graph.calls
    .filter((c) => c.path === '/me/messages')
    .map((c) => {
      const body = c.body as { recipient: { id: string }; message?: { text?: string } };
      return `${body.recipient.id}: ${body.message?.text ?? ''}`;
    });
}

describe('a Messenger delivery through agent.fetch', () => {
  it('handles every entry and every item, in order, each in its own conversation; the bot answers each contact', async () => {
    const agent = messengerAgent();
    const seen: string[] = [];
    agent.on('message_created', async (ctx) => {
      seen.push(`${ctx.conversation.id}: ${ctx.message.text}`);
      await ctx.reply(`You said: ${ctx.message.text}`);
    });
    const body = page(
      entry({ messaging: [textItem('A', 'a1'), textItem('B', 'b1'), textItem('A', 'a2')] }),
      entry({ messaging: [textItem('C', 'Olá, ça va? 👋')] }),
      entry({ messaging: [textItem('A', 'a3')] }),
    );
    const response = await agent.fetch(signedRequest(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    // Each contact's messages in their order (conversations run concurrently, so only per-contact order is fixed).
    for (const id of ['A', 'B', 'C']) {
      expect(seen.filter((line) => line.startsWith(`${id}:`))).toEqual({ A: ['A: a1', 'A: a2', 'A: a3'], B: ['B: b1'], C: ['C: Olá, ça va? 👋'] }[id]);
    }
    expect(sentTexts().sort()).toEqual(['A: You said: a1', 'A: You said: a2', 'A: You said: a3', 'B: You said: b1', 'C: You said: Olá, ça va? 👋'].sort());
    expect(graph.calls.every((c) => c.query.access_token === PAGE_TOKEN)).toBe(true);
  });

  it('drops a redelivery of the same items (Meta retries)', async () => {
    const agent = messengerAgent();
    const texts: string[] = [];
    agent.on('message_created', (ctx) => void texts.push(ctx.message.text ?? ''));
    const body = deliveryOf([textItem('A', 'once'), readItem('A', 1)]);
    expect((await agent.fetch(signedRequest(body))).status).toBe(200);
    expect((await agent.fetch(signedRequest(body))).status).toBe(200);
    expect(texts).toEqual(['once']);
  });

  it('never treats echoes as contact messages: default handlers skip them, standby handlers see their author', async () => {
    const agent = messengerAgent();
    const defaults: string[] = [];
    const observed: string[] = [];
    agent.on('message_created', (ctx) => void defaults.push(ctx.message.text ?? ''));
    agent.on('message_created', (ctx) => void observed.push(`${ctx.message.sender.role}: ${ctx.message.text}`), { standby: true });
    const body = deliveryOf([textItem('A', 'hi'), echoItem('A', 'Hello from the bot', Number(APP_ID)), echoItem('A', 'Hello from Alice', INBOX_APP_ID)]);
    await agent.fetch(signedRequest(body));
    expect(defaults).toEqual(['hi']);
    expect(observed).toEqual(['contact: hi', 'bot: Hello from the bot', 'agent: Hello from Alice']);
  });

  it('gives a postback as message_created with ctx.message.postback', async () => {
    const agent = messengerAgent();
    const postbacks: unknown[] = [];
    agent.on('message_created', (ctx) => void postbacks.push(ctx.message.postback));
    await agent.fetch(signedRequest(deliveryOf([postbackItem('A', 'Track my order', 'TRACK_ORDER', { mid: 'm_pb_1' })])));
    expect(postbacks).toEqual([{ title: 'Track my order', payload: 'TRACK_ORDER' }]);
  });

  it('gives referrals and opt-ins as widget_triggered: the bot greets', async () => {
    const agent = messengerAgent();
    agent.on('widget_triggered', (ctx) => ctx.reply(`Welcome (${ctx.event.type})`));
    await agent.fetch(signedRequest(deliveryOf([referralItem('R', 'summer-sale'), optinItem('O', 'checkout')])));
    expect(sentTexts().sort()).toEqual(['O: Welcome (optin)', 'R: Welcome (referral)']);
  });

  it('shows reads and deliveries to onAny handlers only', async () => {
    const agent = messengerAgent();
    const any: string[] = [];
    agent.onAny((ctx: AnyContext) => void any.push(`${ctx.event.name}/${ctx.event.type}`));
    agent.on(['message_created', 'widget_triggered'], () => {
      throw new Error('no named handler may see receipts');
    });
    const response = await agent.fetch(signedRequest(deliveryOf([readItem('A', 1_000), deliveryItem('A', 2_000, ['m_1'])])));
    expect(response.status).toBe(200);
    expect(any).toEqual(['platform_event/read', 'platform_event/delivery']);
    expect(graph.calls).toEqual([]);
  });

  it('keeps the bot silent on standby items (a human owns the thread); standby handlers see them', async () => {
    const agent = messengerAgent();
    const defaults: string[] = [];
    const observed: string[] = [];
    agent.on('message_created', async (ctx) => {
      defaults.push(ctx.message.text ?? '');
      await ctx.reply('should not be sent');
    });
    agent.on('message_created', (ctx) => void observed.push(`${ctx.conversation.owner}: ${ctx.message.text}`), { standby: true });
    await agent.fetch(signedRequest(deliveryOf([textItem('S', 'is anyone there?')], 'standby')));
    expect(defaults).toEqual([]);
    expect(observed).toEqual(['human: is anyone there?']);
    expect(graph.calls).toEqual([]);
    expect(await agent.conversation('S').owner()).toBe('human');
  });

  it('compares app ids as strings whether the option or the payload uses numbers', async () => {
    for (const [configured, sent] of [
      [Number(APP_ID), APP_ID],
      [APP_ID, Number(APP_ID)],
    ] as const) {
      const agent = messengerAgent({ appId: configured });
      const backs: string[] = [];
      agent.on('handed_back', (ctx) => void backs.push(ctx.conversation.id));
      await agent.fetch(signedRequest(deliveryOf([textItem('N', 'x')], 'standby')));
      await agent.fetch(signedRequest(deliveryOf([passItem('N', sent, Number(INBOX_APP_ID))])));
      expect(backs).toEqual(['N']);
    }
  });

  it('handles the valid items of a partly invalid batch, reports each invalid one through onError, and answers 200', async () => {
    const agent = messengerAgent();
    const texts: string[] = [];
    const errors: string[] = [];
    agent.on('message_created', (ctx) => void texts.push(ctx.message.text ?? ''));
    agent.onError((error) => void errors.push(`${(error as HandoffkitError).code} ${(error as { field?: string }).field}`));
    const body = page(
      entry({ messaging: [textItem('A', 'first'), { recipient: { id: PAGE_ID }, timestamp: 1, message: { mid: 'm_x', text: 'who?' } }] }),
      entry({ standby: [{ sender: { id: 'B' }, recipient: { id: PAGE_ID }, message: { text: 'no mid' } }], messaging: [textItem('C', 'third')] }),
    );
    const response = await agent.fetch(signedRequest(body));
    expect(response.status).toBe(200);
    expect(texts).toEqual(['first', 'third']);
    expect(errors).toEqual(['E_PAYLOAD entry.0.messaging.1.sender.id', 'E_PAYLOAD entry.1.standby.0.message.mid']);
  });

  it('survives entries with both lanes or neither', async () => {
    const agent = messengerAgent();
    const seen: string[] = [];
    agent.on('message_created', (ctx) => void seen.push(`${ctx.conversation.owner} ${ctx.message.text}`), { standby: true });
    const body = page(
      { id: PAGE_ID, time: 1, messaging: [textItem('A', 'owned')], standby: [textItem('B', 'watched')] },
      { id: PAGE_ID, time: 2 },
      { id: PAGE_ID, time: 3, changes: [{ field: 'feed', value: { item: 'status' } }] },
    );
    expect((await agent.fetch(signedRequest(body))).status).toBe(200);
    expect(seen.sort()).toEqual(['bot owned', 'human watched']);
  });

  it.each([
    ['a body without entry', { object: 'page' }, /field "entry" must be an array/],
    ['a body that is not JSON', 'not json', /not valid JSON/],
  ])('answers 400 E_PAYLOAD to %s', async (_title, body, message) => {
    const response = await messengerAgent().fetch(signedRequest(body));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'E_PAYLOAD', message: expect.stringMatching(message) } });
  });

  it('refuses other methods than GET (setup check) and POST with 405', async () => {
    const response = await messengerAgent().fetch(new Request('https://bot.example.com/webhook', { method: 'PUT', body: '{}' }));
    expect(response.status).toBe(405);
  });
});
