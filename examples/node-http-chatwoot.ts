// A Chatwoot agent bot on a bare node:http server.
//
//   CHATWOOT_URL=https://chat.example.com CHATWOOT_ACCOUNT_ID=1 CHATWOOT_BOT_TOKEN=… CHATWOOT_SECRET=… \
//   PORT=3000 npx tsx examples/node-http-chatwoot.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from 'handoffkit/node';
import { createChatwootBot } from './lib/chatwoot-bot.js';
import { closeOnSignal, isMain, listenAddress } from './lib/run.js';

export const agent = createChatwootBot();
const webhook = toNodeHandler(agent);

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/webhook') return void webhook(req, res);
  res.statusCode = 404;
  res.end();
});

// Served when run as a script; `handoffkit playground <this file>` imports the agent instead.
if (isMain(import.meta.url)) {
  const { port, host } = listenAddress();
  server.listen(port, host, () => {
    const { port: bound } = server.address() as AddressInfo;
    console.log(`handoffkit example listening on http://${host}:${bound}/webhook`);
  });
  closeOnSignal(server);
}
