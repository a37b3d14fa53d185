// A Zendesk messaging bot behind Express, through the Sunshine Conversations switchboard. It answers in the
// contact's language (English or French), hands the conversation to the agent workspace when asked (the ticket
// starts at the contact's first message), stays silent while an agent answers, and greets the contact when the
// agent workspace passes control back.
//
//   SUNSHINE_APP_ID=… SUNSHINE_KEY_ID=app_… SUNSHINE_KEY_SECRET=… SUNSHINE_WEBHOOK_SECRET=… \
//   SUNSHINE_INTEGRATION_ID=<this bot's switchboard integration id> ZENDESK_SUBDOMAIN=acme \
//   (optional) SUNSHINE_API_URL=https://acme.zendesk.com/sc SUNSHINE_CHANNELS=web,whatsapp \
//   PORT=3000 npx tsx examples/express-sunshine.ts
//
// Then give https://<public host>/webhook as the webhook URL of the conversations integration.
import { createServer } from 'node:http';
import express from 'express';
import { VirtualAgent } from 'handoffkit';
import { toExpress } from 'handoffkit/express';
import { sunshine } from 'handoffkit/sunshine';
import { env, isMain, optionalEnv, serve } from './lib/run.js';

const apiUrl = optionalEnv('SUNSHINE_API_URL');
const channels = optionalEnv('SUNSHINE_CHANNELS')
  ?.split(',')
  .map((channel) => channel.trim());

export const agent = new VirtualAgent({
  adapter: sunshine({
    appId: env('SUNSHINE_APP_ID'),
    keyId: env('SUNSHINE_KEY_ID'),
    keySecret: env('SUNSHINE_KEY_SECRET'),
    webhookSecret: env('SUNSHINE_WEBHOOK_SECRET'),
    integrationId: env('SUNSHINE_INTEGRATION_ID'),
    ...(apiUrl === undefined ? { subdomain: env('ZENDESK_SUBDOMAIN') } : { apiUrl }),
    ...(channels === undefined ? {} : { channels }),
  }),
});

agent.on('message_created', async (ctx) => {
  const said = ctx.message.text ?? '';
  if (/\b(human|agent|person|humain|personne)\b/i.test(said)) {
    await ctx.reply({ en: 'Connecting you with a person now.', fr: 'Je vous mets en relation avec une personne.', default: 'en' });
    // passControl to zd:agentWorkspace; the ticket's history starts at the contact's first message to the bot.
    return ctx.escalate({ reason: 'the contact asked for a person' });
  }
  await ctx.reply({ en: `You said: ${said}`, fr: `Vous avez dit : ${said}`, default: 'en' });
});

// The agent workspace passed control back (the agent handed the conversation back to the bot).
agent.on('handed_back', (ctx) => ctx.reply({ en: 'I am back. Anything else?', fr: 'Me revoici. Autre chose ?', default: 'en' }));
agent.onError((error, ctx) => console.error(`[bot] ${ctx?.event.name ?? 'agent'}: ${error.message}`));

const app = express();
// The webhook reads the raw body itself: mounted before express.json().
app.post('/webhook', toExpress(agent));
app.use(express.json());

// Served when run as a script (PORT / HOST, default 127.0.0.1:3000; stopped by SIGINT / SIGTERM: lib/run.ts);
// `handoffkit playground <this file>` imports the agent instead.
if (isMain(import.meta.url)) serve(createServer(app));
