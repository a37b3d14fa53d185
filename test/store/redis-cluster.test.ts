// RedisStore on a real Redis Cluster (3 masters, 3 replicas, started by the test) through an ioredis `Cluster`:
// the two event scripts stay in one slot (every key of a conversation carries its hash tag), and a failover of the
// master that holds a conversation, during a stream of deliveries, loses and doubles nothing.
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis.js';
import { TestRedisCluster } from '../helpers/redis-cluster.js';
import { chatwootAgent, Client, CONVERSATION_BASE, messageIdOf, positionOf, serve, signedMessage, sleep } from '../reliability/support.js';

let cluster: TestRedisCluster;
const clients: Cluster[] = [];

beforeAll(async () => {
  cluster = await TestRedisCluster.start();
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await cluster?.stop();
});

function clusterClient(): Cluster {
  const client = new Cluster(cluster.startupNodes, { redisOptions: { maxRetriesPerRequest: 2 } });
  client.on('error', () => undefined); // a failover's moved slots and dropped connections are expected
  clients.push(client);
  return client;
}

/** The tag every key of a conversation carries. */
const tagOf = (conversation: number): string => `{hk:chatwoot:${CONVERSATION_BASE + conversation}}`;

describe('RedisStore on Redis Cluster (ioredis Cluster, 3 masters + 3 replicas)', () => {
  it('a full cycle: messages, repeats, sessions and the transcript over HTTP, each conversation in its own slot', { timeout: 60_000 }, async () => {
    const client = clusterClient();
    // The transcript's appends ride on the end script, with the conversation's other keys: one slot.
    const agent = chatwootAgent({ store: new RedisStore({ client }), transcript: true });
    const handled: number[] = [];
    agent.on('message_created', async (ctx) => {
      handled.push(Number(ctx.message.id));
      await ctx.session.update((n) => ((n as number | undefined) ?? 0) + 1);
    });
    const listening = await serve(agent);
    const http = new Client(4);
    try {
      const conversations = [0, 1, 2, 3, 4, 5];
      const sent = conversations.flatMap((c) => [1, 2, 3].map((seq) => ({ c, seq })));
      const answers = await Promise.all(
        conversations.map(async (c) => {
          const statuses: number[] = [];
          for (const seq of [1, 2, 3]) statuses.push((await http.post(listening.port, signedMessage(c, seq))).status);
          return statuses;
        }),
      );
      expect(answers.flat().every((status) => status === 200)).toBe(true);
      // A repeat of every delivery is skipped.
      for (const { c, seq } of sent) expect((await http.post(listening.port, signedMessage(c, seq))).status).toBe(200);
      expect(handled.sort((a, b) => a - b)).toEqual(sent.map(({ c, seq }) => messageIdOf(c, seq)).sort((a, b) => a - b));
      for (const c of conversations) {
        const conversation = agent.conversation(String(CONVERSATION_BASE + c));
        expect(await conversation.session.get()).toBe(3);
        // Each message once, in order: the repeats were skipped.
        const ids = (await conversation.transcript()).map((entry) => (entry.kind === 'message' ? entry.id : entry.kind));
        expect(ids).toEqual([1, 2, 3].map((seq) => String(messageIdOf(c, seq))));
      }
      // Every key of a conversation is in the slot of its tag; the conversations spread over the masters.
      const masters = new Set<number>();
      for (const c of conversations) {
        const shard = await cluster.shardOf(tagOf(c));
        masters.add(shard.master);
        const keys = await client
          .nodes('master')
          .find((node) => node.options.port === shard.master)!
          .keys(`handoffkit:${tagOf(c)}:*`);
        expect(keys.some((key) => key.endsWith(':owner'))).toBe(true);
        expect(keys.some((key) => key.endsWith(':session'))).toBe(true);
        expect(keys.some((key) => key.endsWith(':transcript'))).toBe(true);
        expect(keys.filter((key) => key.includes(':seen:'))).toHaveLength(3);
      }
      expect(masters.size).toBeGreaterThan(1);
    } finally {
      http.close();
      await listening.close();
    }
  });

  it('a failover of the master holding a conversation during a stream of deliveries: nothing lost, nothing doubled, order kept', {
    timeout: 120_000,
  }, async () => {
    const clientA = clusterClient();
    const clientB = clusterClient();
    const agents = [clientA, clientB].map((client) => chatwootAgent({ store: new RedisStore({ client, timeoutMs: 1_500 }) }));
    const runs = new Map<number, number[]>();
    const order = new Map<number, number[]>();
    for (const [instance, agent] of agents.entries()) {
      agent.on('message_created', (ctx) => {
        const id = Number(ctx.message.id);
        runs.set(id, [...(runs.get(id) ?? []), instance]);
        const { conversation, seq } = positionOf(id);
        order.set(conversation, [...(order.get(conversation) ?? []), seq]);
      });
    }
    const servers = await Promise.all(agents.map((agent) => serve(agent)));
    const http = new Client(12);
    // Conversations of their own (100…), untouched by the first test.
    const FIRST = 100;
    const CONVERSATIONS = 8;
    const MESSAGES = 25;
    const statuses: Record<number, number> = {};
    let delivered = 0;
    // The platform: one sender per conversation, in order, each delivery sent again (to either instance) until a 2xx.
    const sender = async (c: number): Promise<void> => {
      for (let seq = 1; seq <= MESSAGES; seq++) {
        for (let attempt = 0; ; attempt++) {
          const answer = await http.post(servers[(seq + attempt) % 2]!.port, signedMessage(FIRST + c, seq)).catch(() => ({ status: 0 }));
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          if (answer.status >= 200 && answer.status < 300) break;
          await sleep(100);
        }
        delivered += 1;
      }
    };
    try {
      const stream = Promise.all(Array.from({ length: CONVERSATIONS }, (_, c) => sender(c)));
      const held = tagOf(FIRST);
      while (delivered < (CONVERSATIONS * MESSAGES) / 3) await sleep(10);
      const before = await cluster.shardOf(held);
      const moved = await cluster.failoverOf(held);
      const deliveredAtFailover = delivered;
      await stream;
      expect(moved.from).toBe(before.master);
      expect((await cluster.shardOf(held)).master).toBe(moved.to);
      // Work answered 202 at the ack deadline may still run: wait for it.
      const deadline = Date.now() + 10_000;
      while (runs.size < CONVERSATIONS * MESSAGES && Date.now() < deadline) await sleep(50);
      const notOnce = [...runs].filter(([, list]) => list.length !== 1);
      console.log(
        `[cluster] failover ${moved.from} → ${moved.to} done after ${deliveredAtFailover} of ${CONVERSATIONS * MESSAGES} deliveries; answers ${JSON.stringify(statuses)}; handled ${runs.size}; not once: ${notOnce.length}`,
      );
      expect(Object.keys(statuses).filter((s) => !['200', '202', '500'].includes(s))).toEqual([]);
      expect(notOnce).toEqual([]);
      expect(runs.size).toBe(CONVERSATIONS * MESSAGES);
      for (let c = FIRST; c < FIRST + CONVERSATIONS; c++) expect(order.get(c)).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));
    } finally {
      http.close();
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});
