// An iAdvize connected bot that offers a call: it collects the visitor's phone number (after a consent notice)
// and asks Twilio to call them; a number Twilio refuses is told to the visitor, who is asked again. iAdvize
// calls the bot's connector endpoints and reads the replies from the answers.
//
//   IADVIZE_SECRET=<connector secret, or "none"> IADVIZE_TRANSFER_RULE=<distribution rule id> \
//   TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=… TWILIO_FROM=+33… TWILIO_CONNECT_URL=https://…/twiml \
//   [IADVIZE_GRAPHQL_TOKEN=<GraphQL API token, for messages after the answer>] PORT=3000 npx tsx examples/iadvize-call.ts
//
// Then give https://<public host>/iadvize as the bot connector URL in iAdvize's admin.
import { createServer } from 'node:http';
import { VirtualAgent } from 'handoffkit';
import { collectPhone, isCollectingPhone, stopCollectingPhone, twilioCalls } from 'handoffkit/calls';
import { iadvize } from 'handoffkit/iadvize';
import { toNodeHandler } from 'handoffkit/node';
import { env, isMain, optionalEnv, serve } from './lib/run.js';

const secret = env('IADVIZE_SECRET');
const twilioApiUrl = optionalEnv('TWILIO_API_URL');
const graphqlToken = optionalEnv('IADVIZE_GRAPHQL_TOKEN');

/** The bot, exported for `handoffkit playground`. */
export const agent = new VirtualAgent({
  adapter: iadvize({
    secret: secret === 'none' ? false : secret,
    bots: [{ idBot: 'callback', name: 'Callback bot', description: 'Offers a phone call and places it through Twilio' }],
    transferRule: env('IADVIZE_TRANSFER_RULE'),
    firstMessages: [{ text: 'Hello! Shall we call you?', quickReplies: [{ title: 'call me' }, { title: 'no thanks' }] }],
    // With a token, a helper called after the answer left (a slow provider) still reaches the visitor.
    ...(graphqlToken === undefined ? {} : { graphql: { token: graphqlToken } }),
  }),
  calls: twilioCalls({
    accountSid: env('TWILIO_ACCOUNT_SID'),
    authToken: env('TWILIO_AUTH_TOKEN'),
    from: env('TWILIO_FROM'),
    url: env('TWILIO_CONNECT_URL'),
    ...(twilioApiUrl === undefined ? {} : { apiUrl: twilioApiUrl }),
  }),
});

const CONSENT = 'We use your phone number only to call you back about this conversation.';

agent.on('message_created', async (ctx) => {
  if (ctx.message.text === 'call me' || (await isCollectingPhone(ctx))) {
    const phone = await collectPhone(ctx, { consent: CONSENT });
    if (phone === undefined) return;
    // Twilio validates the number: a refused one is told to the visitor and the question stays open.
    await ctx.escalate({ to: { call: { phone } }, reason: 'asked for a call' });
    if (ctx.conversation.owner === 'human') await stopCollectingPhone(ctx);
    return;
  }
  await ctx.reply('Type "call me" and we will call you back.');
});
agent.onError((error, ctx) => console.error(`[bot] ${ctx?.event.name ?? 'agent'}: ${error.message}`));

const connector = toNodeHandler(agent);
const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/escalations') {
    res.setHeader('content-type', 'application/json');
    return void res.end(JSON.stringify(agent.escalations()));
  }
  if (path.startsWith('/iadvize/')) return void connector(req, res);
  res.statusCode = 404;
  res.end();
});

// Served when run as a script (PORT / HOST, default 127.0.0.1:3000; stopped by SIGINT / SIGTERM: lib/run.ts);
// `handoffkit playground <this file>` imports the agent instead.
if (isMain(import.meta.url)) serve(server, '/iadvize');
