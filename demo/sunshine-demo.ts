// A scripted Zendesk messaging conversation through the real SDK and the real Sunshine adapter, against an
// in-process stand-in for the Sunshine Conversations API that also sends the webhooks (with X-API-Key): a contact
// writing in French → the bot answers in French → escalate (passControl to the agent workspace, the ticket starting
// at the contact's first message) → standby while an agent answers → the agent workspace passes control back →
// the bot resumes, still in French.
// Run: npm run demo (after the others), or npx tsx demo/sunshine-demo.ts
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VirtualAgent } from '../src/index.js';
import { sunshine } from '../src/adapters/sunshine/index.js';
import { toNodeHandler } from '../src/http/node.js';

const APP_ID = 'demo-app';
const WEBHOOK_SECRET = 'demo-webhook-secret';
const BOT = { id: 'sb-bot', name: 'bot', integrationId: 'int-bot', integrationType: 'custom' };
const WORKSPACE = { id: 'sb-aw', name: 'zd:agentWorkspace', integrationId: 'int-aw', integrationType: 'zd:agentWorkspace' };
const CONVERSATION = 'conv-demo';
const USER = { id: 'user-demo', profile: { givenName: 'Amélie', surname: 'Roy', locale: 'fr-CA' } };

/** Who is active in the switchboard, as the stand-in for Sunshine sees it. */
let active = BOT;
let seq = 0;

// ── The stand-in for the Sunshine Conversations API ─────────────────────────────────────────────────────────
const api = createServer((req, res) => void serveApi(req, res));
await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/sc`;

async function serveApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
  const answer = (status: number, payload: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  const action = (req.url ?? '').split('/').pop();
  if (action === 'messages') {
    const content = body.content as { text?: string; actions?: { text: string }[] };
    const buttons = content.actions ? `  ${content.actions.map((a) => `[${a.text}]`).join(' ')}` : '';
    say('bot', `${content.text ?? '(media)'}${buttons}`);
    return answer(201, { messages: [{ id: `msg-${++seq}` }] });
  }
  if (action === 'passControl') {
    const metadata = body.metadata as Record<string, string> | undefined;
    say(
      'zendesk',
      `passControl to ${String(body.switchboardIntegration)} (reason: ${metadata?.reason}; the ticket starts at message ${metadata?.first_message_id})`,
    );
    active = body.switchboardIntegration === BOT.id ? BOT : WORKSPACE;
    answer(200, {});
    // Sunshine announces the change to the integrations' webhooks.
    return void setTimeout(() => void deliver('switchboard:passControl', { conversation: conversation(), metadata: metadata ?? {} }), 10);
  }
  return answer(404, { errors: [{ code: 'not_found', title: `Unknown path ${req.url}` }] });
}

// ── The bot: what a user of handoffkit writes ─────────────────────────────────────────────────────────────
const agent = new VirtualAgent({
  adapter: sunshine({
    appId: APP_ID,
    keyId: 'app_demo',
    keySecret: 'demo-key-secret',
    webhookSecret: WEBHOOK_SECRET,
    apiUrl,
    integrationId: BOT.id,
    channels: ['web'],
  }),
});

agent.on(
  'message_created',
  (ctx) => {
    if (ctx.conversation.owner === 'human')
      note(`bot observes ${ctx.message.sender.role === 'agent' ? 'an agent' : 'a contact'} message on standby (silent: the agent workspace is active)`);
  },
  { standby: true },
);

agent.on('message_created', async (ctx) => {
  const text = ctx.message.text ?? '';
  if (/humain|human|agent/i.test(text)) {
    await ctx.reply({ en: 'Let me get a colleague for you.', fr: 'Je vous mets en relation avec un collègue.', default: 'en' });
    return ctx.escalate({ reason: 'the contact asked for a human' });
  }
  await ctx.reply({
    en: { text: 'How can I help?', quickReplies: [{ title: 'Track my parcel' }, { title: 'Talk to a human' }] },
    fr: { text: 'Comment puis-je vous aider ?', quickReplies: [{ title: 'Suivre mon colis' }, { title: 'Parler à un humain' }] },
    default: 'en',
  });
});
agent.on('handed_back', (ctx) => ctx.reply({ en: 'I am back. Anything else?', fr: 'Me revoici. Autre chose ?', default: 'en' }));
agent.onAny((ctx) => {
  if (ctx.name === 'handed_off' || ctx.name === 'handed_back')
    note(`event ${ctx.name} (${ctx.handoff.from} → ${ctx.handoff.to}, by ${ctx.handoff.initiator}; contact locale ${ctx.contact.locale})`);
});
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const bot = createServer(toNodeHandler(agent, { ackTimeoutMs: false }));
await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
const botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/sunshine`;
const settled: Promise<void>[] = [];

