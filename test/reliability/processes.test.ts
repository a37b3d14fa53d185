// The reliability load on real agent processes sharing one redis-server (a smaller count than `npm run bench`'s
// 20,000 deliveries): every message handled exactly once, each conversation in arrival order, no 5xx, on 1 and 2
// processes on Redis and on 1 process on a MemoryStore.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestRedis } from '../helpers/redis-server.js';
import { makePlan } from './load-plan.js';
import { runOnProcesses } from './processes.js';
import { seedOf } from './support.js';

const SENDERS = 16;
let redis: TestRedis;

beforeAll(async () => {
  redis = await TestRedis.start();
});

afterAll(async () => {
  await redis?.stop();
});

// Every run sends the same message ids: the dedupe keys of the one before would skip them.
beforeEach(async () => {
  const client = new Redis(redis.url);
  await client.flushall();
  client.disconnect();
});

describe('load on several agent processes (real node processes, one shared redis-server)', () => {
  for (const [processes, store] of [
    [1, 'memory'],
    [1, 'redis'],
    [2, 'redis'],
  ] as const) {
    it(`${processes} process(es) on ${store === 'redis' ? 'Redis' : 'a MemoryStore'}: exactly once, in order, no 5xx`, { timeout: 90_000 }, async () => {
      const plan = makePlan({ seed: seedOf(), conversations: 40, messagesPerConversation: 15, instances: processes, duplicateRate: 0.1, swapRate: 0.05 });
      const { found, sent, handled, wrongOwner } = await runOnProcesses(plan, processes, store === 'redis' ? redis.url : undefined, SENDERS);
      console.log(
        `[reliability] ${processes} process(es), ${store}: ${sent.length} deliveries, ${Math.round(found.deliveriesPerSecond)}/s, p99 ${found.p99.toFixed(1)} ms; ` +
          `statuses ${JSON.stringify(found.statuses)}; handled per process ${found.handledPerInstance.join('/')}; seed ${plan.seed}`,
      );
      expect(sent).toHaveLength(plan.requests);
      expect(found.statuses).toEqual({ 200: plan.requests });
      expect([...found.notOnce]).toEqual([]);
      expect(handled).toHaveLength(plan.messages);
      expect(wrongOwner).toBe(0);
      expect(found.misordered.slice(0, 3)).toEqual([]);
      expect(found.outOfOrderArrivals).toBeGreaterThanOrEqual(plan.swapped);
      if (processes > 1) expect(found.handledPerInstance.every((n) => n > 0)).toBe(true);
    });
  }
});
