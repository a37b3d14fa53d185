// The transcript over whole conversations, on Chatwoot and Messenger, delivered over real HTTP: the bot talks, hands
// over, a human takes the conversation (the bot sees it on standby), hands back, and the bot talks again. Each story
// runs on a MemoryStore and on a real redis-server shared by two agents (instances behind a load balancer).
import { Redis } from 'ioredis';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore, type Store, type TranscriptEntry, type VirtualAgent } from '../../../src/index.js';
import { RedisStore } from '../../../src/store/redis.js';
import { signedChatwootDelivery } from '../../../src/testing/index.js';
import * as cw from '../../adapters/chatwoot/support.js';
import * as fb from '../../adapters/messenger/support.js';
import { TestRedis } from '../../helpers/redis-server.js';
import { serve, type Served } from './http.js';

const chatwootApi = cw.fakeChatwoot();
const graphApi = fb.fakeGraph();
const msw = setupServer(...chatwootApi.handlers, ...graphApi.handlers);
let redis: TestRedis;
let client: Redis;
const servers: Served[] = [];

beforeAll(async () => {
  msw.listen({ onUnhandledRequest: (request, print) => (request.url.startsWith('http://127.0.0.1') ? undefined : print.error()) });
  redis = await TestRedis.start();
  client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});
beforeEach(async () => {
  await client.flushall();
});
afterEach(async () => {
  chatwootApi.state.reset();
  graphApi.graph.reset();
  while (servers.length > 0) await servers.pop()?.close();
});
afterAll(async () => {
  msw.close();
  client.disconnect();
  await redis.stop();
});

/** Two instances of one bot: on a MemoryStore the same agent twice, on Redis two agents sharing the server. */
type Setup = { name: string; stores(): [Store, Store] };
const SETUPS: Setup[] = [
  {
    name: 'MemoryStore',
    stores: () => {
      const store = new MemoryStore();
      return [store, store];
    },
  },
  { name: 'RedisStore (two agents, one redis-server)', stores: () => [new RedisStore({ client }), new RedisStore({ client })] },
];

/** The bot of both stories: answers the contact, escalates on "human", greets on return. */
function wire(agent: VirtualAgent): VirtualAgent {
  agent.on('message_created', async (ctx) => {
    if (/human/i.test(ctx.message.text ?? '')) return ctx.escalate({ reason: 'asked for a human' });
    await ctx.reply(`You said: ${ctx.message.text}`);
  });
  agent.on('handed_back', (ctx) => ctx.reply('I am back.'));
  return agent;
}

/** The transcript without times (checked apart) and ids. */
function shape(entries: TranscriptEntry[]): string[] {
  return entries.map((e) =>
    e.kind === 'handoff'
      ? `handoff ${e.from}->${e.to} by ${e.initiator}${e.reason ? `: ${e.reason}` : ''}`
      : `${e.role}${e.name ? ` (${e.name})` : ''}${e.private ? ' [private]' : ''}: ${e.text ?? ''}`,
  );
}

