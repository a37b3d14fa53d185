// A scripted Messenger conversation through the real SDK and the real Messenger adapter, against an in-process
// stand-in for the Graph API that also sends signed webhooks: contact → bot → escalate (pass_thread_control to the
// Page Inbox) → standby while a human answers → the inbox passes control back → the bot resumes.
// Run: npm run demo (after the Chatwoot run), or npx tsx demo/messenger-demo.ts
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VirtualAgent } from '../src/index.js';
import { messenger } from '../src/adapters/messenger/index.js';
import { toNodeHandler } from '../src/http/node.js';

const APP_SECRET = 'demo-app-secret';
const PAGE_TOKEN = 'demoPageToken123';
const APP_ID = '1111111111';
const PAGE_INBOX = '263902037430900';
const PAGE_ID = '2222222222';
const PSID = '3333333333';

/** Who controls the thread, as the stand-in for Meta sees it. */
let threadOwner = APP_ID;
let clock = Date.now();
let mid = 0;
const transcript: string[] = [];

// ── The stand-in for the Graph API ─────────────────────────────────────────────────────────────────────────
const graph = createServer((req, res) => void serveGraph(req, res));
await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
const graphUrl = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;

async function serveGraph(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
  const url = new URL(req.url ?? '/', graphUrl);
  const answer = (status: number, payload: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  };
  if (url.searchParams.get('access_token') !== PAGE_TOKEN) return answer(401, { error: { message: 'Invalid OAuth access token.', code: 190 } });
  const action = url.pathname.replace(/^\/v[\d.]+\/me\//, '');
  if (action === 'messages') {
    if (body.sender_action) return answer(200, { recipient_id: PSID });
    if (threadOwner !== APP_ID) {
      return answer(400, { error: { message: 'Another app controls this thread.', code: 10, error_subcode: 2018300, fbtrace_id: 'demo' } });
    }
    const message = body.message as { text?: string; quick_replies?: { title: string }[] };
    const options = message.quick_replies ? `  ${message.quick_replies.map((q) => `[${q.title}]`).join(' ')}` : '';
    await say('bot', `${message.text ?? '(attachment)'}${options}`);
    return answer(200, { recipient_id: PSID, message_id: `m_${++mid}` });
  }
  if (action === 'pass_thread_control') {
    await say('meta', `the bot passed the thread to app ${String(body.target_app_id)} (${String(body.metadata ?? '')})`);
    threadOwner = String(body.target_app_id);
    return answer(200, { success: true });
  }
  return answer(404, { error: { message: `Unknown path ${url.pathname}`, code: 100 } });
}

// ── The bot: what a user of handoffkit writes ─────────────────────────────────────────────────────────────
const agent = new VirtualAgent({
  adapter: messenger({ appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN, verifyToken: 'demo-verify', appId: APP_ID, apiUrl: graphUrl }),
});

// Registered first, so it sees the owner before the handler below escalates.
agent.on(
  'message_created',
  (ctx) => {
    const who = ctx.message.sender.role === 'agent' ? 'an agent' : `a ${ctx.message.sender.role}`;
    if (ctx.conversation.owner === 'human') note(`bot observes ${who} message on standby (silent: a human owns the thread)`);
  },
  { standby: true },
);

agent.on('message_created', async (ctx) => {
  const text = ctx.message.text ?? ctx.message.postback?.payload ?? '';
  if (/human|agent|person/i.test(text)) {
    await ctx.reply('Let me get a colleague for you.');
    return ctx.escalate({ reason: 'the contact asked for a human' });
  }
  await ctx.reply({ text: `You said "${text}". How else can I help?`, quickReplies: [{ title: 'Opening hours' }, { title: 'Talk to a human' }] });
});
agent.on('handed_back', (ctx) => ctx.reply('I am back. Anything else I can do for you?'));
agent.onAny((ctx) => {
  if (ctx.name === 'handed_off' || ctx.name === 'handed_back') {
    note(`event ${ctx.name} (${ctx.handoff.from} → ${ctx.handoff.to}, by ${ctx.handoff.initiator}${ctx.handoff.reason ? `: ${ctx.handoff.reason}` : ''})`);
  }
});
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const bot = createServer(toNodeHandler(agent));
await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
const botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/messenger`;

/** Meta's side: delivers one item, on `messaging` when our app owns the thread, on `standby` otherwise. */
async function deliver(item: Record<string, unknown>, channel: 'messaging' | 'standby' = threadOwner === APP_ID ? 'messaging' : 'standby'): Promise<void> {
  clock += 1_000;
  const body = JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: clock, [channel]: [{ timestamp: clock, ...item }] }] });
  const signature = createHmac('sha256', APP_SECRET).update(body).digest('hex');
  const response = await fetch(botUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signature}` }, body });
  if (!response.ok) throw new Error(`the bot answered ${response.status}: ${await response.text()}`);
}

async function contactSays(text: string): Promise<void> {
  await say('contact', text);
  await deliver({ sender: { id: PSID }, recipient: { id: PAGE_ID }, message: { mid: `m_${++mid}`, text } });
}

async function inboxAgentSays(text: string): Promise<void> {
  await say('agent', text);
  // The page's own message, sent from the inbox app: an echo on standby.
  await deliver({ sender: { id: PAGE_ID }, recipient: { id: PSID }, message: { mid: `m_${++mid}`, is_echo: true, app_id: Number(PAGE_INBOX), text } });
}

async function inboxPassesBack(): Promise<void> {
  await say('meta', 'the agent marked the conversation done: the Page Inbox passes the thread back to the bot');
  threadOwner = APP_ID;
  await deliver(
    {
      sender: { id: PSID },
      recipient: { id: PAGE_ID },
      pass_thread_control: { new_owner_app_id: APP_ID, previous_owner_app_id: PAGE_INBOX, metadata: 'done' },
    },
    'messaging',
  );
}

async function say(who: 'contact' | 'bot' | 'agent' | 'meta', text: string): Promise<void> {
  const owner = (await agent.conversation(PSID).owner()).padEnd(5);
  const line = who === 'meta' ? `  [${owner}] ·       ${text}` : `  [${owner}] ${who.padEnd(7)}› ${text}`;
  transcript.push(line);
  console.log(line);
}

function note(text: string): void {
  console.log(`          ·       ${text}`);
}

console.log('\nhandoffkit demo: a Messenger conversation under the handover protocol, signed webhooks, real HTTP on 127.0.0.1\n');
try {
  console.log('▸ The contact writes to the Page; the bot (primary receiver) answers');
  await contactSays('Hello!');
  console.log('\n▸ The contact asks for a human: the bot passes the thread to the Page Inbox');
  await contactSays('Can I talk to a human?');
  console.log('\n▸ A human answers in the Page Inbox; the bot only watches the standby channel');
  await inboxAgentSays('Hi, this is Sam from the shop. How can I help?');
  await contactSays('My parcel is late.');
  console.log('\n▸ The inbox passes control back; the bot resumes');
  await inboxPassesBack();
  await contactSays('Thanks, all good now');
  const owner = await agent.conversation(PSID).owner();
  console.log(`\nDone: the thread is owned by ${owner === 'bot' ? 'the bot' : owner}; every bot message went out while the bot held the thread.`);
  if (owner !== 'bot') process.exitCode = 1;
} finally {
  await new Promise<void>((resolve) => bot.close(() => resolve()));
  await new Promise<void>((resolve) => graph.close(() => resolve()));
}
