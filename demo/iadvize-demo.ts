// A scripted iAdvize conversation through the real SDK and the real iAdvize adapter: the demo plays iAdvize, calling
// the bot's connector endpoints (signed with x-iadvize-signature) and reading the replies from the answers, and an
// in-process stand-in for Twilio's Calls API validates numbers the way Twilio does. The visitor asks for a call →
// consent notice and question → letters (asked again, Twilio not called) → a number Twilio refuses (its message is
// the bot's reply) → a valid number (called once, then the conversation closes); a second visitor asks for a human
// (transfer to the distribution rule, with the failure fallback). agent.escalations() counts what happened.
// Run: npm run demo (after the others), or npx tsx demo/iadvize-demo.ts
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VirtualAgent } from '../src/index.js';
import { iadvize } from '../src/adapters/iadvize/index.js';
import { collectPhone, isCollectingPhone, stopCollectingPhone, twilioCalls } from '../src/calls/index.js';
import { toNodeHandler } from '../src/http/node.js';

const SECRET = 'demo-connector-secret';
const RULE = 'ef4670c3-d715-4a21-8226-ed17f354fc44';
const OPERATOR = 'ha-456678';
const SID = 'AC00000000000000000000000000demo';

// ── The stand-in for Twilio's Calls API ─────────────────────────────────────────────────────────────────────
const placed: string[] = [];
const twilio = createServer((req, res) => void serveTwilio(req, res));
await new Promise<void>((resolve) => twilio.listen(0, '127.0.0.1', resolve));
const twilioUrl = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}/`;

async function serveTwilio(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = new URLSearchParams(await bodyOf(req));
  const answer = (status: number, payload: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  const expected = `Basic ${Buffer.from(`${SID}:demo-auth-token`).toString('base64')}`;
  if (req.headers.authorization !== expected) return answer(401, { code: 20003, message: 'Authenticate', status: 401 });
  if (req.url !== `/2010-04-01/Accounts/${SID}/Calls.json`) return answer(404, { code: 20404, message: 'Not found', status: 404 });
  const to = form.get('To') ?? '';
  if (!/^\+[1-9]\d{7,14}$/.test(to.replace(/[\s.-]/g, ''))) {
    twilioSays(`refuses To=${to} (21211)`);
    return answer(400, { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 });
  }
  const sid = `CA${String(placed.length + 1).padStart(32, '0')}`;
  placed.push(to);
  twilioSays(`call ${sid} to ${to} queued, connecting to ${form.get('Url')}`);
  return answer(201, { sid, status: 'queued', to });
}

// ── The bot: what a user of handoffkit writes ─────────────────────────────────────────────────────────────
const agent = new VirtualAgent({
  adapter: iadvize({
    secret: SECRET,
    bots: [{ idBot: 'callback', name: 'Callback bot', description: 'Offers a phone call and places it through Twilio' }],
    transferRule: RULE,
    transferTimeoutSeconds: 20,
    transferFallbackMessage: 'Nobody is available right now, please come back later.',
    firstMessages: [{ text: 'Hello! Would you like us to call you?', quickReplies: [{ title: 'call me' }, { title: 'talk to a human' }] }],
  }),
  calls: twilioCalls({ accountSid: SID, authToken: 'demo-auth-token', from: '+33123456789', url: 'https://cc.example.com/connect', apiUrl: twilioUrl }),
});

agent.on('message_created', async (ctx) => {
  const text = ctx.message.text ?? '';
  if (text === 'call me' || (await isCollectingPhone(ctx))) {
    const phone = await collectPhone(ctx, { consent: 'We use your number only to call you back about this conversation.' });
    if (phone === undefined) return;
    // Twilio validates the number: a refused one is told to the visitor and the question stays open.
    await ctx.escalate({ to: { call: { phone } }, reason: 'asked for a call' });
    if (ctx.conversation.owner === 'human') await stopCollectingPhone(ctx);
    return;
  }
  if (/human/i.test(text)) {
    await ctx.typing();
    await ctx.reply('Let me find a colleague for you.');
    return ctx.escalate({ reason: 'asked for a human' });
  }
  await ctx.reply('Type "call me" and we will call you back.');
});
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const bot = createServer(toNodeHandler(agent));
await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
const connector = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/iadvize`;

