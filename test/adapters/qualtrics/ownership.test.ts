import { describe, expect, it, vi } from 'vitest';
import type { VirtualAgent } from '../../../src/index.js';
import {
  ACCESS_TOKEN,
  ACCOUNT_ID,
  AUTHOR_ID,
  CONTACT_PATH,
  TOPIC_ID,
  deliver,
  deliverOk,
  expectNoSecrets,
  expectRejection,
  fakeEngagor,
  makeAgent,
  mention,
} from './support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

const { state, handlers } = fakeEngagor();
serveStandIn(handlers, state);

const TAG = 'Escalated to agent';
const CONTACT_KEY = `twitter/${AUTHOR_ID}`;

/** An echo bot that escalates on "human", logging every event it sees with the owner at that time. */
function echoBot(agent: VirtualAgent) {
  const log: string[] = [];
  const standby: string[] = [];
  agent.onAny((ctx) => void log.push(`${ctx.name}:${ctx.conversation?.owner}`));
  agent.on('message_created', async (ctx) => {
    if (/human/.test(ctx.message.text ?? '')) return ctx.escalate({ reason: 'asked for a human' });
    await ctx.reply(`echo ${ctx.message.text}`);
  });
  agent.on('message_created', (ctx) => void standby.push(`${ctx.conversation?.owner}:${ctx.message.text}`), { standby: true });
  return { log, standby };
}

const published = () => state.calls.filter((c) => c.method === 'POST' && c.path === `/${ACCOUNT_ID}/publisher/add`).map((c) => c.form?.message);

