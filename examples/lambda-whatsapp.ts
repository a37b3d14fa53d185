// A WhatsApp bot as an AWS Lambda function (API Gateway REST or HTTP API, a Function URL or an ALB), under
// Conversation Routing: one URL takes Meta's GET setup check and its signed POST deliveries. The bot answers while
// it owns the thread, passes it to the escalation partner (the human inbox) when asked, and greets the contact when
// the inbox passes the thread back.
//
// Deploy with the handler `lambda-whatsapp.handler` and these environment variables:
//   WHATSAPP_APP_SECRET, WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_VERIFY_TOKEN
//   (optional) WHATSAPP_API_URL (a Graph proxy)
//
// Run locally with an event, from a file or stdin; the result is printed as JSON:
//
//   WHATSAPP_APP_SECRET=… WHATSAPP_ACCESS_TOKEN=… WHATSAPP_PHONE_NUMBER_ID=… WHATSAPP_VERIFY_TOKEN=… \
//   npx tsx examples/lambda-whatsapp.ts event.json
import { VirtualAgent } from 'handoffkit';
import { whatsapp } from 'handoffkit/whatsapp';
import { toLambda } from 'handoffkit/lambda';
import { runLocally } from './lib/lambda.js';
import { env } from './lib/run.js';

/** The id of the reply button that asks for a person. */
export const TALK_TO_HUMAN = 'TALK_TO_HUMAN';

/** The agent, built once per container, outside the handler. */
export const agent = new VirtualAgent({
  adapter: whatsapp({
    appSecret: env('WHATSAPP_APP_SECRET'),
    accessToken: env('WHATSAPP_ACCESS_TOKEN'),
    phoneNumberId: env('WHATSAPP_PHONE_NUMBER_ID'),
    verifyToken: env('WHATSAPP_VERIFY_TOKEN'),
    // Sent when the 24-hour window has closed (error 131047): an approved template.
    templates: { followUp: { name: 'hello_world', language: 'en_US' } },
    ...(process.env.WHATSAPP_API_URL ? { apiUrl: process.env.WHATSAPP_API_URL } : {}),
  }),
});

agent.on('message_created', async (ctx) => {
  const { text: said, postback } = ctx.message;
  if (postback?.payload === TALK_TO_HUMAN || /\b(human|agent|person)\b/i.test(said ?? '')) {
    await ctx.reply('Connecting you with a person. They will answer here.');
    // thread_control pass to the escalation partner; until it comes back, messages reach only { standby: true } handlers.
    return ctx.escalate({ reason: 'the contact asked for a person' });
  }
  await ctx.typing();
  const name = ctx.contact.name ? `, ${ctx.contact.name}` : '';
  await ctx.reply({
    text: said === undefined ? `Thanks${name}! I cannot open attachments yet.` : `You said: ${said}`,
    quickReplies: [{ title: 'Talk to a person', value: TALK_TO_HUMAN }],
  });
});

agent.on('handed_back', (ctx) => ctx.reply('I am back. Anything else I can do for you?'));

// A bot message that never arrived (a failed status): log Meta's code.
agent.onError((error) => console.warn(`whatsapp: ${error.message}`));

/** The Lambda handler: every handler finishes before the answer, as Lambda freezes the container after it. */
export const handler = toLambda(agent);

// Run as a script (`npx tsx examples/lambda-whatsapp.ts event.json`): the event in, the result printed.
await runLocally(import.meta.url, handler);
