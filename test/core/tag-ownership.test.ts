import { describe, expect, it, vi } from 'vitest';
import { MemoryStore, VirtualAgent, silentLogger, type Adapter, type NormalizedEvent, type TagOwnership } from '../../src/index.js';

/**
 * A minimal platform with contact tags and no handover protocol: the contact's tags live in `platform.tags`,
 * escalate/handBack add and remove the escalation tag, and every reply is recorded.
 */
function tagPlatform(options: { tag?: string; onReadError?: TagOwnership['onReadError']; botCacheMs?: number } = {}) {
  const tag = options.tag ?? 'Escalated to agent';
  const platform = { tags: new Map<string, string[]>(), reads: 0, failReads: false, replies: [] as string[] };
  const adapter: Adapter = {
    name: 'tagged',
    capabilities: ['reply', 'escalate', 'handBack', 'tag', 'untag'],
    ownership: {
      kind: 'contact-tag',
      tags: {
        tag,
        ...(options.onReadError ? { onReadError: options.onReadError } : {}),
        ...(options.botCacheMs ? { botCacheMs: options.botCacheMs } : {}),
        async readTags(contactId) {
          platform.reads += 1;
          if (platform.failReads) throw new Error('tags API unavailable');
          return platform.tags.get(contactId) ?? [];
        },
      },
    },
    verify() {},
    parse(body) {
      return { events: (body as { events: NormalizedEvent[] }).events };
    },
    actions(ref) {
      const edit = (change: (tags: string[]) => string[]) => {
        platform.tags.set(ref.id, change(platform.tags.get(ref.id) ?? []));
      };
      return {
        reply: async (message) => {
          platform.replies.push(message.text ?? '');
          return {};
        },
        escalate: async () => edit((tags) => [...tags, tag]),
        tag: async (names) => edit((tags) => [...tags, ...names]),
        handBack: async () => edit((tags) => tags.filter((t) => t.toLowerCase() !== tag.toLowerCase())),
      };
    },
  };
  return { adapter, platform, tag };
}

let n = 0;
function mention(contactId: string, text: string, contactTags?: string[]): NormalizedEvent {
  n += 1;
  return {
    name: 'message_created',
    type: 'mention',
    idempotencyKey: `mention-${n}`,
    conversationId: contactId,
    contact: { id: contactId, attributes: {} },
    message: { id: `m${n}`, text, attachments: [], sender: { role: 'contact' }, private: false },
    ...(contactTags ? { contactTags } : {}),
    raw: {},
  };
}

function send(agent: VirtualAgent, ...events: NormalizedEvent[]) {
  return agent.receive({ method: 'POST', url: '/', headers: {}, body: JSON.stringify({ events }) });
}

function echoBot(adapter: Adapter, extra: Partial<ConstructorParameters<typeof VirtualAgent>[0]> = {}) {
  const agent = new VirtualAgent({ adapter, logger: silentLogger, ...extra });
  const log: string[] = [];
  agent.onAny((ctx) => void log.push(`${ctx.name}:${ctx.conversation?.owner}`));
  agent.on('message_created', async (ctx) => {
    if (/human/.test(ctx.message.text ?? '')) return ctx.escalate({ reason: 'asked' });
    await ctx.reply(`echo ${ctx.message.text}`);
  });
  return { agent, log };
}