describe('qualtrics: ownership by escalation tag on the contact (whole cycle, msw)', () => {
  it('untagged → bot replies; escalate adds the tag; tagged → silent, standby sees it; tag removed → handed_back, then the bot answers', async () => {
    const agent = makeAgent({ profiles: { twitter: '900100' } });
    const { log, standby } = echoBot(agent);

    // 1. Untagged contact: the bot owns the conversation and answers.
    await deliverOk(agent, mention({ text: 'hello', type: 'privatemessage' }));
    expect(published()).toEqual(['echo hello']);
    const read = state.calls[0]!;
    expect(read).toMatchObject({ method: 'GET', path: CONTACT_PATH, query: { topic_ids: TOPIC_ID }, authorization: `Bearer ${ACCESS_TOKEN}` });

    // 2. The contact asks for a human: escalate adds the tag to the contact — this exact call.
    state.calls.length = 0;
    await deliverOk(agent, mention({ text: 'a human please', type: 'privatemessage' }));
    expect(state.calls).toHaveLength(1); // the bot-owned answer was cached: no read, one write
    const escalation = state.calls[0]!;
    expect(escalation.method).toBe('POST');
    expect(escalation.path).toBe(CONTACT_PATH);
    expect(escalation.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(escalation.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(escalation.form).toEqual({
      updates: JSON.stringify({ tags: [TAG] }),
      options: JSON.stringify({ tags_edit_mode: 'add' }),
      topic_ids: TOPIC_ID,
    });
    expect(state.tags.get(CONTACT_KEY)).toEqual([TAG]);

    // 3. Tagged: the bot stays silent; standby handlers still see the messages. The tags are read every time.
    state.calls.length = 0;
    await deliverOk(agent, mention({ text: 'still there?', type: 'privatemessage' }));
    await deliverOk(agent, mention({ text: 'anyone?', type: 'privatemessage' }));
    expect(state.summary()).toEqual([`GET /inbox/contact/twitter/${AUTHOR_ID}`, `GET /inbox/contact/twitter/${AUTHOR_ID}`]);
    expect(published()).toEqual([]);

    // 4. An agent removes the tag in Social Connect; the next message shows it: handed_back, then the message.
    state.tags.set(CONTACT_KEY, []);
    state.calls.length = 0;
    await deliverOk(agent, mention({ text: 'back to the bot', type: 'privatemessage' }));
    expect(published()).toEqual(['echo back to the bot']);

    expect(log).toEqual([
      'message_created:bot',
      'message_created:bot',
      'handed_off:human',
      'message_created:human',
      'message_created:human',
      'handed_back:bot',
      'message_created:bot',
    ]);
    expect(standby).toEqual(['bot:hello', 'human:a human please', 'human:still there?', 'human:anyone?', 'bot:back to the bot']);
  });

  it('sees the tag an agent added in Social Connect, in any case, and hands off before the message', async () => {
    const agent = makeAgent({ profiles: { twitter: '900100' } });
    const { log } = echoBot(agent);
    state.tags.set(CONTACT_KEY, ['vip', 'ESCALATED to AGENT']);
    await deliverOk(agent, mention({ text: 'hi' }));
    expect(published()).toEqual([]);
    // The conversation was unknown: the first signal sets the owner without a lifecycle event.
    expect(log).toEqual(['message_created:human']);
  });

  it("does not take the mention's own tags for the contact's", async () => {
    const agent = makeAgent({ profiles: { twitter: '900100' } });
    echoBot(agent);
    const payload = mention({ text: 'hi' });
    payload.tags = [TAG]; // a mention tag, not a contact tag
    await deliverOk(agent, payload);
    expect(state.calls[0]).toMatchObject({ method: 'GET', path: CONTACT_PATH });
    expect(published()).toEqual(['echo hi']);
  });

  it('handBack removes the tag in the spelling the contact carries, and the bot owns the conversation again', async () => {
    const agent = makeAgent({ profiles: { twitter: '900100' } });
    const log: string[] = [];
    agent.onAny((ctx) => void log.push(`${ctx.name}:${ctx.conversation?.owner}`));
    agent.on('message_created', (ctx) => (/back/.test(ctx.message.text ?? '') ? ctx.handBack() : undefined), { standby: true });
    state.tags.set(CONTACT_KEY, ['vip', 'escalated TO agent']);

    await deliverOk(agent, mention({ text: 'give me back to the bot' }));
    const write = state.calls.find((c) => c.method === 'POST')!;
    expect(write.path).toBe(CONTACT_PATH);
    expect(write.form).toEqual({
      updates: JSON.stringify({ tags: ['escalated TO agent'] }),
      options: JSON.stringify({ tags_edit_mode: 'delete' }),
      topic_ids: TOPIC_ID,
    });
    expect(state.tags.get(CONTACT_KEY)).toEqual(['vip']);
    expect(log).toEqual(['message_created:human', 'handed_back:bot']);
  });

  it('answers 503 when the tags cannot be read, so the recipe redelivers the message, which is then handled', async () => {
    const logged: string[] = [];
    const agent = makeAgent({ profiles: { twitter: '900100' } }, { logger: { warn: () => undefined, error: (m) => void logged.push(m) } });
    echoBot(agent);
    state.respond = (call) =>
      call.method === 'GET' && call.path === CONTACT_PATH
        ? Response.json({ code: 500, error: 'internal_server_error', error_description: 'Contact store unavailable' }, { status: 500 })
        : undefined;
    const payload = mention({ text: 'are you there?' });
    // The answer carries a fixed sentence (never the platform's text); the cause goes to the log.
    await expectRejection(await deliver(agent, payload), 503, 'E_PLATFORM_API', /deliver this again later/);
    expect(logged.join(' ')).toMatch(/Contact store unavailable/);
    expect(logged.join(' ')).toContain(AUTHOR_ID);
    expect(published()).toEqual([]);

    state.respond = undefined;
    await deliverOk(agent, payload);
    expect(published()).toEqual(['echo are you there?']);
  });

  it('takes a contact the API does not know (404) for one without tags', async () => {
    const agent = makeAgent({ profiles: { twitter: '900100' } });
    echoBot(agent);
    state.respond = (call) =>
      call.method === 'GET' ? Response.json({ code: 404, error: 'not_found', error_description: 'Contact not found' }, { status: 404 }) : undefined;
    await deliverOk(agent, mention({ text: 'first contact' }));
    expect(published()).toEqual(['echo first contact']);
  });

  it("handles the message as the bot's, with a warning, under onTagReadError: 'assume-bot'", async () => {
    const warn = vi.fn();
    const agent = makeAgent({ profiles: { twitter: '900100' }, onTagReadError: 'assume-bot' }, { logger: { warn, error: () => undefined } });
    echoBot(agent);
    state.respond = (call) =>
      call.method === 'GET'
        ? Response.json({ code: 403, error: 'no_permission', error_description: 'Missing scope accounts_read' }, { status: 403 })
        : undefined;
    await deliverOk(agent, mention({ text: 'hi' }));
    expect(published()).toEqual(['echo hi']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('handling the message as the bot'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Missing scope accounts_read'));
    expectNoSecrets(warn.mock.calls);
  });

  it('reads WhatsApp contacts with their topic, and keeps conversations of two contacts apart', async () => {
    const agent = makeAgent({ profiles: { whatsapp: '3225550100', twitter: '900100' } });
    echoBot(agent);
    state.tags.set('whatsapp/32470000001', [TAG]);
    await deliverOk(agent, mention({ text: 'hola', service: 'whatsapp', authorId: '32470000001', topicId: 777 }));
    await deliverOk(agent, mention({ text: 'hi' }));
    expect(state.calls[0]).toMatchObject({ method: 'GET', path: `/${ACCOUNT_ID}/inbox/contact/whatsapp/32470000001`, query: { topic_ids: '777' } });
    expect(published()).toEqual(['echo hi']);
  });
});

describe("qualtrics: mode 'handover'", () => {
  it('escalates with POST and hands back with DELETE on the handover endpoint, reading no tags', async () => {
    const agent = makeAgent({ mode: 'handover', profiles: { whatsapp: '3225550100' } });
    const log: string[] = [];
    agent.onAny((ctx) => void log.push(`${ctx.name}:${ctx.conversation?.owner}`));
    agent.on(
      'message_created',
      async (ctx) => {
        if (/human/.test(ctx.message.text ?? '')) return ctx.escalate();
        if (/bot/.test(ctx.message.text ?? '')) return ctx.handBack();
        await ctx.reply(`echo ${ctx.message.text}`);
      },
      { standby: true },
    );
    const contact = { service: 'whatsapp', authorId: '32470000001', topicId: 777 };

    await deliverOk(agent, mention({ text: 'hi', ...contact }));
    await deliverOk(agent, mention({ text: 'a human', ...contact }));
    await deliverOk(agent, mention({ text: 'the bot again', ...contact }));
    expect(state.summary()).toEqual(['POST /publisher/add', 'POST /inbox/handover/whatsapp/32470000001', 'DELETE /inbox/handover/whatsapp/32470000001']);
    const [, escalate, handBack] = state.calls;
    expect(escalate!.form).toBeUndefined();
    expect(handBack!.form).toBeUndefined();
    expect(escalate!.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    // No signal tells the owner of a new conversation in this mode: it starts as 'none' (the bot may answer), and the
    // core emits no handed_off for none → human. The hand-back, human → bot, emits handed_back.
    expect(log).toEqual(['message_created:none', 'message_created:none', 'message_created:human', 'handed_back:bot']);
  });

  it('has no tag ownership: the adapter sets none', async () => {
    const { qualtrics } = await import('../../../src/adapters/qualtrics/index.js');
    expect(qualtrics({ accountId: 1, accessToken: 't', clientSecret: false, mode: 'handover' }).ownership).toBeUndefined();
    expect(qualtrics({ accountId: 1, accessToken: 't', clientSecret: false }).ownership).toMatchObject({ kind: 'contact-tag', tags: { tag: TAG } });
  });
});
