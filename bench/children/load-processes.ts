// The reliability load on real agent processes (run with `node --import tsx`): 20,000 contact messages over 500
// conversations, 10% delivered twice, 5% sent after their successor, from 64 senders over HTTP, to 1 process on a
// MemoryStore and to 1, 2 and 4 processes sharing one redis-server (started here on a free port, own data dir).
// The processes run the built package. Prints one JSON line: per setup, deliveries/s, p99, statuses, exactly-once
// and order; and the ratio of 2 processes on Redis to 1 on a MemoryStore.
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { TestRedis } from '../../test/helpers/redis-server.js';
import { makePlan } from '../../test/reliability/load-plan.js';
import { runOnProcesses } from '../../test/reliability/processes.js';

const { values: opts } = parseArgs({
  options: {
    conversations: { type: 'string', default: '500' },
    messages: { type: 'string', default: '40' },
    senders: { type: 'string', default: '64' },
    setups: { type: 'string', default: 'memory1,redis1,redis2,redis4' },
  },
});

interface SetupResult {
  processes: number;
  store: 'memory' | 'redis';
  deliveries: number;
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<number, number>;
  notExactlyOnce: number;
  misorderedConversations: number;
}

const redis = await TestRedis.start();
const setups: Record<string, SetupResult> = {};
try {
  for (const setup of opts.setups.split(',')) {
    const store = setup.startsWith('redis') ? 'redis' : 'memory';
    const processes = Number(setup.replace(/^\D+/, ''));
    const flush = new Redis(redis.url);
    await flush.flushall();
    flush.disconnect();
    const plan = makePlan({
      seed: 21,
      conversations: Number(opts.conversations),
      messagesPerConversation: Number(opts.messages),
      instances: processes,
      duplicateRate: 0.1,
      swapRate: 0.05,
    });
    process.stderr.write(`load: ${plan.requests} deliveries to ${processes} process(es) on ${store}\n`);
    const { found, sent } = await runOnProcesses(plan, processes, store === 'redis' ? redis.url : undefined, Number(opts.senders), true);
    setups[setup] = {
      processes,
      store,
      deliveries: sent.length,
      deliveriesPerSecond: Math.round(found.deliveriesPerSecond),
      p50Ms: Number(found.p50.toFixed(1)),
      p99Ms: Number(found.p99.toFixed(1)),
      statuses: found.statuses,
      notExactlyOnce: found.notOnce.size,
      misorderedConversations: found.misordered.length,
    };
    process.stderr.write(`  ${JSON.stringify(setups[setup])}\n`);
  }
} finally {
  await redis.stop();
}
const memory1 = setups.memory1;
const redis2 = setups.redis2;
const ratio = memory1 !== undefined && redis2 !== undefined ? Number((redis2.deliveriesPerSecond / memory1.deliveriesPerSecond).toFixed(3)) : undefined;
process.stdout.write(`${JSON.stringify({ setups, redis2: { ratio } })}\n`);
