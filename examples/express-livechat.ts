// A LiveChat bot agent behind Express. LiveChat routes new chats to the bot (a bot agent in a group of its own);
// the bot answers through the Agent Chat API with its bot token, and transfers the chat to the human group when
// the customer asks for a person. Agents give a chat back by transferring it to the bot.
//
//   LIVECHAT_BOT_ID=… LIVECHAT_CLIENT_ID=… LIVECHAT_BOT_SECRET=… LIVECHAT_ORGANIZATION_ID=… \
//   LIVECHAT_WEBHOOK_SECRET=… (optional) LIVECHAT_HUMAN_GROUP=0 LIVECHAT_API_URL=https://api.livechatinc.com \
//   PORT=3000 npx tsx examples/express-livechat.ts
//
// Then register https://<public host>/webhook for each action (register_webhook, see the README).
import { createServer } from 'node:http';
import express from 'express';
import { VirtualAgent } from 'handoffkit';
import { toExpress } from 'handoffkit/express';
import { livechat } from 'handoffkit/livechat';
import { env, isMain, optionalEnv, serve } from './lib/run.js';

const apiUrl = optionalEnv('LIVECHAT_API_URL');
const humanGroup = optionalEnv('LIVECHAT_HUMAN_GROUP');

export const agent = new VirtualAgent({
  adapter: livechat({
    botId: env('LIVECHAT_BOT_ID'),
    clientId: env('LIVECHAT_CLIENT_ID'),
    botSecret: env('LIVECHAT_BOT_SECRET'),
    organizationId: env('LIVECHAT_ORGANIZATION_ID'),
    webhookSecret: env('LIVECHAT_WEBHOOK_SECRET'),
    ...(humanGroup === undefined ? {} : { humanGroup: Number(humanGroup) }),
    ...(apiUrl === undefined ? {} : { apiUrl }),
  }),
});

agent.on('conversation_started', (ctx) =>
  ctx.reply({
    text: 'Hi! What can I do for you?',
    quickReplies: [
      { title: 'Order status', value: 'order' },
      { title: 'Talk to a person', value: 'human' },
    ],
  }),
);

agent.on('message_created', async (ctx) => {
  const said = ctx.message.quickReply?.value ?? ctx.message.text ?? '';
  if (/\b(human|agent|person)\b/i.test(said)) {
    await ctx.reply('I am transferring you to a colleague.');
    return ctx.escalate({ reason: 'the customer asked for a person' });
  }
  await ctx.tag('bot-handled');
  await ctx.reply(`You said: ${said}`);
});

agent.on('handed_off', (ctx) => {
  if (ctx.handoff.queued) console.log(`[bot] chat ${ctx.conversation.id} waits in the queue: no agent was available`);
});
// An agent transferred the chat back to the bot.
agent.on('handed_back', (ctx) => ctx.reply('I am back. Anything else?'));
agent.onError((error, ctx) => console.error(`[bot] ${ctx?.event.name ?? 'agent'}: ${error.message}`));

const app = express();
// The webhook reads the raw body itself: mount it before any body parser.
app.post('/webhook', toExpress(agent));

// Served when run as a script (PORT / HOST, default 127.0.0.1:3000; stopped by SIGINT / SIGTERM: lib/run.ts);
// `handoffkit playground <this file>` imports the agent instead.
if (isMain(import.meta.url)) serve(createServer(app));