describe('tag-based ownership (generic, no platform)', () => {
  it('runs the whole cycle: untagged → bot, escalate adds the tag, tagged → silent, tag removed → handed_back then the message', async () => {
    const { adapter, platform, tag } = tagPlatform();
    const { agent, log } = echoBot(adapter);
    const standby: string[] = [];
    agent.on('message_created', (ctx) => void standby.push(`${ctx.conversation?.owner}:${ctx.message.text}`), { standby: true });

    await send(agent, mention('u1', 'hello'));
    expect(platform.replies).toEqual(['echo hello']);

    await send(agent, mention('u1', 'a human please'));
    expect(platform.tags.get('u1')).toEqual([tag]);

    await send(agent, mention('u1', 'still there?'));
    expect(platform.replies).toEqual(['echo hello']);

    // An agent removes the tag in the inbox; no event reaches the bot. The next message shows it.
    platform.tags.set('u1', []);
    await send(agent, mention('u1', 'back to the bot'));
    expect(platform.replies).toEqual(['echo hello', 'echo back to the bot']);
    expect(log).toEqual(['message_created:bot', 'message_created:bot', 'handed_off:human', 'message_created:human', 'handed_back:bot', 'message_created:bot']);
    expect(standby).toEqual(['bot:hello', 'human:a human please', 'human:still there?', 'bot:back to the bot']);
  });

  it('sees a tag added on the platform and emits handed_off before the message', async () => {
    const { adapter, platform, tag } = tagPlatform({ botCacheMs: 1 });
    const { agent, log } = echoBot(adapter);
    await send(agent, mention('u2', 'one'));
    await new Promise((r) => setTimeout(r, 5));
    platform.tags.set('u2', [tag.toUpperCase()]);
    await send(agent, mention('u2', 'two'));
    expect(log).toEqual(['message_created:bot', 'handed_off:human', 'message_created:human']);
    expect(platform.replies).toEqual(['echo one']);
  });

  it('uses the contact tags a payload carries instead of reading the platform, case-insensitively', async () => {
    const { adapter, platform } = tagPlatform();
    const { agent } = echoBot(adapter);
    await send(agent, mention('u3', 'tagged', ['vip', 'escalated TO agent']));
    expect(platform.reads).toBe(0);
    expect(platform.replies).toEqual([]);
    await send(agent, mention('u3', 'untagged', ['vip']));
    expect(platform.replies).toEqual(['echo untagged']);
    expect(platform.reads).toBe(0);
  });

  it('reuses a bot-owned answer for a short while, and re-reads a human-owned one on every message', async () => {
    const { adapter, platform, tag } = tagPlatform();
    const { agent } = echoBot(adapter);
    await send(agent, mention('u4', 'a'));
    await send(agent, mention('u4', 'b'));
    expect(platform.reads).toBe(1);

    platform.tags.set('u5', [tag]);
    await send(agent, mention('u5', 'a'));
    await send(agent, mention('u5', 'b'));
    expect(platform.reads).toBe(3);
  });

  it('forgets the cached answer when the bot escalates, so the next message is read fresh', async () => {
    const { adapter, platform } = tagPlatform();
    const { agent } = echoBot(adapter);
    await send(agent, mention('u6', 'hi'));
    await send(agent, mention('u6', 'human'));
    const reads = platform.reads;
    await send(agent, mention('u6', 'after'));
    expect(platform.reads).toBe(reads + 1);
    expect(platform.replies).toEqual(['echo hi']);
  });

  it('answers 503 when the tags cannot be read, so the message is redelivered, not lost', async () => {
    const { adapter, platform } = tagPlatform();
    const logged: string[] = [];
    const { agent } = echoBot(adapter, { logger: { warn: () => undefined, error: (m) => void logged.push(m) } });
    platform.failReads = true;
    const event = mention('u7', 'are you there?');
    const answer = await send(agent, event);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body).error.code).toBe('E_PLATFORM_API');
    expect(logged.join(' ')).toMatch(/tags API unavailable/);
    platform.failReads = false;
    expect((await send(agent, event)).status).toBe(200);
    expect(platform.replies).toEqual(['echo are you there?']);
  });

  it("handles the message as the bot's, with a warning, under onReadError: 'assume-bot'", async () => {
    const { adapter, platform } = tagPlatform({ onReadError: 'assume-bot' });
    const warn = vi.fn();
    const { agent } = echoBot(adapter, { logger: { warn, error: () => undefined } });
    platform.failReads = true;
    expect((await send(agent, mention('u8', 'hi'))).status).toBe(200);
    expect(platform.replies).toEqual(['echo hi']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('handling the message as the bot'));
  });

  it('works with a shared store across two agents (the cache lives in the store)', async () => {
    const store = new MemoryStore();
    const { adapter, platform } = tagPlatform();
    const first = echoBot(adapter, { store }).agent;
    const second = echoBot(adapter, { store }).agent;
    await send(first, mention('u9', 'one'));
    await send(second, mention('u9', 'two'));
    expect(platform.reads).toBe(1);
  });

  it('forgets the cached answer when a handler adds a tag by hand (it may be the escalation tag)', async () => {
    const { adapter, platform, tag } = tagPlatform();
    const agent = new VirtualAgent({ adapter, logger: silentLogger });
    agent.on('message_created', async (ctx) => {
      if (ctx.message.text === 'tag me') await ctx.tag(tag);
      else await ctx.reply(`echo ${ctx.message.text}`);
    });
    await send(agent, mention('u10', 'hello'));
    await send(agent, mention('u10', 'tag me'));
    await send(agent, mention('u10', 'now silent?'));
    expect(platform.replies).toEqual(['echo hello']);
  });
});
