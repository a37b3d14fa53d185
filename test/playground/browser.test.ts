// The playground in a real headless Chromium (the system's, /usr/bin/chromium, driven by playwright-core): the
// contact chats, the human takes over and answers while the bot stays silent, hands back, and the bot answers again;
// the timeline shows the owners. It saves the screenshot the README shows.
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
  });
  agent.on(['message_created', 'message_updated'], async (ctx) => {
    // A tapped quick reply: its value (on Chatwoot, an update of the bot's question).
    const text = ctx.message.quickReply?.value ?? ctx.message.text ?? '';
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

  it('contact → bot, take over, the agent answers with the bot silent, hand back → bot again', async () => {
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
    await page.screenshot({ path: join(import.meta.dirname, '../../docs/playground.png'), fullPage: true });
  }, 60_000);
});
