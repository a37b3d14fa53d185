// Faults: the shared redis-server is killed in the middle of a run over real HTTP and started again. The test plays
// the platform: a delivery answered 2xx is done (never sent again); one answered 500 (the status Chatwoot retries on) is sent again, to either
// instance, until it gets a 2xx. The server keeps nothing on disk, so after the restart every dedupe key is gone:
// "never twice" can only be about what the platform sends again, i.e. the 500-answered deliveries, and that is what
// is checked: every contact message is handled exactly once, none lost, whatever its answers were.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Logger } from '../../src/index.js';
import { RedisStore } from '../../src/store/redis.js';
import { TestRedis } from '../helpers/redis-server.js';
import { chatwootAgent, Client, eventually, type Listening, messageIdOf, serve, signedMessage, sleep } from './support.js';

const CONVERSATIONS = 48;
const MESSAGES_PER_CONVERSATION = 30;
const SENDERS = 24;
/** Longer than RedisStore's default call timeout (2 s), so deliveries arriving meanwhile are answered 500 for redelivery. */
const DOWN_MS = 4_000;
const REDELIVERY_PAUSE_MS = 250;

interface Attempt {
  instance: number;
  status: number;
  at: number;
}

let redis: TestRedis;
const clients: Redis[] = [];

beforeAll(async () => {
  redis = await TestRedis.start();
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis?.stop();
});

describe('Redis killed mid-run and restarted', () => {
  it('two instances: every message handled exactly once, none lost; 500 (the status Chatwoot retries on) while Redis is down, then recovery by itself', {
    timeout: 120_000,
  }, async () => {
    const logged: string[] = [];
    const logger: Logger = { warn: (m) => void logged.push(`warn: ${m}`), error: (m) => void logged.push(`error: ${m}`) };
    // Two instances as two processes would have them, each with its own connection made as the README says
    // (`new Redis(url)`, ioredis' defaults: it reconnects by itself), the agents' defaults otherwise.
    const agents = [0, 1].map(() => {
      const client = new Redis(redis.url);
      client.on('error', () => undefined); // connection errors while the server is down are expected
      clients.push(client);
      return chatwootAgent({ store: new RedisStore({ client }), logger });
    });
    const runs = new Map<number, number[]>();
    agents.forEach((agent, instance) =>
      agent.on('message_created', (ctx) => {
        const id = Number(ctx.message.id);
        runs.set(id, [...(runs.get(id) ?? []), instance]);
      }),
    );
    const servers: Listening[] = await Promise.all(agents.map((agent) => serve(agent)));
    const client = new Client(SENDERS);
    onTestFinished(async () => {
      client.close();
      await Promise.all(servers.map((s) => s.close()));
    });
    const attempts = new Map<number, Attempt[]>();
    const total = CONVERSATIONS * MESSAGES_PER_CONVERSATION;
    let acknowledged = 0;
    const started = Date.now();
    const timeline: Record<string, number> = {};

    const fault = (async () => {
      while (acknowledged < total / 3) await sleep(2);
      timeline.killedAt = Date.now() - started;
      await redis.kill();
      await sleep(DOWN_MS);
      await redis.restart();
      timeline.restartedAt = Date.now() - started;
    })();

    // The platform: each conversation's messages in order, one at a time; any non-2xx → the same delivery again later.
    await Promise.all(
      Array.from({ length: SENDERS }, async (_, sender) => {
        for (let conversation = sender; conversation < CONVERSATIONS; conversation += SENDERS) {
          for (let seq = 0; seq < MESSAGES_PER_CONVERSATION; seq++) {
            const delivery = signedMessage(conversation, seq);
            const id = messageIdOf(conversation, seq);
            const list: Attempt[] = [];
            attempts.set(id, list);
            for (;;) {
              const instance = Math.floor(Math.random() * servers.length);
              const answer = await client.post(servers[instance]!.port, delivery);
              list.push({ instance, status: answer.status, at: Date.now() - started });
              if (answer.status >= 200 && answer.status < 300) break;
              await sleep(REDELIVERY_PAUSE_MS);
            }
            acknowledged += 1;
          }
        }
      }),
    );
    await fault;
    timeline.lastAnswerAt = Date.now() - started;

    // Work answered 202 at the ack deadline goes on; it ends within handlerTimeoutMs (25 s, which also bounds a wait
    // for a conversation lock) plus a few store calls (2 s each at most) of its delivery. Wait for it, or for every
    // message to have run.
    const last202 = Math.max(
      0,
      ...[...attempts.values()]
        .flat()
        .filter((a) => a.status === 202)
        .map((a) => a.at),
    );
    const settleBy = started + last202 + 25_000 + 3 * 2_000;
    while (runs.size < total && Date.now() < settleBy) await sleep(50);

    const statuses: Record<number, number> = {};
    for (const list of attempts.values()) for (const a of list) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    const notOnce = [...attempts]
      .filter(([id]) => runs.get(id)?.length !== 1)
      .map(([id, list]) => ({
        message: id,
        handlerRuns: runs.get(id)?.length ?? 0,
        answers: list.map((a) => `${a.status}@${a.instance}:${a.at}ms`).join(' '),
      }));
    const problems = new Map<string, number>();
    for (const line of logged) {
      const key = line.replace(/\d+/g, '#');
      problems.set(key, (problems.get(key) ?? 0) + 1);
    }
    console.log(
      `[reliability] Redis fault: ${total} messages, 2 instances, killed at ${timeline.killedAt} ms for ${DOWN_MS} ms, restarted at ${timeline.restartedAt} ms, ` +
        `last answer at ${timeline.lastAnswerAt} ms; answers ${JSON.stringify(statuses)}; handled ${runs.size}; not exactly once: ${notOnce.length}`,
    );
    if (notOnce.length > 0)
      console.log('[reliability] not handled exactly once:', notOnce.slice(0, 10), '\n[reliability] logged:', Object.fromEntries(problems));

    // The fault bit: some deliveries were answered 500, the only failure status Chatwoot retries (a 503 would make
    // it hand the conversation to a human), and no other failure status was used.
    expect(statuses[500] ?? 0).toBeGreaterThan(0);
    expect(Object.keys(statuses).filter((s) => !['200', '202', '500'].includes(s))).toEqual([]);
    // Every message ran exactly once: the 500-answered ones on a redelivery, none twice, none lost.
    expect(notOnce).toEqual([]);
    expect([...runs.values()].flat()).toHaveLength(total);
  });
});

