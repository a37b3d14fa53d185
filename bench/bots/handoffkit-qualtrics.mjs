// A minimal Qualtrics Social Connect bot: handoffkit + the Qualtrics adapter + the node:http transport.
import { createServer } from 'node:http';
import { VirtualAgent } from 'handoffkit';
import { qualtrics } from 'handoffkit/qualtrics';
import { toNodeHandler } from 'handoffkit/node';

const agent = new VirtualAgent({
  adapter: qualtrics({
    accountId: 1417,
    accessToken: process.env.QSC_TOKEN ?? 'access-token',
    clientSecret: process.env.QSC_CLIENT_SECRET ?? 'client-secret',
  }),
});
agent.on('message_created', (ctx) => ctx.reply(`You said: ${ctx.message.text ?? ''}`));

export const server = createServer(toNodeHandler(agent));
if (process.env.PORT) server.listen(Number(process.env.PORT));