function conversation(): Record<string, unknown> {
  return { id: CONVERSATION, type: 'personal', activeSwitchboardIntegration: active };
}

/** Sunshine's side: one webhook delivery of one event. */
function deliver(type: string, payload: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify({
    app: { id: APP_ID },
    webhook: { id: 'wh-demo', version: 'v2' },
    events: [{ id: `evt-${++seq}`, createdAt: new Date().toISOString(), type, payload }],
  });
  const sent = fetch(botUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': WEBHOOK_SECRET }, body }).then(async (response) => {
    if (!response.ok) throw new Error(`the bot answered ${response.status}: ${await response.text()}`);
  });
  settled.push(sent);
  return sent;
}

function message(author: Record<string, unknown>, text: string, source: string): Promise<void> {
  return deliver('conversation:message', {
    conversation: conversation(),
    message: { id: `msg-${++seq}`, received: new Date().toISOString(), author, content: { type: 'text', text }, source: { type: source } },
  });
}

async function contactSays(text: string): Promise<void> {
  say('contact', text);
  await message({ type: 'user', userId: USER.id, displayName: 'Amélie Roy', user: USER }, text, 'web');
}

async function agentSays(text: string): Promise<void> {
  say('agent', text);
  await message({ type: 'business', displayName: 'Sam' }, text, 'zd:agentWorkspace');
}

function say(who: 'contact' | 'bot' | 'agent' | 'zendesk', text: string): void {
  const owner = (active === BOT ? 'bot' : 'human').padEnd(5);
  console.log(who === 'zendesk' ? `  [${owner}] ·        ${text}` : `  [${owner}] ${who.padEnd(8)}› ${text}`);
}

function note(text: string): void {
  console.log(`          ·        ${text}`);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

console.log('\nhandoffkit demo: Zendesk messaging through the Sunshine Conversations switchboard, real HTTP on 127.0.0.1\n');
try {
  console.log('▸ The contact writes on the web widget, in French; the bot (the active integration) answers in French');
  await contactSays('Bonjour, mon colis est en retard');
  console.log('\n▸ The contact asks for a human: passControl to the agent workspace');
  await contactSays('Je veux parler à un humain');
  await pause(100);
  console.log('\n▸ An agent answers in the agent workspace; the bot only observes (deliverStandbyEvents)');
  await agentSays('Bonjour Amélie, ici Sam. Je regarde votre commande.');
  await contactSays('Merci Sam !');
  console.log('\n▸ The agent hands the conversation back: the agent workspace passes control to the bot');
  say('zendesk', 'the agent workspace passes control back to the bot');
  active = BOT;
  await deliver('switchboard:passControl', { conversation: conversation() });
  await contactSays('Tout est réglé, merci');
  await Promise.all(settled);
  const owner = await agent.conversation(CONVERSATION).owner();
  console.log(
    `\nDone: the conversation is owned by ${owner === 'bot' ? 'the bot' : owner}; the bot answered in fr-CA and stayed silent while the agent workspace was active.`,
  );
  if (owner !== 'bot') process.exitCode = 1;
} finally {
  await new Promise<void>((resolve) => bot.close(() => resolve()));
  await new Promise<void>((resolve) => api.close(() => resolve()));
}
