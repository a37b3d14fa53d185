// A click delivered as each platform delivers it: Chatwoot updates the bot's input_select message with
// submitted_values (a card's postback button sends nothing from the widget), Messenger sends a message with
// quick_reply for a quick reply and a postback for a button, WhatsApp an interactive button_reply or list_reply
// naming the message answered, Sunshine a text message with the payload for a reply action and a postback for a
// postback button, LiveChat a rich message postback with the rich message's event id.
import { describe, expect, it } from 'vitest';
import { VirtualAgent, silentLogger } from '../../src/index.js';
import type { Adapter } from '../../src/core/adapter.js';
import { emulationOptionsOf } from '../../src/adapters/kit/emulation-options.js';
import { signedDelivery, testConversation, type EmulatorOptions, type TestConversation } from '../../src/testing/index.js';
import { PLATFORMS } from './platforms.js';

interface Seen {
  text?: string;
  quickReply?: string;
  postback?: string;
}

const adapterOf = (name: string): Adapter<unknown> => (PLATFORMS.find((p) => p.name === name) as (typeof PLATFORMS)[number]).adapter();
const CARD = { title: 'Plan A', actions: [{ type: 'postback' as const, text: 'Pick plan A', payload: 'PLAN_A' }] };

/** A bot that offers quick replies on "options", a card on "card", many quick replies on "many"; it records what it saw. */
async function conversation(name: string): Promise<{ t: TestConversation; seen: Seen[] }> {
  const agent = new VirtualAgent({ adapter: adapterOf(name), logger: silentLogger });
  const seen: Seen[] = [];
  agent.on(['message_created', 'message_updated'], async (ctx) => {
    const { message } = ctx;
    if (message.sender.role !== 'contact') return;
    seen.push({
      ...(message.text === undefined ? {} : { text: message.text }),
      ...(message.quickReply === undefined ? {} : { quickReply: message.quickReply.value }),
      ...(message.postback === undefined ? {} : { postback: message.postback.payload }),
    });
    if (message.text === 'options') await ctx.reply({ text: 'Continue?', quickReplies: [{ title: 'Yes', value: 'yes' }, { title: 'No' }] });
    if (message.text === 'card') await ctx.reply({ cards: [CARD] });
    if (message.text === 'many') {
      await ctx.reply({ text: 'Pick a day', quickReplies: ['Mon', 'Tue', 'Wed', 'Thu'].map((day) => ({ title: day, value: day.toUpperCase() })) });
    }
  });
  return { t: await testConversation(agent), seen };
}

const body = (t: TestConversation): Record<string, unknown> =>
  JSON.parse(
    t
      .timeline()
      .filter((e) => e.who === 'contact')
      .at(-1)?.payload ?? '{}',
  );

