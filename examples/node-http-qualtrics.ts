// A Qualtrics Social Connect bot on a bare node:http server. An automation recipe posts each new mention
// (body `[mention]`, signed with the API application's client secret) to the webhook; the bot answers through
// the Engagor API, and hands a contact to the agents by tagging it `Escalated to agent`. While the tag is on the
// contact the bot stays silent; an agent removes it to give the contact back.
//
//   QUALTRICS_ACCOUNT_ID=1417 QUALTRICS_ACCESS_TOKEN=… QUALTRICS_CLIENT_SECRET=… \
//   (optional) QUALTRICS_API_URL=https://api.engagor.com/ \
//   PORT=3000 npx tsx examples/node-http-qualtrics.ts
//
// Then give https://<public host>/webhook as the recipe's webhook URL.
import { createServer } from 'node:http';
import { VirtualAgent } from 'handoffkit';
import { toNodeHandler } from 'handoffkit/node';
import { qualtrics } from 'handoffkit/qualtrics';
import { env, isMain, optionalEnv, serve } from './lib/run.js';

const apiUrl = optionalEnv('QUALTRICS_API_URL');

export const agent = new VirtualAgent({
  adapter: qualtrics({
    accountId: env('QUALTRICS_ACCOUNT_ID'),
    accessToken: env('QUALTRICS_ACCESS_TOKEN'),
    clientSecret: env('QUALTRICS_CLIENT_SECRET'),
    ...(apiUrl === undefined ? {} : { apiUrl }),
  }),
});

agent.on('message_created', async (ctx) => {
  const said = ctx.message.text ?? '';
  if (/\b(human|agent|person)\b/i.test(said)) {
    await ctx.reply('A colleague will get back to you here.');
    // Adds the escalation tag to the contact: from now on the bot stays silent for this contact.
    return ctx.escalate({ reason: 'the contact asked for a person' });
  }
  await ctx.reply(`Thanks for your message! You said: ${said}`);
});

// An agent removed the tag: the next message of the contact reaches the bot again.
agent.on('handed_back', (ctx) => ctx.reply('I am back. Anything else I can do for you?'));
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
