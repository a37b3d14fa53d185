// Load: 20,000 signed contact messages over real HTTP (toNodeHandler on 127.0.0.1) across 500 conversations from 64
// concurrent senders, 10% of them delivered twice and 5% deliberately sent after their successor. Every message must
// be handled exactly once, each conversation in arrival order, with no 5xx: on one agent over a MemoryStore, and on
// two agents (two servers, two Redis clients) sharing one redis-server, with the deliveries split between them.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualAgent } from '../../src/index.js';
import { MemoryStore } from '../../src/index.js';
import { RedisStore } from '../../src/store/redis.js';
import { TestRedis } from '../helpers/redis-server.js';
import { findings, type Findings, type Handled, makePlan, type Plan, sendPlan } from './load-plan.js';
import { ArrivalLog, chatwootAgent, Client, type Listening, seedOf, serve, sleep } from './support.js';

const CONVERSATIONS = 500;
const MESSAGES_PER_CONVERSATION = 40;
const SENDERS = 64;

function plan(instances: number): Plan {
  return makePlan({
    seed: seedOf(),
    conversations: CONVERSATIONS,
    messagesPerConversation: MESSAGES_PER_CONVERSATION,
    instances,
    duplicateRate: 0.1,
    swapRate: 0.05,
  });
}

/**
 * Registers the cheap recording handler: who handled which message, and that the bot owned it. It then waits a
 * millisecond, as a handler doing I/O would: meanwhile more deliveries of the conversation arrive and must queue.
 */
function record(agent: VirtualAgent, instance: number, handled: Handled[], wrongOwner: string[]): void {
  agent.on('message_created', async (ctx) => {
    if (ctx.conversation.owner !== 'bot' || ctx.message.sender.role !== 'contact') wrongOwner.push(ctx.message.id);
    handled.push({ messageId: Number(ctx.message.id), conversationId: ctx.conversation.id, instance });
    await sleep(1);
  });
}

async function run(label: string, agents: VirtualAgent[], p: Plan): Promise<Findings> {
  const log = new ArrivalLog();
  const handled: Handled[] = [];
  const wrongOwner: string[] = [];
  agents.forEach((agent, i) => record(agent, i, handled, wrongOwner));
  const servers: Listening[] = await Promise.all(agents.map((agent, i) => serve(log.receiver(agent, i))));
  const client = new Client(SENDERS);
  try {
    const { sent, wallMs } = await sendPlan(
      p,
      client,
      servers.map((s) => s.port),
      SENDERS,
    );
    const found = findings(p, sent, log.arrivals, handled, wallMs);
    console.log(
      `[reliability] ${label}: ${sent.length} deliveries (${p.messages} messages + ${p.copies.concurrent + p.copies.later} copies) over ${p.conversations} conversations from ${SENDERS} senders in ${(wallMs / 1000).toFixed(2)} s: ` +
        `${Math.round(found.deliveriesPerSecond)} deliveries/s, latency p50 ${found.p50.toFixed(1)} ms, p99 ${found.p99.toFixed(1)} ms, max ${found.max.toFixed(1)} ms; ` +
        `statuses ${JSON.stringify(found.statuses)}; ${found.outOfOrderArrivals} messages arrived after a later one, ${log.queuedBehindAnother} deliveries queued behind another of their conversation; handled per instance ${found.handledPerInstance.join('/')}; seed ${p.seed}`,
    );

    expect(sent).toHaveLength(p.requests);
    expect(log.arrivals).toHaveLength(p.requests);
    // Every answer is a 200 {"ok":true}: no 5xx, and no 202 either (the handler is cheap; a 202 would mean the ack
    // deadline cut in and the order check below would not be about handled-before-answered).
    expect(found.statuses).toEqual({ 200: p.requests });
    expect(sent.every((s) => s.body === '{"ok":true}')).toBe(true);
    // Exactly once: every planned message ran once, nothing else ran.
    expect([...found.notOnce]).toEqual([]);
    expect(handled).toHaveLength(p.messages);
    expect(wrongOwner).toEqual([]);
    // Order: per conversation, handling order equals the order of first arrival at the agents.
    expect(found.misordered.slice(0, 3)).toEqual([]);
    // The run really had reordered arrivals (at least the deliberate 5%), and deliveries of one conversation
    // waiting in an agent behind each other, so the order checked above is the agent's doing.
    expect(found.outOfOrderArrivals).toBeGreaterThanOrEqual(p.swapped);
    expect(log.queuedBehindAnother).toBeGreaterThan(100);
    return found;
  } finally {
    client.close();
    await Promise.all(servers.map((s) => s.close()));
  }
}

describe('load over HTTP: exactly once, in arrival order, no 5xx', () => {
  it('one agent over a MemoryStore', { timeout: 90_000 }, async () => {
    const p = plan(1);
    expect(p.messages).toBe(20_000);
    expect(p.copies.concurrent + p.copies.later).toBe(2_000);
    expect(p.swapped).toBe(1_000);
    await run('MemoryStore, 1 instance', [chatwootAgent({ store: new MemoryStore() })], p);
  });

  describe('two agents sharing one redis-server', () => {
    let redis: TestRedis;
    const clients: Redis[] = [];

    beforeAll(async () => {
      redis = await TestRedis.start();
    });

    afterAll(async () => {
      for (const client of clients) client.disconnect();
      await redis?.stop();
    });

    it('deliveries split between the two, copies of one delivery at different instances', { timeout: 90_000 }, async () => {
      const p = plan(2);
      // Two instances as two processes would have them: each its own Redis connection and RedisStore.
      const agents = [0, 1].map(() => {
        const client = new Redis(redis.url);
        clients.push(client);
        return chatwootAgent({ store: new RedisStore({ client }) });
      });
      const found = await run('RedisStore, 2 instances', agents, p);
      expect(p.copies.concurrentOnOtherInstance).toBeGreaterThan(0);
      expect(found.copiesAtOtherInstance).toBeGreaterThan(0);
      expect(found.handledPerInstance.every((n) => n > 0)).toBe(true);
    });
  });
});
