// A Chatwoot agent bot behind Express.
//
//   CHATWOOT_URL=https://chat.example.com CHATWOOT_ACCOUNT_ID=1 CHATWOOT_BOT_TOKEN=… CHATWOOT_SECRET=… \
//   PORT=3000 npx tsx examples/express-chatwoot.ts
//
// Then set the agent bot's outgoing URL to https://<public host>/webhook.
import { createServer } from 'node:http';
import express from 'express';
import { toExpress } from 'handoffkit/express';
import { createChatwootBot } from './lib/chatwoot-bot.js';
import { isMain, serve } from './lib/run.js';

export const agent = createChatwootBot();
const app = express();

// The webhook reads the raw bytes itself, so it is mounted before express.json():
// a parsed body cannot be checked against the signature.
app.post('/webhook', toExpress(agent));
app.use(express.json());
app.get('/health', (_req, res) => {
  res.json({ ok: true });
});

// Served when run as a script (PORT / HOST, default 127.0.0.1:3000; stopped by SIGINT / SIGTERM: lib/run.ts);
// `handoffkit playground <this file>` imports the agent instead.
if (isMain(import.meta.url)) serve(createServer(app));