describe.each(SETUPS)('the transcript on $name', (setup) => {
  it('Chatwoot: bot, escalation, a human stretch, the hand-back and the bot again; the echoes of the bot are not repeated', async () => {
    const [one, two] = setup.stores();
    const first = wire(cw.makeAgent({}, { store: one, transcript: true }));
    const second = wire(cw.makeAgent({}, { store: two, transcript: true }));
    const a = await serve(first);
    const b = await serve(second);
    servers.push(a, b);
    const post = (to: Served, body: unknown) => to.post(signedChatwootDelivery({ secret: cw.SECRET, body }));

    expect(await post(a, cw.message({ id: 1, content: 'Where is my order?', status: 'pending', updatedAt: cw.T0 + 1 }))).toBe(200);
    // Chatwoot sends the bot's own reply back as an outgoing message of the agent bot: the same message.
    const echo = cw.message({
      id: 9001,
      messageType: 'outgoing',
      content: 'You said: Where is my order?',
      status: 'pending',
      updatedAt: cw.T0 + 2,
      sender: { id: 77, name: 'Helper', type: 'agent_bot' },
    });
    expect(await post(b, echo)).toBe(200);
    expect(await post(b, cw.message({ id: 2, content: 'I want a human', status: 'pending', updatedAt: cw.T0 + 3 }))).toBe(200);
    // The human's stretch: the status is open; Bruno writes, the contact answers.
    expect(await post(a, cw.agentMessage({ id: 3, content: 'Hi, Bruno here.', status: 'open', updatedAt: cw.T0 + 5 }))).toBe(200);
    expect(await post(b, cw.message({ id: 4, content: 'Order 42 is late', status: 'open', updatedAt: cw.T0 + 6 }))).toBe(200);
    // Bruno hands back: open → pending.
    expect(await post(a, cw.conversation({ status: 'pending', previous: 'open', updatedAt: cw.T0 + 7 }))).toBe(200);
    expect(await post(b, cw.message({ id: 5, content: 'thanks', status: 'pending', updatedAt: cw.T0 + 8 }))).toBe(200);

    const expected = [
      'contact (Alice): Where is my order?',
      'bot: You said: Where is my order?',
      'contact (Alice): I want a human',
      'handoff bot->human by bot: asked for a human',
      'agent (Bruno): Hi, Bruno here.',
      'contact (Alice): Order 42 is late',
      'handoff human->bot by platform',
      'bot: I am back.',
      'contact (Alice): thanks',
      'bot: You said: thanks',
    ];
    const seenByFirst = await first.conversation(42).transcript();
    const seenBySecond = await second.conversation(42).transcript();
    expect(shape(seenByFirst).map(anonymous)).toEqual(expected.map(anonymous));
    expect(seenBySecond).toEqual(seenByFirst);
    // In order of time; the bot's messages carry the ids Chatwoot gave them.
    expect(seenByFirst.map((e) => e.at)).toEqual([...seenByFirst.map((e) => e.at)].sort((x, y) => x - y));
    expect(seenByFirst.filter((e) => e.kind === 'message' && e.role === 'bot').map((e) => (e.kind === 'message' ? e.id : ''))).toEqual([
      '9001',
      '9002',
      '9003',
    ]);
    // limit and since.
    expect(shape(await first.conversation(42).transcript({ limit: 2 })).map(anonymous)).toEqual(expected.slice(-2).map(anonymous));
    const handBack = seenByFirst.find((e) => e.kind === 'handoff' && e.to === 'bot') as TranscriptEntry;
    expect((await second.conversation(42).transcript({ since: new Date(handBack.at) }))[0]).toEqual(handBack);
  });

  it('Messenger: the escalation, the inbox on standby (contact and human agent), the pass back, and the echo of the bot deduplicated', async () => {
    const [one, two] = setup.stores();
    const first = wire(fb.messengerAgent({}, { store: one, transcript: true }));
    const second = wire(fb.messengerAgent({}, { store: two, transcript: true }));
    const a = await serve(first);
    const b = await serve(second);
    servers.push(a, b);
    const PSID = '5550001234';
    const post = (to: Served, items: unknown[], lane: 'messaging' | 'standby' = 'messaging') => to.post(fb.signedDelivery(fb.deliveryOf(items, lane)));

    expect(await post(a, [fb.textItem(PSID, 'Where is my order?')])).toBe(200);
    // Meta echoes the bot's own message with the id the send API answered.
    expect(await post(b, [fb.echoItem(PSID, 'You said: Where is my order?', fb.APP_ID, { mid: 'm_sent_1' })])).toBe(200);
    expect(await post(b, [fb.textItem(PSID, 'I want a human')])).toBe(200);
    expect(
      await post(a, [fb.textItem(PSID, 'Hello?'), fb.echoItem(PSID, 'Hi, Alice here', fb.INBOX_APP_ID), fb.textItem(PSID, 'Order 42 is late')], 'standby'),
    ).toBe(200);
    expect(await post(b, [fb.passItem(PSID, fb.APP_ID, fb.INBOX_APP_ID, 'solved by Alice')])).toBe(200);
    expect(await post(a, [fb.textItem(PSID, 'thanks')])).toBe(200);

    const seen = await first.conversation(PSID).transcript();
    expect(shape(seen)).toEqual([
      'contact: Where is my order?',
      'bot: You said: Where is my order?',
      'contact: I want a human',
      'handoff bot->human by bot: asked for a human',
      'contact: Hello?',
      'agent: Hi, Alice here',
      'contact: Order 42 is late',
      'handoff human->bot by platform: solved by Alice',
      'bot: I am back.',
      'contact: thanks',
      'bot: You said: thanks',
    ]);
    expect(await second.conversation(PSID).transcript()).toEqual(seen);
  });
});

/** Display names differ between fixtures; the role is what counts here. */
function anonymous(line: string): string {
  return line.replace(/ \([^)]*\)/, '');
}
