// A minimal Chatwoot bot: handoffkit + the Chatwoot adapter + the node:http transport.
import { createServer } from 'node:http';
import { VirtualAgent } from 'handoffkit';
import { chatwoot } from 'handoffkit/chatwoot';
import { toNodeHandler } from 'handoffkit/node';

const agent = new VirtualAgent({
  adapter: chatwoot({
    baseUrl: process.env.CW_URL ?? 'https://chat.example.com',
    accountId: 1,
    botToken: process.env.CW_TOKEN ?? 'bot-token',
    secret: process.env.CW_SECRET ?? 'bot-secret',
  }),
});
agent.on('message_created', (ctx) => ctx.reply(`You said: ${ctx.message.text ?? ''}`));

export const server = createServer(toNodeHandler(agent));
if (process.env.PORT) server.listen(Number(process.env.PORT));
