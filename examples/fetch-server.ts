// The bare Web-standard handler, `agent.fetch: (Request) => Promise<Response>`, served on Node by
// @hono/node-server. The default export also runs as is on Bun (`bun run`), Deno (`deno serve`)
// and Cloudflare Workers.
//
//   CHATWOOT_URL=https://chat.example.com CHATWOOT_ACCOUNT_ID=1 CHATWOOT_BOT_TOKEN=… CHATWOOT_SECRET=… \
//   PORT=3000 npx tsx examples/fetch-server.ts
import { serve } from '@hono/node-server';
import { createChatwootBot } from './lib/chatwoot-bot.js';
import { closeOnSignal, isMain, listenAddress } from './lib/run.js';

export const agent = createChatwootBot();

export default { fetch: agent.fetch };

if (isMain(import.meta.url)) {
  const { port, host } = listenAddress();
  const server = serve({ fetch: agent.fetch, port, hostname: host }, (info) => {
    console.log(`handoffkit example listening on http://${host}:${info.port}/webhook`);
  });
  closeOnSignal(server);
}
