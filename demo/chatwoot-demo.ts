// A scripted conversation through the real SDK and the real Chatwoot adapter, against an in-process stand-in
// for Chatwoot that serves the bot's REST calls and sends it signed webhooks: contact → bot → escalate →
// human → hand back → resolve. Run: npm run demo
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VirtualAgent } from '../src/index.js';
import { chatwoot } from '../src/adapters/chatwoot/index.js';
import { toNodeHandler } from '../src/http/node.js';
import { ChatwootStandIn, type TranscriptEntry } from './chatwoot-standin.js';

const secret = 'demo-bot-secret';
const botToken = 'demoBotToken123';

const standIn = new ChatwootStandIn({ secret, botToken, onEntry: print });
const chatwootUrl = await standIn.start();

// ── The bot: what a user of handoffkit writes ────────────────────────────────────────────────────────────
const agent = new VirtualAgent({
  adapter: chatwoot({ baseUrl: chatwootUrl, accountId: 1, botToken, secret }),
});

agent.on('widget_triggered', (ctx) => ctx.reply(`Hi${ctx.contact.name ? ` ${ctx.contact.name}` : ''}! I am the shop's assistant. How can I help?`));

agent.on('message_created', async (ctx) => {
  const text = ctx.message.text ?? '';
  if (/human|agent|person/i.test(text)) return handOff(ctx);
  if (/bye|thanks|thank you/i.test(text)) {
    await ctx.reply('Glad I could help. Have a nice day!');
    return ctx.resolve();
  }
  await ctx.tag('bot-handled');
  await ctx.reply({
    text: `You asked: "${text}". Your order #1042 left our warehouse yesterday. Anything else?`,
    quickReplies: [{ title: 'Track my parcel' }, { title: 'Talk to a human' }],
  });
});

// The contact's pick from the quick replies arrives as an update of the bot's message.
agent.on('message_updated', async (ctx) => {
  const choice = ctx.message.submitted?.[0]?.value;
  if (choice === 'Talk to a human') return handOff(ctx);
  await ctx.reply('Tracking: https://track.example.com/1042');
});

agent.on('handed_back', (ctx) => ctx.reply(`I am back, ${ctx.contact.name ?? 'there'}. Anything else I can do?`));

// Standby: the bot watches what happens while the human talks, without answering.
agent.on(
  'message_created',
  (ctx) => {
    if (ctx.conversation.owner === 'human' && ctx.message.sender.role !== 'bot') {
      note(`bot observes ${ctx.message.sender.role}'s message in standby (no reply: a human owns the conversation)`);
    }
  },
  { standby: true },
);

agent.onAny((ctx) => {
  if (ctx.name === 'handed_off' || ctx.name === 'handed_back' || ctx.name === 'conversation_resolved') {
    note(`event ${ctx.name} (${ctx.handoff.from} → ${ctx.handoff.to}, by ${ctx.handoff.initiator}${ctx.handoff.reason ? `: ${ctx.handoff.reason}` : ''})`);
  }
});

async function handOff(ctx: { reply(text: string): Promise<unknown>; escalate(o: { reason: string; note: string }): Promise<void> }): Promise<void> {
  await ctx.reply('Let me connect you with a colleague.');
  await ctx.escalate({ reason: 'the contact asked for a human', note: 'Contact asked for a human about order #1042.' });
}
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const bot = createServer(toNodeHandler(agent));
await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
standIn.botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/chatwoot`;

console.log('handoffkit demo: a Chatwoot web-widget conversation, signed webhooks, real HTTP on 127.0.0.1\n');
try {
  await step('The contact opens the chat widget', () => standIn.contactOpensWidget());
  await step('The contact asks about an order', () => standIn.contactSays('Where is my order?'));
  await step('The contact picks "Talk to a human"', () => standIn.contactChooses('Talk to a human'));
  await step('A human agent answers; the bot stays silent', async () => {
    await standIn.agentSays('Hi Ada, Alice here. I see order #1042 — it arrives tomorrow.');
    await standIn.contactSays('Great, thank you Alice!');
  });
  await step('The agent hands the conversation back to the bot (status pending)', () => standIn.agentSetsStatus('pending'));
  await step('The bot resumes and resolves', () => standIn.contactSays('No, that was all. Bye!'));

  const owner = await agent.conversation(standIn.conversation.id).owner();
  const botLines = standIn.transcript.filter((e) => e.kind === 'message' && e.author === 'bot' && !e.private);
  const whileHuman = botWhileHuman(standIn.transcript);
  console.log(
    `\nDone: conversation ${standIn.conversation.status}, owner ${owner}; the bot sent ${botLines.length} messages, ${whileHuman} of them while a human owned the conversation.`,
  );
  if (standIn.conversation.status !== 'resolved' || whileHuman !== 0) process.exitCode = 1;
} finally {
  await new Promise<void>((resolve) => bot.close(() => resolve()));
  await standIn.stop();
}

async function step(title: string, run: () => Promise<void>): Promise<void> {
  console.log(`\n▸ ${title}`);
  await run();
}

async function print(entry: TranscriptEntry): Promise<void> {
  const owner = `[${(await agent.conversation(standIn.conversation.id).owner()).padEnd(5)}]`;
  if (entry.kind === 'message') {
    const who = entry.author === 'agent' ? 'Alice' : entry.author === 'bot' ? 'bot' : 'Ada';
    const options = entry.items ? `  ${entry.items.map((i) => `[${i.title}]`).join(' ')}` : '';
    console.log(`  ${owner} ${who.padEnd(6)}${entry.private ? '(private note) ' : ''}› ${entry.text}${options}`);
  } else {
    console.log(`  ${owner} ·      ${entry.text}`);
  }
}

function note(text: string): void {
  console.log(`          ·      ${text}`);
}

function botWhileHuman(transcript: TranscriptEntry[]): number {
  let status = 'pending';
  let count = 0;
  for (const entry of transcript) {
    const change = /→ (\w+)$/.exec(entry.text);
    if (entry.kind === 'status' && change) status = change[1]!;
    else if (entry.kind === 'message' && entry.author === 'bot' && !entry.private && status === 'open') count += 1;
  }
  return count;
}
