// A Hootsuite Inbox 2.0 custom virtual agent on a bare node:http server. While a handler runs inside the webhook,
// its replies, topics and the handover travel back in the HTTP answer (no API credentials needed); set the three
// REST variables as well for work after the answer (agent.conversation(id), slow handlers).
//
//   HOOTSUITE_SHARED_SECRET=<hex, as Inbox settings show it> \
//   (optional) HOOTSUITE_CLIENT_ID=… HOOTSUITE_CLIENT_SECRET=… HOOTSUITE_ORGANIZATION_ID=… \
//   PORT=3000 npx tsx examples/node-http-hootsuite.ts
//
// Then give https://<public host>/webhook as the virtual agent's webhook URL.
import { createServer } from 'node:http';
import { VirtualAgent } from 'handoffkit';
import { hootsuite } from 'handoffkit/hootsuite';
import { toNodeHandler } from 'handoffkit/node';
import { env, isMain, optionalEnv, serve } from './lib/run.js';

const clientId = optionalEnv('HOOTSUITE_CLIENT_ID');
const clientSecret = optionalEnv('HOOTSUITE_CLIENT_SECRET');
const organizationId = optionalEnv('HOOTSUITE_ORGANIZATION_ID');

export const agent = new VirtualAgent({
  adapter: hootsuite({
    sharedSecret: env('HOOTSUITE_SHARED_SECRET'),
    ...(clientId && clientSecret && organizationId ? { clientId, clientSecret, organizationId } : {}),
  }),
});

// Inception mode: a new private conversation on one of the bot's channels.
agent.on('conversation_started', (ctx) => ctx.reply('Hi! I am the shop assistant. How can I help?'));

agent.on('message_created', async (ctx) => {
  const said = ctx.message.text ?? '';
  if (/\b(human|agent|person)\b/i.test(said)) {
    await ctx.reply('Connecting you with a colleague. They will answer here.');
    // complete: HANDOVER, with a note for the agent who picks the conversation up.
    return ctx.escalate({ reason: 'the contact asked for a person', note: `The contact wrote: ${said}` });
  }
  await ctx.tag('virtual-agent');
  await ctx.reply(`You said: ${said}`);
});

// Delegation mode: an agent hands the conversation to the bot.
agent.on('handed_back', (ctx) => ctx.reply('Hi, I am taking over from my colleague. How can I help?'));
agent.onError((error, ctx) => console.error(`[bot] ${ctx?.event.name ?? 'agent'}: ${error.message}`));

const webhook = toNodeHandler(agent);
const server = createServer((req, res) => {
  if ((req.url ?? '/').split('?')[0] === '/webhook') return void webhook(req, res);
  res.statusCode = 404;
  res.end();
});

// Served when run as a script (PORT / HOST, default 127.0.0.1:3000; stopped by SIGINT / SIGTERM: lib/run.ts);
// `handoffkit playground <this file>` imports the agent instead.
if (isMain(import.meta.url)) serve(server);