/** iAdvize's side: one connector call, signed, with the query parameters iAdvize adds. */
async function iadvizeCalls(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const query = 'idConnectorVersion=demo-1&idWebsite=42';
  const text = body === undefined ? undefined : JSON.stringify(body);
  const signature = `sha256=${createHmac('sha256', SECRET)
    .update(method === 'GET' ? query : (text ?? ''))
    .digest('hex')}`;
  const response = await fetch(`${connector}${path}?${query}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-iadvize-signature': signature },
    ...(text === undefined ? {} : { body: text }),
  });
  if (!response.ok) throw new Error(`the bot answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

let seq = 0;
async function visitorSays(conversation: string, text: string): Promise<void> {
  say('visitor', text);
  const answer = await iadvizeCalls('POST', `/conversations/${conversation}/messages`, {
    idOperator: OPERATOR,
    message: { idMessage: `msg-${++seq}`, author: { role: 'visitor' }, payload: { contentType: 'text', value: text }, createdAt: new Date().toISOString() },
  });
  showReplies(answer.replies as Reply[]);
}

type Reply = {
  type: string;
  payload?: { value: string };
  quickReplies?: { value: string }[];
  duration?: { value: number; unit: string };
  distributionRule?: string;
  transferOptions?: { timeout: { value: number } };
};

function showReplies(replies: Reply[]): void {
  let afterTransfer = false;
  for (const reply of replies) {
    const prefix = afterTransfer ? 'if the transfer fails: ' : '';
    if (reply.type === 'message') {
      const buttons = reply.quickReplies?.length ? `  ${reply.quickReplies.map((q) => `[${q.value}]`).join(' ')}` : '';
      say('bot', `${prefix}${reply.payload?.value}${buttons}`);
    } else if (reply.type === 'await') {
      note(`await ${reply.duration?.value} ${reply.duration?.unit} (iAdvize shows the bot typing)`);
    } else if (reply.type === 'transfer') {
      note(`transfer to distribution rule ${reply.distributionRule} (tried for ${reply.transferOptions?.timeout.value} s)`);
      afterTransfer = true;
    } else {
      note(`${prefix}${reply.type} the conversation`);
    }
  }
}

function say(who: 'visitor' | 'bot', text: string): void {
  console.log(`  ${who.padEnd(8)}› ${text}`);
}

function note(text: string): void {
  console.log(`  iAdvize · ${text}`);
}

function twilioSays(text: string): void {
  console.log(`  Twilio  · ${text}`);
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

console.log('\nhandoffkit demo: an iAdvize connected bot with messaging-to-call through a stand-in Twilio, real HTTP on 127.0.0.1\n');
try {
  console.log('▸ iAdvize reads the bot connector: the scenarios, the operator configuration, the first messages');
  const bots = (await iadvizeCalls('GET', '/external-bots')) as unknown as { idBot: string; name: string }[];
  note(`GET /external-bots → ${bots.map((b) => `${b.idBot} (${b.name})`).join(', ')}`);
  await iadvizeCalls('PUT', `/bots/${OPERATOR}`, { name: 'Callback', pseudo: 'Bot', language: 'en', distributionRules: [], external: { idBot: 'callback' } });
  note(`PUT /bots/${OPERATOR} → kept`);
  const first = await iadvizeCalls('GET', `/bots/${OPERATOR}/conversation-first-messages`);
  await iadvizeCalls('POST', '/conversations', { idConversation: 'conv-call', idOperator: OPERATOR, history: [] });
  showReplies(first.replies as Reply[]);

  console.log('\n▸ The visitor asks for a call: the consent notice, then the question');
  await visitorSays('conv-call', 'call me');
  console.log('\n▸ Letters only: asked again, Twilio is not called');
  await visitorSays('conv-call', 'my phone');
  console.log("\n▸ A number Twilio refuses: Twilio's message is the bot's reply, and the question stays open");
  await visitorSays('conv-call', '0612');
  console.log('\n▸ A valid number: Twilio places the call once, the visitor is told, the conversation closes');
  await visitorSays('conv-call', '+33 6 12 34 56 78');

  console.log('\n▸ Another visitor asks for a human: a transfer to the distribution rule, with the documented failure fallback');
  await iadvizeCalls('POST', '/conversations', { idConversation: 'conv-human', idOperator: OPERATOR, history: [] });
  await visitorSays('conv-human', 'I want to talk to a human');

  const report = agent.escalations();
  console.log(
    `\nDone: Twilio placed ${placed.length} call; agent.escalations() counts ${report.total} escalations (by channel ${JSON.stringify(report.byChannel)}, by outcome ${JSON.stringify(report.byOutcome)}).`,
  );
  if (placed.length !== 1 || report.total !== 2) process.exitCode = 1;
} finally {
  await new Promise<void>((resolve) => bot.close(() => resolve()));
  await new Promise<void>((resolve) => twilio.close(() => resolve()));
}
