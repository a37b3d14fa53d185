// A Messenger bot as an AWS Lambda function (API Gateway REST or HTTP API, a Function URL or an ALB): one URL
// takes Meta's GET setup check and its signed POST deliveries. The bot answers while it owns the thread, hands
// the thread to the Page Inbox when asked, and greets the contact when the inbox passes the thread back.
//
// Deploy with the handler `lambda-messenger.handler` and these environment variables:
//   MESSENGER_APP_SECRET, MESSENGER_PAGE_TOKEN, MESSENGER_VERIFY_TOKEN, MESSENGER_APP_ID
//   (optional) MESSENGER_HUMAN_APP_ID (default: the Page Inbox), MESSENGER_API_URL (a Graph proxy)
//
// Run locally with an event, from a file or stdin; the result is printed as JSON:
//
//   MESSENGER_APP_SECRET=… MESSENGER_PAGE_TOKEN=… MESSENGER_VERIFY_TOKEN=… MESSENGER_APP_ID=… \
//   npx tsx examples/lambda-messenger.ts event.json
import { VirtualAgent } from 'handoffkit';
import { messenger } from 'handoffkit/messenger';
import { toLambda } from 'handoffkit/lambda';
import { runLocally } from './lib/lambda.js';
import { env } from './lib/run.js';

/** The quick-reply payload that asks for a person. */
export const TALK_TO_HUMAN = 'TALK_TO_HUMAN';

/** The agent, built once per container, outside the handler. */
export const agent = new VirtualAgent({
  adapter: messenger({
    appSecret: env('MESSENGER_APP_SECRET'),
    pageAccessToken: env('MESSENGER_PAGE_TOKEN'),
    verifyToken: env('MESSENGER_VERIFY_TOKEN'),
    appId: env('MESSENGER_APP_ID'),
    ...(process.env.MESSENGER_HUMAN_APP_ID ? { humanAppId: process.env.MESSENGER_HUMAN_APP_ID } : {}),
    ...(process.env.MESSENGER_API_URL ? { apiUrl: process.env.MESSENGER_API_URL } : {}),
  }),
});

// The contact came through an m.me link, an ad, a plugin or the Get Started button.
agent.on('widget_triggered', (ctx) => ctx.reply('Hi! I am the shop assistant. How can I help?'));

agent.on('message_created', async (ctx) => {
  const { text: said, quickReply, postback } = ctx.message;
  if (quickReply?.payload === TALK_TO_HUMAN || postback?.payload === TALK_TO_HUMAN || /\b(human|agent|person)\b/i.test(said ?? '')) {
    await ctx.reply('Connecting you with a person. They will answer here.');
    // Passes the thread to the Page Inbox; until it comes back, messages reach only { standby: true } handlers.
    return ctx.escalate({ reason: 'the contact asked for a person' });
  }
  await ctx.typing();
  await ctx.reply({
    text: said === undefined ? 'Thanks! I cannot open attachments yet.' : `You said: ${said}`,
    quickReplies: [{ title: 'Talk to a person', value: TALK_TO_HUMAN }],
  });
});

agent.on('handed_back', (ctx) => ctx.reply('I am back. Anything else I can do for you?'));

/** The Lambda handler: every handler finishes before the answer, as Lambda freezes the container after it. */
export const handler = toLambda(agent);

// Run as a script (`npx tsx examples/lambda-messenger.ts event.json`): the event in, the result printed.
await runLocally(import.meta.url, handler);
