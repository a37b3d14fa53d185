// The playground in a real headless Chromium (the system's, /usr/bin/chromium, driven by playwright-core): the
// contact chats, the human takes over and answers while the bot stays silent, writes a private note and adds a
// label, hands back, and the bot answers again; a failing handler shows its error and the fail-safe escalation;
// the timeline shows the owners and each marker's payload. It saves the screenshot the README shows.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualAgent, silentLogger } from '../../src/index.js';
import { chatwoot } from '../../src/adapters/chatwoot/index.js';
import { startPlayground, type Playground } from '../../src/testing/index.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function bot(): VirtualAgent {
  const agent = new VirtualAgent({
    adapter: chatwoot({ baseUrl: 'https://chat.example.test', accountId: 1, botToken: 'playground-token', secret: 'playground-secret', retries: 0 }),
    logger: silentLogger,
    fallbackMessage: 'Something went wrong on our side: a human will take it from here.',
  });
  agent.on(['message_created', 'message_updated'], async (ctx) => {
    // A tapped quick reply: its value (on Chatwoot, an update of the bot's question).
    const text = ctx.message.quickReply?.value ?? ctx.message.text ?? '';
    if (text === 'break') throw new Error('the order lookup failed');
    if (text === 'plans') {
      await ctx.reply({ cards: [{ title: 'Plan A', actions: [{ type: 'postback', text: 'Pick plan A', payload: 'PLAN_A' }] }] });
      return;
    }
    await ctx.reply({ text: `You said: ${text}. Anything else?`, quickReplies: [{ title: 'Talk to a human' }] });
  });
  agent.on('handed_back', (ctx) => ctx.reply('I am back. Anything else?'));
  return agent;
}

describe('the playground in headless Chromium', () => {
  let playground: Playground;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium; .ci/run does it) to run the browser test.`);
    }
    playground = await startPlayground(bot());
    profile = mkdtempSync(join(tmpdir(), 'handoffkit-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1200, height: 900 } });
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await playground?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('contact → bot, take over, the agent answers with the bot silent, a note and labels, hand back → bot again, a failed handler', async () => {
    await page.goto(playground.url);
    await expect.poll(() => page.textContent('#owner')).toBe('bot');

    await page.fill('#contact-input', 'hello');
    await page.click('#contact-send');
    await page.waitForSelector('#contact-log li.bot:has-text("You said: hello. Anything else?")');
    await page.click('#choices button:has-text("Talk to a human")');
    await page.waitForSelector('#contact-log li.bot:has-text("You said: Talk to a human")');

    await page.click('#take-over');
    await expect.poll(() => page.textContent('#owner')).toBe('human');
    await page.fill('#agent-input', 'Hi, an agent here');
    await page.click('#agent-send');
    await page.waitForSelector('#contact-log li:has-text("Hi, an agent here")');
    await page.fill('#contact-input', 'are you a person?');
    await page.click('#contact-send');
    await page.waitForSelector('#agent-log li:has-text("are you a person?")');
    // The bot stayed silent while the human owned the conversation: still its two replies.
    expect(await page.locator('#contact-log li.bot').count()).toBe(2);

    // A private note and a label: Chatwoot delivers both to the bot (a private message_created, a conversation_updated).
    await page.fill('#agent-input', 'VIP customer: refund approved');
    await page.check('#agent-private');
    await page.click('#agent-send');
    await page.waitForSelector('#agent-log li.note:has-text("VIP customer: refund approved")');
    expect(await page.locator('#contact-log li:has-text("VIP customer")').count()).toBe(0);
    await page.uncheck('#agent-private');
    await page.fill('#label-input', 'vip');
    await page.click('#label-add');
    await page.waitForSelector('#tags span[data-label="vip"]');
    await page.fill('#label-input', 'refund');
    await page.click('#label-add');
    await page.waitForSelector('#tags span[data-label="refund"]');
    await page.click('#tags span[data-label="refund"] button');
    await expect.poll(() => page.locator('#tags span').count()).toBe(1);
    const note = page.locator('#timeline tbody tr[data-what="note"]');
    expect(await note.locator('td').nth(5).textContent()).toBe('200');
    await note.click();
    expect(await page.textContent('#payload')).toContain('"private": true');
    await page.locator('#timeline tbody tr[data-what="labels"]').first().click();
    const labels = await page.textContent('#payload');
    expect(labels).toContain('"event": "conversation_updated"');
    expect(labels).toContain('"label_list"');
    expect(await page.locator('#contact-log li.bot').count()).toBe(2);

    await page.click('#hand-back');
    await expect.poll(() => page.textContent('#owner')).toBe('bot');
    await page.waitForSelector('#contact-log li.bot:has-text("I am back. Anything else?")');
    await page.fill('#contact-input', 'thanks');
    await page.click('#contact-send');
    await page.waitForSelector('#contact-log li.bot:has-text("You said: thanks")');

    const owners = await page.$$eval('#timeline tbody tr', (rows) => rows.map((row) => (row as HTMLElement).dataset.owner));
    expect(owners).toContain('human');
    expect(owners.at(-1)).toBe('bot');
    await page.click('#timeline tbody tr:nth-child(1)');
    expect(await page.textContent('#payload')).toContain('"message_type": "incoming"');

    // A card's postback button: Chatwoot's widget sends nothing for it, and the timeline says so.
    await page.fill('#contact-input', 'plans');
    await page.click('#contact-send');
    await page.click('#choices button:has-text("Pick plan A")');
    const undelivered = page.locator('#timeline tbody tr[data-undelivered="true"]');
    await expect.poll(() => undelivered.count()).toBe(1);
    expect(await undelivered.locator('td').nth(5).textContent()).toBe('not delivered to the bot');
    await undelivered.click();
    expect(await page.textContent('#payload')).toContain('the platform sends the bot nothing for this');

    // A handler that throws: its error and the agent's fail-safe escalation, each its own row with its payload.
    await page.fill('#contact-input', 'break');
    await page.click('#contact-send');
    await page.waitForSelector('#timeline tbody tr.failsafe');
    await expect.poll(() => page.textContent('#owner')).toBe('human');
    const error = page.locator('#timeline tbody tr.error');
    expect(await error.locator('td').nth(2).textContent()).toBe('handler error');
    await error.click();
    expect(await page.textContent('#payload')).toContain('"message": "the order lookup failed"');
    const failSafe = page.locator('#timeline tbody tr.failsafe');
    expect(await failSafe.locator('td').nth(2).textContent()).toBe('fail-safe escalation');
    await failSafe.click();
    expect(await page.textContent('#payload')).toContain('"trigger": "fail-safe"');
    // The normal escalate call of the bot is still its own row.
    expect(await page.locator('#timeline tbody tr[data-what="escalate"]').count()).toBe(1);

    // Several conversations at once: a second one in the list, then back to the first.
    const first = await page.getAttribute('#conversations li.current', 'data-id');
    await page.click('#new-conversation');
    await expect.poll(() => page.locator('#conversations li').count()).toBe(2);
    await page.click(`#conversations li[data-id="${first}"]`);
    await expect.poll(() => page.getAttribute('#conversations li.current', 'data-id')).toBe(first);
    await page.click('#timeline tbody tr.failsafe');
    await page.screenshot({ path: join(import.meta.dirname, '../../docs/playground.png'), fullPage: true });
  }, 60_000);
});
