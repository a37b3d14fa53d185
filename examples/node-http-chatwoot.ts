// A Chatwoot agent bot on a bare node:http server.
//
//   CHATWOOT_URL=https://chat.example.com CHATWOOT_ACCOUNT_ID=1 CHATWOOT_BOT_TOKEN=… CHATWOOT_SECRET=… \
//   PORT=3000 npx tsx examples/node-http-chatwoot.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from 'handoffkit/node';
import { createChatwootBot } from './lib/chatwoot-bot.js';
import { closeOnSignal, listenAddress } from './lib/run.js';

const webhook = toNodeHandler(createChatwootBot());

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/webhook') return void webhook(req, res);
  res.statusCode = 404;
  res.end();
});

const { port, host } = listenAddress();
server.listen(port, host, () => {
  const { port: bound } = server.address() as AddressInfo;
  console.log(`handoffkit example listening on http://${host}:${bound}/webhook`);
});
closeOnSignal(server);
