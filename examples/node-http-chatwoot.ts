// A Chatwoot agent bot on a bare node:http server.
//
//   CHATWOOT_URL=https://chat.example.com CHATWOOT_ACCOUNT_ID=1 CHATWOOT_BOT_TOKEN=… CHATWOOT_SECRET=… \
//   PORT=3000 npx tsx examples/node-http-chatwoot.ts
import { createServer } from 'node:http';
import { toNodeHandler } from 'handoffkit/node';
import { createChatwootBot } from './lib/chatwoot-bot.js';
import { isMain, serve } from './lib/run.js';

export const agent = createChatwootBot();
const webhook = toNodeHandler(agent);

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/webhook') return void webhook(req, res);
  res.statusCode = 404;
  res.end();
});

// Served when run as a script (PORT / HOST, default 127.0.0.1:3000; stopped by SIGINT / SIGTERM: lib/run.ts);
// `handoffkit playground <this file>` imports the agent instead.
if (isMain(import.meta.url)) serve(server);
