// One agent process of the multi-process load (run with `node --import tsx`): a Chatwoot agent behind node:http on
// 127.0.0.1, over the shared redis-server named by REDIS_URL (or a MemoryStore of its own). It records when each
// delivery arrived and when each message was handled (process.hrtime: one monotonic clock for every process of the
// machine), and sends the records to its parent on request.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { Delivery } from '../../src/index.js';

// The sources in tests; the built package through its own exports in `npm run bench` (AGENT_BUILT=1).
const built = process.env.AGENT_BUILT === '1';
const { MemoryStore, silentLogger, VirtualAgent } = (await import(built ? 'handoffkit' : '../../src/index.js')) as typeof import('../../src/index.js');
const { chatwoot } = (await import(
  built ? 'handoffkit/chatwoot' : '../../src/adapters/chatwoot/index.js'
)) as typeof import('../../src/adapters/chatwoot/index.js');
const { toNodeHandler } = (await import(built ? 'handoffkit/node' : '../../src/http/node.js')) as typeof import('../../src/http/node.js');
const { RedisStore } = (await import(built ? 'handoffkit/redis' : '../../src/store/redis.js')) as typeof import('../../src/store/redis.js');

/** What a process sends its parent. */
export type ProcessMessage =
  | { kind: 'listening'; port: number }
  | { kind: 'report'; arrivals: [number, number][]; handled: [number, number, string][]; wrongOwner: number };

const now = (): number => Number(process.hrtime.bigint());
const options = JSON.parse(process.env.AGENT_OPTIONS ?? '{}') as { baseUrl: string; accountId: number; botToken: string; secret: string };
const redis = process.env.REDIS_URL === undefined ? undefined : new Redis(process.env.REDIS_URL);
const store = redis === undefined ? new MemoryStore() : new RedisStore({ client: redis });
const agent = new VirtualAgent({ adapter: chatwoot(options), store, logger: silentLogger });

const arrivals: [number, number][] = [];
const handled: [number, number, string][] = [];
let wrongOwner = 0;
agent.on('message_created', async (ctx) => {
  if (ctx.conversation.owner !== 'bot' || ctx.message.sender.role !== 'contact') wrongOwner += 1;
  handled.push([now(), Number(ctx.message.id), ctx.conversation.id]);
  // As a handler doing I/O: meanwhile more deliveries of the conversation arrive and must queue.
  await new Promise((resolve) => setTimeout(resolve, 1));
});

const server = createServer(
  toNodeHandler({
    maxBodyBytes: agent.maxBodyBytes,
    logger: agent.logger,
    receive: (delivery: Delivery, receiveOptions) => {
      const id = (delivery.headers as Record<string, string>)['x-chatwoot-delivery'] ?? '';
      arrivals.push([now(), Number(id.slice('delivery-'.length))]);
      return agent.receive(delivery, receiveOptions);
    },
  }),
);
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ kind: 'listening', port: (server.address() as AddressInfo).port } satisfies ProcessMessage);
});
process.on('message', (message) => {
  if (message !== 'report') return;
  process.send?.({ kind: 'report', arrivals, handled, wrongOwner } satisfies ProcessMessage, () => {
    server.close();
    server.closeAllConnections();
    redis?.disconnect();
    process.disconnect();
  });
});
