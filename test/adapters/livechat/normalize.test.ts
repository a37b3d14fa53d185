import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeLiveChat } from '../../../src/adapters/livechat/index.js';
import type { NormalizedEvent } from '../../../src/index.js';
import { AGENT_ID, BOT_ID, CUSTOMER_ID, envelope, incomingChat, incomingMessage, type Payload, sample, SAMPLES, transferred, v36 } from './support.js';

const normalize = (body: unknown): NormalizedEvent[] => normalizeLiveChat(body, { botId: BOT_ID, digest: () => 'D' });

/** The facts of an event a row asserts (what the core acts on). */
const facts = (event: NormalizedEvent) => ({
  name: event.name,
  type: event.type,
  conversationId: event.conversationId,
  key: event.idempotencyKey,
  owner: event.ownership?.owner,
  role: event.message?.sender.role,
  text: event.message?.text,
});

interface Row {
  sample: string;
  expected: ReturnType<typeof facts>[];
}

// Every sample (API v3.4, as LiveChat's SDK fixtures have them): what each becomes.
const ROWS: Row[] = [
  {
    sample: 'incoming_chat',
    expected: [
      // Routed to a human agent (the sample's agent), not the bot: humans own it.
      {
        name: 'conversation_started',
        type: 'incoming_chat',
        conversationId: 'PS0X0L086G',
        key: 'chat:PS0X0L086G:PZ070E0W1B',
        owner: 'human',
        role: undefined,
        text: undefined,
      },
      {
        name: 'message_created',
        type: 'incoming_chat',
        conversationId: 'PS0X0L086G',
        key: 'event:PS0X0L086G:PZ070E0W1B_1',
        owner: undefined,
        role: 'contact',
        text: undefined,
      },
      {
        name: 'message_created',
        type: 'incoming_chat',
        conversationId: 'PS0X0L086G',
        key: 'event:PS0X0L086G:PZ070E0W1B_2',
        owner: undefined,
        role: 'agent',
        text: 'Hello. How may I help you?',
      },
    ],
  },
  {
    sample: 'incoming_event',
    expected: [
      {
        name: 'message_created',
        type: 'incoming_event',
        conversationId: 'PS0X0L086G',
        key: 'event:PS0X0L086G:PZ070E0W1B_3',
        owner: undefined,
        role: 'contact',
        text: '14',
      },
    ],
  },
  {
    sample: 'incoming_rich_message_postback',
    expected: [
      {
        name: 'message_created',
        type: 'incoming_rich_message_postback',
        conversationId: 'PJ0MRSHTDG',
        key: 'postback:PJ0MRSHTDG:a0c22fdd-fb71-40b5-bfc6-a8a0bc3117f7:action_yes:true:b7eff798-f8df-4364-8059-649c35c9ed0c',
        owner: undefined,
        role: 'contact',
        text: undefined,
      },
    ],
  },
  {
    sample: 'chat_transferred',
    expected: [
      { name: 'handed_off', type: 'chat_transferred', conversationId: 'PJ0MRSHTDG', key: 'transferred:D', owner: 'human', role: undefined, text: undefined },
    ],
  },
  {
    sample: 'chat_deactivated',
    expected: [
      {
        name: 'conversation_resolved',
        type: 'chat_deactivated',
        conversationId: 'PS0X0L086G',
        key: 'deactivated:PS0X0L086G:PZ070E0W1B',
        owner: 'none',
        role: undefined,
        text: undefined,
      },
    ],
  },
  // A customer added: no change of owner, onAny only.
  {
    sample: 'user_added_to_chat',
    expected: [
      { name: 'platform_event', type: 'user_added_to_chat', conversationId: 'PJ0MRSHTDG', key: 'added:D', owner: undefined, role: undefined, text: undefined },
    ],
  },
  {
    sample: 'user_removed_from_chat',
    expected: [
      {
        name: 'platform_event',
        type: 'user_removed_from_chat',
        conversationId: 'PJ0MRSHTDG',
        key: 'removed:D',
        owner: undefined,
        role: undefined,
        text: undefined,
      },
    ],
  },
  {
    sample: 'chat_access_updated',
    expected: [
      {
        name: 'platform_event',
        type: 'chat_access_updated',
        conversationId: 'PJ0MRSHTDX',
        key: 'chat_access_updated:D',
        owner: undefined,
        role: undefined,
        text: undefined,
      },
    ],
  },
  {
    sample: 'event_updated',
    expected: [
      {
        name: 'platform_event',
        type: 'event_updated',
        conversationId: '123-123-123-123',
        key: 'event_updated:D',
        owner: undefined,
        role: undefined,
        text: undefined,
      },
    ],
  },
  {
    sample: 'thread_summary_set',
    expected: [
      {
        name: 'platform_event',
        type: 'thread_summary_set',
        conversationId: 'T30I2OAV50',
        key: 'thread_summary_set:D',
        owner: undefined,
        role: undefined,
        text: undefined,
      },
    ],
  },
  // About an agent, not a chat: onAny handlers see it without a conversation.
  {
    sample: 'routing_status_set',
    expected: [
      {
        name: 'contact_event',
        type: 'routing_status_set',
        conversationId: '',
        key: 'routing_status_set:D',
        owner: undefined,
        role: undefined,
        text: undefined,
      },
    ],
  },
];