/** The platform's side of one delivery: sent again after every non-2xx answer, until a 2xx or `giveUpMs`. */
async function deliverUntilAccepted(client: Client, port: number, seq: number, giveUpMs: number): Promise<number[]> {
  const statuses: number[] = [];
  const deadline = Date.now() + giveUpMs;
  for (;;) {
    const answer = await client.post(port, signedMessage(0, seq));
    statuses.push(answer.status);
    if ((answer.status >= 200 && answer.status < 300) || Date.now() > deadline) return statuses;
    await sleep(REDELIVERY_PAUSE_MS);
  }
}

describe('store faults around one delivery', () => {
  it('Redis dies between taking the conversation lock and writing the dedupe key: the redelivery is handled', { timeout: 30_000 }, async () => {
    // Fault injection at an exact point, on the real server: the store kills redis-server as soon as the lock is taken.
    let armed = false;
    let down = false;
    // The single calls of a store without startEvent / finishEvent, where this point exists between two calls.
    class DiesAfterLocking extends RedisStore {
      constructor(options: ConstructorParameters<typeof RedisStore>[0]) {
        super(options);
        Object.defineProperty(this, 'startEvent', { value: undefined });
      }
      override async acquireLock(key: string, ttlMs: number): Promise<number | undefined> {
        const token = await super.acquireLock(key, ttlMs);
        if (armed) {
          armed = false;
          down = true;
          await redis.kill();
        }
        return token;
      }
    }
    const client = new Redis(redis.url);
    client.on('error', () => undefined);
    clients.push(client);
    await client.flushall();
    // A short call timeout, so that the failure is answered 500 (redeliver) well before the ack deadline (4 s).
    const agent = chatwootAgent({ store: new DiesAfterLocking({ client, timeoutMs: 500 }) });
    const runs: string[] = [];
    agent.on('message_created', (ctx) => void runs.push(ctx.message.id));
    const server = await serve(agent);
    const http = new Client(1);
    try {
      armed = true;
      const first = await http.post(server.port, signedMessage(0, 1));
      expect(first.status).toBe(500);
      expect(JSON.parse(first.body).error.code).toBe('E_STORE');
      expect(runs).toEqual([]);
      await redis.restart();
      down = false;
      // The platform redelivers the 500-answered delivery until it is accepted; ioredis reconnects by itself.
      const statuses = await deliverUntilAccepted(http, server.port, 1, 15_000);
      expect(statuses.at(-1)).toBe(200);
      // Accepted means handled: the redelivery is not mistaken for a repeat of the delivery that failed.
      await eventually(() => expect(runs, `answers to the redeliveries: ${statuses.join(', ')}`).toEqual([String(messageIdOf(0, 1))]), 2_000);
    } finally {
      if (down) await redis.restart();
      http.close();
      await server.close();
    }
  });

  it('the start script ran (lock taken, key claimed) but its answer was lost: answered 500, the redelivery is handled once', { timeout: 30_000 }, async () => {
    // As a call that timed out after Redis ran it: the lock is held by a token nobody knows, the key stays `claimed`.
    let armed = false;
    class LosesTheAnswer extends RedisStore {
      override async startEvent(start: Parameters<RedisStore['startEvent']>[0]) {
        const started = await super.startEvent(start);
        if (armed && started.token !== undefined) {
          armed = false;
          throw new Error('connection reset');
        }
        return started;
      }
    }
    const client = new Redis(redis.url);
    client.on('error', () => undefined);
    clients.push(client);
    await client.flushall();
    const agent = chatwootAgent({ store: new LosesTheAnswer({ client }), lockTtlMs: 600, ackTimeoutMs: 400, handlerTimeoutMs: 1_000 });
    const runs: string[] = [];
    agent.on('message_created', (ctx) => void runs.push(ctx.message.id));
    const server = await serve(agent);
    const http = new Client(1);
    try {
      armed = true;
      const first = await http.post(server.port, signedMessage(0, 1));
      expect(first.status).toBe(500);
      expect(runs).toEqual([]);
      expect(await client.keys('*seen*')).toHaveLength(1);
      // The redelivery waits for the orphaned lock (600 ms) and finds the key still claimed: it runs, once.
      const statuses = await deliverUntilAccepted(http, server.port, 1, 10_000);
      expect(statuses.at(-1)).toBe(200);
      await eventually(() => expect(runs).toEqual([String(messageIdOf(0, 1))]), 2_000);
      // Accepted means handled and marked done: a further repeat is skipped.
      expect((await http.post(server.port, signedMessage(0, 1))).status).toBe(200);
      await sleep(100);
      expect(runs).toHaveLength(1);
    } finally {
      http.close();
      await server.close();
    }
  });

  it('a conversation lock left by a crashed instance: a delivery waiting for it is answered 500 (redeliver), or handled', { timeout: 30_000 }, async () => {
    const [clientA, clientB] = [new Redis(redis.url), new Redis(redis.url)];
    for (const c of [clientA, clientB]) {
      c.on('error', () => undefined);
      clients.push(c);
    }
    await clientA.flushall();
    // The defaults' relation, scaled down: ack deadline (4 s) < handlerTimeoutMs (25 s), which also bounds the wait
    // for a lock, < lockTtlMs (30 s).
    const timing = { ackTimeoutMs: 400, handlerTimeoutMs: 2_500, lockTtlMs: 4_000 };
    const a = chatwootAgent({ store: new RedisStore({ client: clientA }), ...timing });
    const b = chatwootAgent({ store: new RedisStore({ client: clientB }), ...timing, onHandlerError: 'ignore' });
    const runs: string[] = [];
    a.on('message_created', (ctx) => void runs.push(ctx.message.id));
    let running: () => void = () => undefined;
    const bRunning = new Promise<void>((resolve) => (running = resolve));
    let stuck: () => void = () => undefined;
    b.on('message_created', () => {
      running();
      return new Promise<void>((resolve) => (stuck = resolve));
    });
    const [serverA, serverB] = await Promise.all([serve(a), serve(b)]);
    const http = new Client(2);
    // Instance B takes message 1 of the conversation, so holds its lock, and crashes: its Redis connection is gone,
    // the lock is no longer extended and frees itself after lockTtlMs.
    const toB = http.post(serverB.port, signedMessage(0, 1)).catch(() => undefined);
    try {
      await bRunning;
      clientB.disconnect();
      // Message 2 of the same conversation reaches instance A, which must wait for the lock.
      const statuses = await deliverUntilAccepted(http, serverA.port, 2, 10_000);
      expect(statuses.at(-1)).toBeGreaterThanOrEqual(200);
      expect(statuses.at(-1)).toBeLessThan(300);
      // Accepted means handled, if only once the crashed instance's lock has expired.
      await eventually(() => expect(runs, `answers: ${statuses.join(', ')}`).toEqual([String(messageIdOf(0, 2))]), timing.lockTtlMs + 3_000);
    } finally {
      stuck();
      await Promise.all([serverA.close(), serverB.close()]);
      await toB;
      http.close();
    }
  });
});
