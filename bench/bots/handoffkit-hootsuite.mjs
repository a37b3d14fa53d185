// A minimal Hootsuite Inbox 2.0 bot: handoffkit + the Hootsuite adapter + the node:http transport.
import { createServer } from 'node:http';
import { VirtualAgent } from 'handoffkit';
import { hootsuite } from 'handoffkit/hootsuite';
import { toNodeHandler } from 'handoffkit/node';

const agent = new VirtualAgent({
  adapter: hootsuite({ sharedSecret: process.env.HS_SHARED_SECRET ?? '0123456789abcdef0123456789abcdef' }),
});
agent.on('message_created', (ctx) => ctx.reply(`You said: ${ctx.message.text ?? ''}`));

export const server = createServer(toNodeHandler(agent));
if (process.env.PORT) server.listen(Number(process.env.PORT));
