// Round trips per event on RedisStore, counted as the server saw them: MONITOR on a second connection lists every
// command a client sent (a script counts once; what it runs inside Redis is listed with the source `lua`).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VirtualAgent } from '../../src/index.js';
import { RedisStore } from '../../src/store/redis.js';
import { chatwootAgent, Client, serve, signedMessage } from '../reliability/support.js';
import { contactMessage, deliveryOf, recordingAdapter } from '../helpers/recording-adapter.js';
import { TestRedis } from '../helpers/redis-server.js';
import { VirtualAgent as Agent, silentLogger } from '../../src/index.js';

let server: TestRedis;
let client: Redis;
let monitor: Awaited<ReturnType<Redis['monitor']>>;
let seen: string[][] = [];

beforeAll(async () => {
  server = await TestRedis.start();
  client = new Redis(server.url);
  await client.ping();
  const watcher = new Redis(server.url);
  monitor = await watcher.monitor();
  // The commands a script runs inside Redis are listed too, with the source `lua`: they are no round trip.
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source !== 'lua') seen.push(args);
  });
  watcher.disconnect();
});

afterAll(async () => {
  monitor?.disconnect();
  client?.disconnect();
  await server?.stop();
});

beforeEach(async () => {
  await client.flushall();
});

/** The commands the server received while `work` ran (MONITOR reports them asynchronously: waits for a marker). */
async function commandsOf(work: () => Promise<unknown>): Promise<string[][]> {
  await settle();
  seen = [];
  await work();
  await settle();
  return seen.filter((args) => !isMarker(args));
}

