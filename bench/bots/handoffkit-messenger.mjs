// A minimal Messenger bot: handoffkit + the Messenger adapter + the node:http transport.
import { createServer } from 'node:http';
import { VirtualAgent } from 'handoffkit';
import { messenger } from 'handoffkit/messenger';
import { toNodeHandler } from 'handoffkit/node';

const agent = new VirtualAgent({
  adapter: messenger({
    appSecret: process.env.FB_APP_SECRET ?? 'app-secret',
    pageAccessToken: process.env.FB_PAGE_TOKEN ?? 'page-token',
    verifyToken: process.env.FB_VERIFY_TOKEN ?? 'verify-token',
    appId: process.env.FB_APP_ID ?? '1234567890',
  }),
});
agent.on('message_created', (ctx) => ctx.reply(`You said: ${ctx.message.text ?? ''}`));

export const server = createServer(toNodeHandler(agent));
if (process.env.PORT) server.listen(Number(process.env.PORT));