describe('clicks as the platforms deliver them', () => {
  it('Chatwoot: an update of the bot input_select message with submitted_values; a card postback sends nothing', async () => {
    const { t, seen } = await conversation('chatwoot');
    try {
      await t.contactSays('options');
      const question = t.actions().at(-1);
      expect(question).toMatchObject({ type: 'reply', text: 'Continue?', choices: ['Yes', 'No'] });
      await t.clickButton('Yes');
      const delivered = body(t) as { event: string; id: number; content: string; content_attributes: { items: unknown[]; submitted_values: unknown[] } };
      expect(delivered.event).toBe('message_updated');
      // The update is of the bot's own message, not a new one from the contact.
      expect(delivered).toMatchObject({ message_type: 'outgoing', content_type: 'input_select' });
      expect(delivered.content).toBe('Continue?');
      expect(delivered.content_attributes.items).toHaveLength(2);
      expect(delivered.content_attributes.submitted_values).toEqual([{ title: 'Yes', value: 'yes' }]);
      expect(seen.at(-1)?.quickReply).toBe('yes');

      await t.contactSays('card');
      expect(t.actions().at(-1)?.choices).toEqual(['Pick plan A']);
      expect(await t.clickButton('Pick plan A')).toEqual([]);
      expect(t.timeline().at(-1)).toMatchObject({ who: 'contact', what: 'choice', text: 'Pick plan A' });
      expect(t.timeline().at(-1)?.status).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('Messenger: message.quick_reply for a quick reply, a postback for a button', async () => {
    const { t, seen } = await conversation('messenger');
    try {
      await t.contactSays('options');
      await t.clickButton('Yes');
      const quick = body(t) as { entry: { messaging: { message?: { text: string; quick_reply: { payload: string } } }[] }[] };
      expect(quick.entry[0]?.messaging[0]?.message).toMatchObject({ text: 'Yes', quick_reply: { payload: 'yes' } });
      expect(seen.at(-1)).toMatchObject({ text: 'Yes', quickReply: 'yes' });

      await t.contactSays('card');
      await t.clickButton('Pick plan A');
      const postback = body(t) as { entry: { messaging: { postback?: { title: string; payload: string }; message?: unknown }[] }[] };
      expect(postback.entry[0]?.messaging[0]?.postback).toMatchObject({ title: 'Pick plan A', payload: 'PLAN_A' });
      expect(postback.entry[0]?.messaging[0]?.message).toBeUndefined();
      expect(seen.at(-1)?.postback).toBe('PLAN_A');
      // An explicit kind wins for a hand-built click.
      await t.clickButton({ title: 'Other', payload: 'OTHER', kind: 'button' });
      expect(seen.at(-1)?.postback).toBe('OTHER');
    } finally {
      await t.close();
    }
  });

  it('WhatsApp: interactive button_reply for reply buttons, list_reply for list rows, with the context message', async () => {
    const { t, seen } = await conversation('whatsapp');
    try {
      await t.contactSays('options');
      await t.clickButton('Yes');
      type Inbound = { entry: { changes: { value: { messages: { context?: { id: string }; interactive: Record<string, unknown> }[] } }[] }[] };
      const button = (body(t) as Inbound).entry[0]?.changes[0]?.value.messages[0];
      expect(button?.interactive).toEqual({ type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } });
      expect(button?.context?.id).toMatch(/^wamid\./);
      expect(seen.at(-1)).toMatchObject({ text: 'Yes', postback: 'yes' });

      await t.contactSays('many');
      await t.clickButton('Wed');
      const row = (body(t) as Inbound).entry[0]?.changes[0]?.value.messages[0];
      expect(row?.interactive).toMatchObject({ type: 'list_reply', list_reply: { id: 'WED', title: 'Wed' } });
      expect(seen.at(-1)?.postback).toBe('WED');
    } finally {
      await t.close();
    }
  });

  it('Sunshine: a text message with the payload for a reply action, a conversation:postback for a postback button', async () => {
    const { t, seen } = await conversation('sunshine');
    try {
      await t.contactSays('options');
      await t.clickButton('Yes');
      type Envelope = { events: { type: string; payload: { message?: { content: unknown }; postback?: { payload: string } } }[] };
      const reply = (body(t) as Envelope).events[0];
      expect(reply?.type).toBe('conversation:message');
      expect(reply?.payload.message?.content).toEqual({ type: 'text', text: 'Yes', payload: 'yes' });
      expect(seen.at(-1)).toMatchObject({ text: 'Yes', quickReply: 'yes' });

      await t.contactSays('card');
      await t.clickButton('Pick plan A');
      const postback = (body(t) as Envelope).events[0];
      expect(postback?.type).toBe('conversation:postback');
      expect(postback?.payload.postback?.payload).toBe('PLAN_A');
      expect(seen.at(-1)?.postback).toBe('PLAN_A');
    } finally {
      await t.close();
    }
  });

  it('LiveChat: a rich message postback of the button, naming the rich message event', async () => {
    const { t, seen } = await conversation('livechat');
    try {
      await t.contactSays('options');
      const sent = t.actions().find((a) => a.type === 'reply');
      await t.clickButton('Yes');
      const delivered = body(t) as { action: string; payload: { event_id: string; postback: { id: string } } };
      expect(delivered.action).toBe('incoming_rich_message_postback');
      expect(delivered.payload.postback.id).toBe('yes');
      expect(delivered.payload.event_id).toMatch(/^EV_/);
      expect(sent?.choices).toEqual(['Yes', 'No']);
      expect(seen.at(-1)?.quickReply).toBe('yes');
    } finally {
      await t.close();
    }
  });
});

describe('signedDelivery of a choice with a kind', () => {
  it('builds a Messenger postback for a button and a quick_reply message for a quick reply, both accepted', async () => {
    const adapter = adapterOf('messenger');
    const options = emulationOptionsOf(adapter) as EmulatorOptions<'messenger'>;
    const agent = new VirtualAgent({ adapter, logger: silentLogger });
    const seen: string[] = [];
    agent.on('message_created', (ctx) => void seen.push(`${ctx.message.postback?.payload ?? '-'}:${ctx.message.quickReply?.value ?? '-'}`));
    const button = signedDelivery('messenger', { type: 'choice', title: 'Go', payload: 'GO', kind: 'button' }, options);
    expect(JSON.parse(String(button.body)).entry[0].messaging[0].postback).toMatchObject({ title: 'Go', payload: 'GO' });
    const quick = signedDelivery('messenger', { type: 'choice', title: 'Go', payload: 'GO' }, options);
    expect(JSON.parse(String(quick.body)).entry[0].messaging[0].message.quick_reply).toEqual({ payload: 'GO' });
    expect((await agent.receive(button, { ackTimeoutMs: false })).status).toBe(200);
    expect((await agent.receive(quick, { ackTimeoutMs: false })).status).toBe(200);
    expect(seen).toEqual(['GO:-', '-:GO']);
  });
});