async function settle(): Promise<void> {
  const marker = `marker-${Math.random()}`;
  await client.echo(marker);
  const deadline = Date.now() + 2_000;
  while (!seen.some((args) => args[1] === marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

function isMarker(args: string[]): boolean {
  return args[0]?.toLowerCase() === 'echo' && String(args[1]).startsWith('marker-');
}

const names = (commands: string[][]): string[] => commands.map((args) => String(args[0]).toUpperCase());

/** RedisStore with only the single calls, as a store without startEvent / finishEvent is used. */
class SingleCalls extends RedisStore {
  constructor(options: ConstructorParameters<typeof RedisStore>[0]) {
    super(options);
    Object.defineProperty(this, 'startEvent', { value: undefined });
  }
}

describe('round trips per event on RedisStore (MONITOR on a real redis-server)', () => {
  it('a Chatwoot message over HTTP costs 2 (two scripts by digest); a repeat of it costs 2; a session read adds its own', async () => {
    const agent = chatwootAgent({ store: new RedisStore({ client }) });
    let readSession = false;
    agent.on('message_created', async (ctx) => {
      if (readSession) await ctx.session.get();
    });
    const listening = await serve(agent);
    const http = new Client(1);
    try {
      // The first call of each script loads it (NOSCRIPT, then EVAL): once per server.
      await http.post(listening.port, signedMessage(0, 1));
      const perEvent: number[] = [];
      for (let seq = 2; seq <= 11; seq++) {
        const commands = await commandsOf(() => http.post(listening.port, signedMessage(seq % 3, seq)));
        expect(names(commands)).toEqual(['EVALSHA', 'EVALSHA']);
        perEvent.push(commands.length);
      }
      expect(Math.max(...perEvent)).toBe(2);
      const repeat = await commandsOf(() => http.post(listening.port, signedMessage(1, 4)));
      expect(names(repeat)).toEqual(['EVALSHA', 'EVALSHA']);
      readSession = true;
      const withSession = await commandsOf(() => http.post(listening.port, signedMessage(1, 20)));
      expect(names(withSession)).toEqual(['EVALSHA', 'GET', 'EVALSHA']);
    } finally {
      http.close();
      await listening.close();
    }
  });

  it('an adapter that remembers contacts and targets still costs 2: the reads come with the start, the writes with the end', async () => {
    const agent = new Agent({
      adapter: { ...recordingAdapter(), remembersContact: true, remembersTarget: true },
      store: new RedisStore({ client }),
      logger: silentLogger,
    });
    const contacts: (string | undefined)[] = [];
    agent.on('message_created', (ctx) => void contacts.push(ctx.contact.name));
    const named = contactMessage('c1', 'hello', 'pending');
    named.target = { channel: 'sms' };
    await agent.receive(deliveryOf(named));
    const unnamed = contactMessage('c1', 'again', 'pending');
    delete unnamed.contact;
    const commands = await commandsOf(() => agent.receive(deliveryOf(unnamed)));
    expect(names(commands)).toEqual(['EVALSHA', 'EVALSHA']);
    // The contact remembered by the first event came back with the second's start.
    expect(contacts).toEqual(['Ada', 'Ada']);
    expect(await client.get('handoffkit:{hk:recording:c1}:target')).toBe('{"channel":"sms"}');
  });

  it('with transcript: true an event still costs 2: the contact message and the reply are appended by the end script', async () => {
    const agent = chatwootAgent({ store: new RedisStore({ client }), transcript: true });
    agent.on('message_created', () => undefined);
    const listening = await serve(agent);
    const http = new Client(1);
    try {
      await http.post(listening.port, signedMessage(0, 1));
      const perEvent: string[][] = [];
      for (let seq = 2; seq <= 7; seq++) perEvent.push(names(await commandsOf(() => http.post(listening.port, signedMessage(seq % 2, seq)))));
      for (const commands of perEvent) expect(commands).toEqual(['EVALSHA', 'EVALSHA']);
      // Conversations 10000 and 10001 got the messages 1, 2, 4, 6 and 3, 5, 7: each is in its transcript, in order.
      const texts = async (id: number) => (await agent.conversation(String(id)).transcript()).map((e) => (e.kind === 'message' ? e.text : e.kind));
      expect(await texts(10000)).toEqual([1, 2, 4, 6].map((seq) => `message ${seq} of conversation 0`));
      expect(await texts(10001)).toEqual([3, 5, 7].map((seq) => `message ${seq} of conversation 1`));
    } finally {
      http.close();
      await listening.close();
    }
  });

  it('with transcript: true, the bot reply, the handoff marker and a read inside the handler add no append of their own', async () => {
    const agent = new Agent({ adapter: recordingAdapter(), store: new RedisStore({ client }), logger: silentLogger, transcript: true });
    const seen: string[][] = [];
    agent.on('message_created', async (ctx) => {
      if (ctx.message.text === 'human') return void (await ctx.escalate({ reason: 'asked' }));
      await ctx.reply(`echo ${ctx.message.text}`);
      // Not stored yet (the end script writes it), the read shows it.
      if (ctx.message.text === 'read') seen.push((await ctx.transcript()).map((e) => (e.kind === 'message' ? `${e.role}:${e.text}` : e.kind)));
    });
    await agent.receive(deliveryOf(contactMessage('warm', 'x', 'pending')));
    const replied = await commandsOf(() => agent.receive(deliveryOf(contactMessage('c3', 'hi', 'pending'))));
    expect(names(replied)).toEqual(['EVALSHA', 'EVALSHA']);
    // The read is one GET; the entries not yet stored are added to what it got.
    const read = await commandsOf(() => agent.receive(deliveryOf(contactMessage('c3', 'read', 'pending'))));
    expect(names(read)).toEqual(['EVALSHA', 'GET', 'EVALSHA']);
    expect(seen).toEqual([['contact:hi', 'bot:echo hi', 'contact:read', 'bot:echo read']]);
    // The escalation saves the owner at once (its own SET, as without the transcript); its marker waits for the end.
    const escalated = await commandsOf(() => agent.receive(deliveryOf(contactMessage('c3', 'human', 'pending'))));
    expect(names(escalated)).toEqual(['EVALSHA', 'SET', 'EVALSHA']);
    const entries = await agent.conversation('c3').transcript();
    expect(entries.map((e) => (e.kind === 'message' ? `${e.role}:${e.text}` : `${e.from}->${e.to}`))).toEqual([
      'contact:hi',
      'bot:echo hi',
      'contact:read',
      'bot:echo read',
      'contact:human',
      'bot->human',
    ]);
    // Outside a webhook there is no event to ride on: the reply's entry costs one script of its own.
    // (The first use of that script loads it: NOSCRIPT, then EVAL.)
    await agent.conversation('warm').reply('x');
    const proactive = await commandsOf(() => agent.conversation('c4').reply('proactive'));
    expect(names(proactive)).toEqual(['GET', 'EVALSHA']);
    expect((await agent.conversation('c4').transcript()).map((e) => (e.kind === 'message' ? e.text : e.kind))).toEqual(['proactive']);
  });

  it('before: the single calls cost 6 per event (3 SET, 2 EVAL, 1 GET)', async () => {
    const agent: VirtualAgent = new Agent({ adapter: recordingAdapter(), store: new SingleCalls({ client }), logger: silentLogger });
    agent.on('message_created', () => undefined);
    await agent.receive(deliveryOf(contactMessage('warm', 'x', 'pending')));
    const commands = await commandsOf(() => agent.receive(deliveryOf(contactMessage('c2', 'x', 'pending'))));
    expect(names(commands).sort()).toEqual(['EVALSHA', 'EVALSHA', 'GET', 'SET', 'SET', 'SET']);
  });

  it('every key of one conversation shares one hash tag, dedupe keys included', async () => {
    const agent = chatwootAgent({ store: new RedisStore({ client }) });
    agent.on('message_created', async (ctx) => void (await ctx.session.set({ n: 1 })));
    const listening = await serve(agent);
    const http = new Client(1);
    try {
      await http.post(listening.port, signedMessage(3, 1));
      const keys = (await client.keys('*')).sort();
      expect(keys.length).toBeGreaterThanOrEqual(4);
      for (const key of keys) expect(key).toMatch(/^handoffkit:\{hk:chatwoot:10003\}:(owner|session|lock:fence|seen:.+)$/);
    } finally {
      http.close();
      await listening.close();
    }
  });
});
