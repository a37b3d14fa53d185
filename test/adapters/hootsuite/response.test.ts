import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messageTag } from '../../../src/adapters/hootsuite/index.js';
import type { Context } from '../../../src/index.js';
import documented from '../../fixtures/hootsuite/webhook_response.documented-example.json' with { type: 'json' };
import { deliver, fakeHootsuite, inbound, makeAgent } from './support.js';
import { handoffkitRejection } from '../../helpers/rejections.js';

// Every action here goes into the webhook answer: the stand-in API must see no call at all.
const api = fakeHootsuite();
const server = setupServer(...api.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  expect(api.state.summary()).toEqual([]);
  api.state.reset();
});
afterAll(() => server.close());

/** Runs `handler` on one inbound message and resolves with what it recorded and the answer. */
async function run(handler: (ctx: Context<'message_created'>) => Promise<void>) {
  const agent = makeAgent();
  agent.on('message_created', handler);
  return deliver(agent, inbound({ conversationId: 'conv-answer' }));
}

/** The code and message of the error `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const { code, message } = await handoffkitRejection(promise);
  return { code, message };
}

describe('actions in the webhook answer: one ConversationManipulation', () => {
  it('answers exactly the documented example for a reply with an attachment, a topic, a message tag, an attribute and a handover', async () => {
    const agent = makeAgent();
    agent.on('message_created', async (ctx) => {
      await ctx.reply({ text: 'Hi! How can I help you?', platformFields: { attachment: 'funny_cat.gif' } });
      await ctx.tag('Hotel Reservation', messageTag('Happy'));
      await ctx.setAttributes({ account_number: '19758293529351' });
      await ctx.escalate();
    });
    const answer = await deliver(agent, inbound());
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(JSON.stringify(documented));
  });

  it('answers two replies as sendMessages, with a topic, an attribute and the handover, in the documented shape', async () => {
    const answer = await run(async (ctx) => {
      await ctx.reply('Hi! How can I help you?');
      await ctx.reply('Let me get you a colleague.');
      await ctx.tag('Hotel Reservation');
      await ctx.setAttributes({ account_number: '19758293529351' });
      await ctx.escalate();
    });
    const { sendMessage: _one, applyTags: _tags, ...rest } = documented;
    const expected = {
      sendMessages: [{ text: 'Hi! How can I help you?' }, { text: 'Let me get you a colleague.' }],
      ...rest,
    };
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(JSON.stringify(expected));
    expect(answer.body).toEqual({
      sendMessages: [{ text: 'Hi! How can I help you?' }, { text: 'Let me get you a colleague.' }],
      applyTopics: ['Hotel Reservation'],
      setContactAttributes: { account_number: '19758293529351' },
      complete: 'HANDOVER',
    });
  });

  it('merges repeated helpers: topics without repeats (any case), attributes merged, the last typing state', async () => {
    const answer = await run(async (ctx) => {
      await ctx.typing();
      await ctx.tag('Billing', 'Refund');
      await ctx.tag('billing', 'VIP');
      await ctx.setAttributes({ plan: 'gold', account_number: 1975 });
      await ctx.setAttributes({ plan: 'platinum', renewed: true, skipped: undefined });
      await ctx.reply('Done.');
      await ctx.typing(false);
    });
    expect(answer.body).toEqual({
      indicateTyping: 'STOP',
      sendMessage: { text: 'Done.' },
      applyTopics: ['Billing', 'Refund', 'VIP'],
      setContactAttributes: { plan: 'platinum', account_number: '1975', renewed: 'true' },
    });
  });

  it('escalate({ note }) adds a conversation note; a private reply is a note too; resolve completes RESOLVED', async () => {
    const handover = await run(async (ctx) => {
      await ctx.reply({ text: 'Contact asked about invoice 42.', private: true });
      await ctx.escalate({ reason: 'asked for a human', note: 'VIP customer, be quick' });
    });
    expect(handover.body).toEqual({
      applyConversationNotes: [{ text: 'Contact asked about invoice 42.' }, { text: 'VIP customer, be quick' }],
      complete: 'HANDOVER',
    });
    const resolved = await run(async (ctx) => {
      await ctx.reply('Glad I could help. Bye!');
      await ctx.resolve();
    });
    expect(resolved.body).toEqual({ sendMessage: { text: 'Glad I could help. Bye!' }, complete: 'RESOLVED' });
  });

  it('escalate({ summary, note }) writes the summary then the note as the conversation note, cut to 5,000 characters with a marker', async () => {
    const answer = await run(async (ctx) => {
      await ctx.escalate({ reason: 'refund', summary: 'Invoice 42 was charged twice.', note: 'VIP' });
    });
    expect(answer.body).toEqual({ applyConversationNotes: [{ text: 'Invoice 42 was charged twice.\n\nVIP' }], complete: 'HANDOVER' });
    const long = await run(async (ctx) => {
      await ctx.escalate({ summary: 'n'.repeat(9_000) });
    });
    const text = (long.body as { applyConversationNotes: { text: string }[] }).applyConversationNotes[0]?.text ?? '';
    expect(text).toHaveLength(5_000);
    expect(text.endsWith('n […]')).toBe(true);
  });

  it('escalate({ reason }) without a note writes the reason as the note', async () => {
    const answer = await run(async (ctx) => {
      await ctx.escalate({ reason: 'asked for a human' });
    });
    expect(answer.body).toEqual({ applyConversationNotes: [{ text: 'Handed over by the virtual agent: asked for a human' }], complete: 'HANDOVER' });
  });
});

describe('after complete, the bot no longer acts', () => {
  it('a second complete in the same answer throws E_NOT_OWNER; the answer keeps the first', async () => {
    const errors: { code: string; message: string }[] = [];
    const answer = await run(async (ctx) => {
      await ctx.resolve();
      errors.push(await rejection(ctx.escalate({ note: 'too late' })));
      errors.push(await rejection(ctx.resolve()));
    });
    expect(errors.map((e) => e.code)).toEqual(['E_NOT_OWNER', 'E_NOT_OWNER']);
    expect(errors[0]!.message).toMatch(/Refusing escalate\(\) in conversation conv-answer: the bot resolved it \(complete: RESOLVED\)/);
    expect(answer.body).toEqual({ complete: 'RESOLVED' });
  });

  it('after resolve, every helper rejects with E_NOT_OWNER without calling the API', async () => {
    const codes: Record<string, string> = {};
    const answer = await run(async (ctx) => {
      await ctx.reply('Bye!');
      await ctx.resolve();
      codes.reply = (await rejection(ctx.reply('one more thing'))).code;
      codes.tag = (await rejection(ctx.tag('Late'))).code;
      codes.typing = (await rejection(ctx.typing())).code;
      codes.setAttributes = (await rejection(ctx.setAttributes({ late: 'yes' }))).code;
      codes.note = (await rejection(ctx.reply({ text: 'note', private: true }))).code;
    });
    expect(codes).toEqual({ reply: 'E_NOT_OWNER', tag: 'E_NOT_OWNER', typing: 'E_NOT_OWNER', setAttributes: 'E_NOT_OWNER', note: 'E_NOT_OWNER' });
    expect(answer.body).toEqual({ sendMessage: { text: 'Bye!' }, complete: 'RESOLVED' });
  });

  it('after a handover, reply is refused even with { force: true }', async () => {
    let error: { code: string; message: string } | undefined;
    const answer = await run(async (ctx) => {
      await ctx.escalate();
      error = await rejection(ctx.reply('still here', { force: true }));
    });
    expect(error?.code).toBe('E_NOT_OWNER');
    expect(error?.message).toMatch(/handed it over to humans \(complete: HANDOVER\)/);
    expect(answer.body).toEqual({ complete: 'HANDOVER' });
  });
});

describe('helpers Hootsuite has not', () => {
  it('untag and handBack are E_UNSUPPORTED, and capabilities say so', async () => {
    const agent = makeAgent();
    expect(agent.adapter.capabilities).toEqual(['reply', 'tag', 'resolve', 'escalate', 'typing', 'setAttributes']);
    const errors: { code: string; message: string }[] = [];
    agent.on('message_created', async (ctx) => {
      errors.push(await rejection(ctx.untag('Billing')));
      errors.push(await rejection(ctx.handBack()));
    });
    await deliver(agent, inbound());
    expect(errors.map((e) => e.code)).toEqual(['E_UNSUPPORTED', 'E_UNSUPPORTED']);
    expect(errors[0]!.message).toMatch(/hootsuite adapter does not support untag\(\)/);
    expect(errors[1]!.message).toMatch(/hootsuite adapter does not support handBack\(\)/);
  });

  it('interactive replies, escalate({ to }) and bad attribute names are refused with the reason', async () => {
    const errors: { code: string; message: string }[] = [];
    const answer = await run(async (ctx) => {
      errors.push(await rejection(ctx.reply({ text: 'Pick one', quickReplies: [{ title: 'A' }] })));
      errors.push(await rejection(ctx.escalate({ to: { team: 3 } })));
      errors.push(await rejection(ctx.setAttributes({ 'first name': 'Jo' })));
      errors.push(await rejection(ctx.setAttributes({ profile: { nested: true } })));
      errors.push(await rejection(ctx.reply({})));
    });
    expect(errors.map((e) => e.code)).toEqual(['E_UNSUPPORTED', 'E_UNSUPPORTED', 'E_PAYLOAD', 'E_PAYLOAD', 'E_PAYLOAD']);
    expect(errors[0]!.message).toMatch(/no quickReplies/);
    expect(errors[1]!.message).toMatch(/HANDOVER follows the admin's rule/);
    expect(errors[2]!.message).toMatch(/"first name" is not a Hootsuite attribute alias/);
    expect(errors[3]!.message).toMatch(/value of "profile" must be a string/);
    expect(answer.body).toEqual({});
  });
});

describe('the fail-safe inside the webhook', () => {
  it('a handler that throws hands over in the same answer, with a note saying why', async () => {
    const answer = await run(async (ctx) => {
      await ctx.reply('Let me check…');
      throw new Error('the order service is down');
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      sendMessage: { text: 'Let me check…' },
      applyConversationNotes: [{ text: 'Handed over by the virtual agent: a message_created handler failed' }],
      complete: 'HANDOVER',
    });
  });
});