describe('livechat normalization: every sample (v3.4) and its v3.6 shape', () => {
  it('covers every sample file', () => {
    const files = readdirSync(SAMPLES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(ROWS.map((r) => r.sample).sort()).toEqual(files.sort());
  });

  it.each(ROWS)('$sample (v3.4 sample)', ({ sample: name, expected }) => {
    expect(normalize(sample(name)).map(facts)).toEqual(expected);
  });

  it.each(ROWS)('$sample (v3.6: organization_id)', ({ sample: name, expected }) => {
    const events = normalize(v36(name));
    expect(events.map(facts)).toEqual(expected);
    for (const event of events) expect((event.raw as Payload).organization_id).toBe('1a8a9ec7-bd5d-4400-9204-3826740981e0');
  });
});

describe('livechat normalization: details', () => {
  it('incoming_chat routed to the bot: the bot owns it, the customer is the contact, the bot greeting is the bot', () => {
    const [started, form, greeting] = normalize(incomingChat());
    expect(started).toMatchObject({
      name: 'conversation_started',
      ownership: { owner: 'bot' },
      contact: { id: CUSTOMER_ID, name: 'test', email: 'test@test.pl' },
      target: { threadId: 'PZ070E0W1B' },
    });
    expect(form?.message).toMatchObject({
      contentType: 'filled_form',
      sender: { role: 'contact', id: CUSTOMER_ID },
      submitted: [
        { name: 'Name:', value: 'rewrew' },
        { name: 'E-mail:', value: '' },
      ],
    });
    expect(greeting?.message?.sender).toEqual({ role: 'bot', id: BOT_ID });
  });

  it.each([
    ['the customer', CUSTOMER_ID, 'contact'],
    ['the bot', BOT_ID, 'bot'],
    ['a human agent', AGENT_ID, 'agent'],
    ['another bot', 'ffffffffffffffffffffffffffffffff', 'agent'],
  ])('incoming_event by %s → sender.role %s', (_, author, role) => {
    expect(normalize(incomingMessage('hi', author))[0]?.message?.sender).toEqual({ role, id: author });
  });

  it('a message visible to agents only (v3.6 visibility, v3.4 recipients) is private', () => {
    expect(normalize(incomingMessage('note', AGENT_ID, { visibility: 'agents' }))[0]?.message?.private).toBe(true);
    const old = sample('incoming_event');
    old.payload.event.recipients = 'agents';
    expect(normalize(old)[0]?.message?.private).toBe(true);
    expect(normalize(incomingMessage('hi'))[0]?.message?.private).toBe(false);
  });

  it('a file event → an attachment', () => {
    const body = envelope('incoming_event', {
      chat_id: 'C1',
      thread_id: 'T1',
      event: {
        id: 'T1_4',
        type: 'file',
        author_id: CUSTOMER_ID,
        name: 'cat.png',
        url: 'https://cdn.livechat-files.com/api/file/cat.png',
        thumbnail_url: 'https://cdn.livechat-files.com/t/cat.png',
        content_type: 'image/png',
        size: 1234,
        visibility: 'all',
      },
    });
    expect(normalize(body)[0]?.message).toMatchObject({
      text: undefined,
      contentType: 'file',
      attachments: [
        {
          type: 'image',
          url: 'https://cdn.livechat-files.com/api/file/cat.png',
          thumbnailUrl: 'https://cdn.livechat-files.com/t/cat.png',
          name: 'cat.png',
          size: 1234,
        },
      ],
    });
  });

  it('a rich message postback → postback and quickReply with the button id', () => {
    const [event] = normalize(v36('incoming_rich_message_postback'));
    expect(event?.message).toMatchObject({
      postback: { payload: 'action_yes' },
      quickReply: { value: 'action_yes' },
      replyTo: 'a0c22fdd-fb71-40b5-bfc6-a8a0bc3117f7',
    });
  });

  it('chat_transferred to the bot → handed_back (bot); elsewhere → handed_off (human) with the reason', () => {
    expect(normalize(transferred({ agent_ids: [BOT_ID], group_ids: [1] }))[0]).toMatchObject({
      name: 'handed_back',
      ownership: { owner: 'bot' },
      handoff: { reason: 'manual', requestedBy: AGENT_ID },
    });
    expect(normalize(transferred({ group_ids: [2] }))[0]).toMatchObject({ name: 'handed_off', ownership: { owner: 'human' } });
  });

  it('user_added_to_chat: the bot → handed_back; a human agent → handed_off', () => {
    const added = (user: Payload, userType: string) =>
      envelope('user_added_to_chat', { chat_id: 'C1', thread_id: 'T1', user, user_type: userType, reason: 'manual' });
    expect(normalize(added({ id: BOT_ID, type: 'agent' }, 'agent'))[0]).toMatchObject({ name: 'handed_back', ownership: { owner: 'bot' } });
    expect(normalize(added({ id: AGENT_ID, type: 'agent' }, 'agent'))[0]).toMatchObject({ name: 'handed_off', ownership: { owner: 'human' } });
  });
});
