// The Chatwoot bot of the other examples, run as several instances behind a load balancer: every instance gets
// one RedisStore, so a platform retry that lands on another instance is still handled once, a conversation is
// handled by one instance at a time, and what one instance did (an escalation) holds on all of them.
//
//   REDIS_URL=redis://127.0.0.1:6379 CHATWOOT_URL=https://chat.example.com CHATWOOT_ACCOUNT_ID=1 \
//   CHATWOOT_BOT_TOKEN=… CHATWOOT_SECRET=… PORT=3001 npx tsx examples/redis-chatwoot.ts
//
// Start it again with PORT=3002 (same REDIS_URL) for a second instance, and balance POST /webhook over both.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { toNodeHandler } from 'handoffkit/node';
import { RedisStore } from 'handoffkit/redis';
import { createChatwootBot } from './lib/chatwoot-bot.js';
import { closeOnSignal, env, isMain, listenAddress, optionalEnv, underPlayground } from './lib/run.js';

// Without the offline queue, commands fail at once while Redis is down (deliveries are answered 503 and the
// platform redelivers them) instead of running late. Under `handoffkit playground` without REDIS_URL, the bot runs
// on its default in-process store (the playground is one process).
const redisUrl = underPlayground() ? optionalEnv('REDIS_URL') : env('REDIS_URL');
const redis = redisUrl === undefined ? undefined : new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
export const agent = createChatwootBot(redis === undefined ? undefined : new RedisStore({ client: redis, prefix: 'bot:' }));
const webhook = toNodeHandler(agent);

const server = createServer((req, res) => {
  if ((req.url ?? '/').split('?')[0] === '/webhook') return void webhook(req, res);
  res.statusCode = 404;
  res.end();
});

// Served when run as a script; `handoffkit playground <this file>` imports the agent instead.
if (isMain(import.meta.url) && redis !== undefined) {
  const { port, host } = listenAddress();
  // Listens once Redis answers, so the load balancer sends nothing to an instance that cannot keep state.
  redis.once('ready', () => {
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      console.log(`handoffkit example listening on http://${host}:${bound}/webhook`);
    });
  });
  closeOnSignal({ close: (done) => server.close(() => void redis.quit().finally(done)) });
}
