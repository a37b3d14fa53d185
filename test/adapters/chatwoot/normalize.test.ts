import { describe, expect, it } from 'vitest';
import { digestOf } from '../../../src/crypto/digest.js';
import { normalizeChatwoot, OWNER_BY_STATUS, toChatwootMessage } from '../../../src/adapters/chatwoot/index.js';
import { HandoffkitError, PayloadError, type NormalizedEvent } from '../../../src/index.js';
import { agentMessage, conversation, legacy, message, type Payload, selectAnswer, T0, widget } from './support.js';

function only(body: unknown, options?: Parameters<typeof normalizeChatwoot>[1]): NormalizedEvent {
  const events = normalizeChatwoot(body, options);
  expect(events).toHaveLength(1);
  return events[0] as NormalizedEvent;
}

function payloadError(body: unknown): PayloadError {
  try {
    normalizeChatwoot(body);
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError);
    expect(error).toBeInstanceOf(HandoffkitError);
    return error as PayloadError;
  }
  throw new Error('normalizeChatwoot accepted the payload');
}

/** Every id-like field of a normalized event, with its path. */
function idFields(value: unknown, path = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null || value instanceof Date) return [];
  const found: [string, unknown][] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'raw') continue;
    const at = path ? `${path}.${key}` : key;
    if (key === 'id' || key.endsWith('Id')) found.push([at, inner]);
    found.push(...idFields(inner, at));
  }
  return found;
}

const ms = (seconds: number): number => seconds * 1000;

describe('normalizeChatwoot: Chatwoot documented samples (2021 shape)', () => {
  it('message_created from the docs', () => {
    const body = legacy.messageCreated();
    expect(only(body)).toEqual({
      name: 'message_created',
      type: 'message_created',
      idempotencyKey: 'message_created:118:2021-07-23T18:02:48.000Z',
      conversationId: '10',
      message: {
        id: '118',
        text: 'hi',
        attachments: [],
        sender: { role: 'contact', id: '14', name: 'little-haze-776' },
        private: false,
        contentType: 'text',
        createdAt: new Date('2021-07-23T18:02:48.000Z'),
      },
      contact: { id: '14', name: 'little-haze-776', attributes: {} },
      conversation: { status: 'open' },
      ownership: { owner: 'human', status: 'open', at: ms(1627063369) },
      raw: body,
    });
  });

  it('conversation_status_changed from the docs', () => {
    const body = legacy.statusChanged();
    expect(only(body)).toEqual({
      name: 'handed_off',
      type: 'conversation_status_changed',
      idempotencyKey: expect.stringMatching(/^conversation_status_changed:10:h\w+:open$/) as unknown as string,
      conversationId: '10',
      contact: { id: '12', name: 'jane', email: 'jane@acme.inc', attributes: {} },
      conversation: { status: 'open' },
      ownership: { owner: 'human', status: 'open', at: ms(1627063369) },
      raw: body,
    });
  });
});

describe('normalizeChatwoot: message_created (2026 shape)', () => {
  it('an incoming contact message, every field', () => {
    const body = message();
    expect(only(body)).toEqual({
      name: 'message_created',
      type: 'message_created',
      idempotencyKey: 'message_created:4012:2026-03-02T10:15:30.118Z',
      conversationId: '42',
      message: {
        id: '4012',
        text: 'Where is my order?',
        attachments: [],
        sender: { role: 'contact', id: '77', name: 'Ana Souza' },
        private: false,
        contentType: 'text',
        createdAt: new Date('2026-03-02T10:15:30.118Z'),
      },
      contact: {
        id: '77',
        name: 'Ana Souza',
        email: 'ana@example.com',
        phone: '+5511999990000',
        attributes: { customer_since: '2024' },
      },
      conversation: { status: 'pending', labels: ['vip', 'orders'], attributes: { order_id: 'A-1009' } },
      ownership: { owner: 'bot', status: 'pending', at: ms(T0) },
      raw: body,
    });
  });

  const own = (id: string): boolean => id === '4012';
  it.each([
    { label: 'incoming (string)', messageType: 'incoming', senderType: undefined, isOwn: false, role: 'contact' },
    { label: 'incoming (0)', messageType: 0, senderType: undefined, isOwn: false, role: 'contact' },
    { label: "incoming, even if the id were known as the bot's", messageType: 0, senderType: undefined, isOwn: true, role: 'contact' },
    { label: 'outgoing (string), no sender.type', messageType: 'outgoing', senderType: undefined, isOwn: false, role: 'agent' },
    { label: 'outgoing (1), no sender.type', messageType: 1, senderType: undefined, isOwn: false, role: 'agent' },
    { label: 'outgoing, sender.type user', messageType: 'outgoing', senderType: 'user', isOwn: false, role: 'agent' },
    { label: 'outgoing, id the bot created', messageType: 'outgoing', senderType: undefined, isOwn: true, role: 'bot' },
    { label: 'outgoing (1), id the bot created', messageType: 1, senderType: undefined, isOwn: true, role: 'bot' },
    { label: 'outgoing, sender.type agent_bot', messageType: 'outgoing', senderType: 'agent_bot', isOwn: false, role: 'bot' },
    { label: 'outgoing, sender.type AgentBot', messageType: 1, senderType: 'AgentBot', isOwn: false, role: 'bot' },
    { label: 'activity (string)', messageType: 'activity', senderType: undefined, isOwn: false, role: 'system' },
    { label: 'activity (2)', messageType: 2, senderType: undefined, isOwn: false, role: 'system' },
    { label: 'template (string)', messageType: 'template', senderType: undefined, isOwn: false, role: 'system' },
    { label: 'template (3)', messageType: 3, senderType: undefined, isOwn: false, role: 'system' },
  ])('sender role: $label → $role', ({ messageType, senderType, isOwn, role }) => {
    const sender: Payload = { id: 9, name: 'Someone' };
    if (senderType !== undefined) sender.type = senderType;
    const event = only(message({ messageType, sender }), isOwn ? { isOwnMessage: own } : {});
    expect(event.name).toBe('message_created');
    expect(event.message?.sender.role).toBe(role);
    expect(event.message?.private).toBe(false);
    // The contact comes from the conversation, whoever wrote the message.
    expect(event.contact?.id).toBe('77');
  });

  it('asks isOwnMessage with the message id as a string', () => {
    const asked: unknown[] = [];
    only(agentMessage({ id: 5150 }), { isOwnMessage: (id) => (asked.push(id), false) });
    expect(asked).toEqual(['5150']);
  });

  it('an activity message has no sender', () => {
    const event = only(message({ messageType: 'activity', sender: null, content: 'Conversation was marked open by Bruno' }));
    expect(event.message?.sender).toEqual({ role: 'system' });
    expect(event.message?.text).toBe('Conversation was marked open by Bruno');
  });

  it('a private note is an agent message marked private', () => {
    const event = only(agentMessage({ private: true, content: 'Customer is a VIP, be nice' }));
    expect(event.message).toMatchObject({ private: true, text: 'Customer is a VIP, be nice', sender: { role: 'agent', id: '9', name: 'Bruno' } });
  });

  it('attachments: type, url, thumbnail, size, file name', () => {
    const event = only(
      message({
        content: null,
        attachments: [
          {
            id: 311,
            message_id: 4012,
            file_type: 'image',
            account_id: 3,
            extension: null,
            data_url: 'https://chat.example.test/rails/active_storage/blobs/redirect/eyJfcmFpbHMi/order%20photo.png',
            thumb_url: 'https://chat.example.test/rails/active_storage/representations/redirect/eyJfcmFpbHMi/order%20photo.png',
            file_size: 48213,
            width: 800,
            height: 600,
          },
          {
            id: 312,
            message_id: 4012,
            file_type: 'file',
            account_id: 3,
            extension: 'pdf',
            data_url: 'https://chat.example.test/rails/active_storage/blobs/redirect/eyJfcmFpbHMi/invoice.pdf?disposition=attachment',
            thumb_url: '',
            file_size: 1024,
          },
          {
            id: 313,
            message_id: 4012,
            file_type: 'location',
            account_id: 3,
            data_url: '',
            thumb_url: '',
            coordinates_lat: -23.56,
            coordinates_long: -46.65,
            fallback_title: 'Av. Paulista',
          },
        ],
      }),
    );
    expect(event.message?.text).toBeUndefined();
    expect(event.message?.attachments).toEqual([
      {
        id: '311',
        type: 'image',
        url: 'https://chat.example.test/rails/active_storage/blobs/redirect/eyJfcmFpbHMi/order%20photo.png',
        name: 'order photo.png',
        thumbnailUrl: 'https://chat.example.test/rails/active_storage/representations/redirect/eyJfcmFpbHMi/order%20photo.png',
        size: 48213,
      },
      {
        id: '312',
        type: 'file',
        url: 'https://chat.example.test/rails/active_storage/blobs/redirect/eyJfcmFpbHMi/invoice.pdf?disposition=attachment',
        name: 'invoice.pdf',
        size: 1024,
      },
      { id: '313', type: 'location' },
    ]);
  });

  it('takes the contact from the sender of an incoming message when the conversation has no meta', () => {
    const body = message();
    delete body.conversation.meta;
    const event = only(body);
    expect(event.contact).toEqual({ id: '77', name: 'Ana Souza', email: 'ana@example.com', phone: '+5511999990000', attributes: { customer_since: '2024' } });
  });

  it('falls back on contact_inbox.contact_id for an agent message without meta', () => {
    const body = agentMessage();
    delete body.conversation.meta;
    expect(only(body).contact).toEqual({ id: '77', attributes: {} });
  });
});

describe('normalizeChatwoot: message_updated (the contact answered)', () => {
  it('input_select: submitted_values [{ title, value }]', () => {
    const body = selectAnswer();
    const event = only(body);
    expect(event).toMatchObject({
      name: 'message_updated',
      type: 'message_updated',
      conversationId: '42',
      message: {
        id: '4013',
        text: 'What can I do for you?',
        contentType: 'input_select',
        private: false,
        submitted: [{ title: 'Track an order', value: 'track' }],
        // The answer is the contact's, though the updated message is the bot's.
        sender: { role: 'contact', id: '77', name: 'Ana Souza' },
      },
      contact: { id: '77', name: 'Ana Souza' },
      ownership: { owner: 'bot', status: 'pending', at: ms(1772446540.5521) },
    });
    expect(event.idempotencyKey).toMatch(/^message_updated:4013:/);
  });

  it('a tapped quick reply reads as it was sent: quickReplies [{ title, value }] → ctx.message.quickReply.value', async () => {
    // The bot sent `quickReplies: [{ title: 'Track an order', value: 'track' }]` (an input_select); the contact tapped it.
    const sent = toChatwootMessage({ text: 'What can I do for you?', quickReplies: [{ title: 'Track an order', value: 'track' }] });
    expect(sent.content_attributes).toEqual({ items: [{ title: 'Track an order', value: 'track' }] });
    const event = only(selectAnswer());
    expect(event.message?.quickReply?.value).toBe('track');
    // The old name, kept as a deprecated alias.
    expect(event.message?.quickReply?.payload).toBe('track');
    // A form answer is not a quick reply.
    const form = only(selectAnswer({ contentType: 'form', contentAttributes: { submitted_values: [{ name: 'email', value: 'a@b.test' }] } }));
    expect(form.message?.quickReply).toBeUndefined();
  });

  it('form: submitted_values [{ name, value }]', () => {
    const event = only(
      selectAnswer({
        contentType: 'form',
        contentAttributes: {
          items: [
            { name: 'email', type: 'email', label: 'Email' },
            { name: 'order', type: 'text', label: 'Order number' },
          ],
          submitted_values: [
            { name: 'email', value: 'ana@example.com' },
            { name: 'order', value: 'A-1009' },
          ],
        },
      }),
    );
    expect(event.message?.sender.role).toBe('contact');
    expect(event.message?.submitted).toEqual([
      { name: 'email', value: 'ana@example.com' },
      { name: 'order', value: 'A-1009' },
    ]);
  });

  it('input_email: submitted_email', () => {
    const body = selectAnswer({ contentType: 'input_email', contentAttributes: { submitted_email: 'ana@example.com' } });
    body.message_type = 3;
    body.content = 'Get notified by email';
    const event = only(body);
    expect(event.message).toMatchObject({
      sender: { role: 'contact', id: '77' },
      submitted: [{ name: 'email', value: 'ana@example.com' }],
      contentType: 'input_email',
    });
  });

  it('input_csat: submitted_values is an object, not a list', () => {
    const body = selectAnswer({
      contentType: 'input_csat',
      contentAttributes: { submitted_values: { csat_survey_response: { rating: 5, feedback_message: 'Quick and kind' } } },
    });
    body.message_type = 'template';
    body.content = 'Please rate the conversation';
    const event = only(body);
    expect(event.message?.sender.role).toBe('contact');
    expect(event.message?.submitted).toEqual([
      { name: 'rating', value: '5' },
      { name: 'feedback_message', value: 'Quick and kind' },
    ]);
  });

  it('an update without an answer keeps the author (an agent edited their message)', () => {
    const body = agentMessage({ event: 'message_updated', content: 'Edited text' });
    const event = only(body);
    expect(event.name).toBe('message_updated');
    expect(event.message?.sender.role).toBe('agent');
    expect(event.message?.submitted).toBeUndefined();
  });
});

describe('normalizeChatwoot: webwidget_triggered', () => {
  it('with a current conversation', () => {
    const body = widget();
    const event = only(body);
    expect(event).toMatchObject({
      name: 'widget_triggered',
      type: 'webwidget_triggered',
      conversationId: '42',
      contact: { id: '77', name: 'Ana Souza', email: 'ana@example.com', phone: '+5511999990000', locale: 'pt-BR', attributes: {} },
      conversation: { status: 'pending', labels: [], attributes: {} },
      ownership: { owner: 'bot', status: 'pending', at: ms(1772446498.204117) },
    });
    expect(event.message).toBeUndefined();
  });

  it('with current_conversation: null, the contact is the lane, and the contact inbox is where to create the conversation', () => {
    const body = widget({ conversation: null });
    const event = only(body);
    expect(event).toEqual({
      name: 'widget_triggered',
      type: 'webwidget_triggered',
      idempotencyKey: expect.stringMatching(/^webwidget_triggered:91:/) as unknown as string,
      conversationId: 'contact:77',
      contact: { id: '77', name: 'Ana Souza', email: 'ana@example.com', phone: '+5511999990000', locale: 'pt-BR', attributes: {} },
      target: { widget: { sourceId: '8c0f1a2e-4b7d-4d0e-9a55-3f2f4b6c1e90', inboxId: '5', contactId: '77' } },
      raw: body,
    });
  });

  it('falls back on the browser language', () => {
    const body = widget();
    body.event_info.widget_language = null;
    expect(only(body).contact?.locale).toBe('pt');
  });
});

describe('normalizeChatwoot: conversation events', () => {
  it.each([
    {
      label: 'conversation_created, pending',
      shape: { event: 'conversation_created', status: 'pending', noChanges: true },
      name: 'conversation_started',
      owner: 'bot',
      from: undefined,
    },
    {
      label: 'conversation_created, open (no bot in the inbox)',
      shape: { event: 'conversation_created', status: 'open', noChanges: true },
      name: 'conversation_started',
      owner: 'human',
      from: undefined,
    },
    {
      label: 'conversation_opened',
      shape: { event: 'conversation_opened', status: 'open', noChanges: true },
      name: 'handed_off',
      owner: 'human',
      from: undefined,
    },
    {
      label: 'conversation_resolved',
      shape: { event: 'conversation_resolved', status: 'resolved', noChanges: true },
      name: 'conversation_resolved',
      owner: 'none',
      from: undefined,
    },
    { label: 'status_changed pending → open', shape: { status: 'open', previous: 'pending' }, name: 'handed_off', owner: 'human', from: 'bot' },
    { label: 'status_changed → open, no changed_attributes', shape: { status: 'open' }, name: 'handed_off', owner: 'human', from: undefined },
    { label: 'status_changed open → snoozed', shape: { status: 'snoozed', previous: 'open' }, name: 'handed_off', owner: 'human', from: 'human' },
    { label: 'status_changed open → pending', shape: { status: 'pending', previous: 'open' }, name: 'handed_back', owner: 'bot', from: 'human' },
    { label: 'status_changed → pending, no changed_attributes', shape: { status: 'pending' }, name: 'handed_back', owner: 'bot', from: undefined },
    { label: 'status_changed open → resolved', shape: { status: 'resolved', previous: 'open' }, name: 'conversation_resolved', owner: 'none', from: 'human' },
    {
      label: 'status_changed resolved → pending (reopened to the bot)',
      shape: { status: 'pending', previous: 'resolved' },
      name: 'handed_back',
      owner: 'bot',
      from: 'none',
    },
    {
      label: 'conversation_updated with a status change',
      shape: { event: 'conversation_updated', status: 'open', previous: 'pending' },
      name: 'platform_event',
      owner: 'human',
      from: 'bot',
    },
    {
      label: 'conversation_updated without changes',
      shape: { event: 'conversation_updated', status: 'pending', noChanges: true },
      name: 'platform_event',
      owner: 'bot',
      from: undefined,
    },
  ] as const)('$label → $name', ({ shape, name, owner, from }) => {
    const body = conversation({ ...shape });
    const event = only(body);
    expect(event.name).toBe(name);
    expect(event.type).toBe(shape.event ?? 'conversation_status_changed');
    expect(event.conversationId).toBe('42');
    expect(event.ownership).toEqual({ owner, status: shape.status, at: ms(1772446600.731905) });
    expect(event.conversation).toEqual({ status: shape.status, labels: ['vip', 'orders'], attributes: { order_id: 'A-1009' } });
    expect(event.contact).toEqual({ id: '77', name: 'Ana Souza', email: 'ana@example.com', phone: '+5511999990000', attributes: {} });
    expect(event.handoff).toEqual(from === undefined ? undefined : { from });
    expect(event.message).toBeUndefined();
    expect(OWNER_BY_STATUS[shape.status]).toBe(owner);
  });

  it('conversation_updated of other attributes (labels) stays a platform event', () => {
    const body = conversation({ event: 'conversation_updated', status: 'pending', noChanges: true });
    body.changed_attributes = [{ label_list: { previous_value: [], current_value: ['vip'] } }];
    const event = only(body);
    expect(event.name).toBe('platform_event');
    expect(event.handoff).toBeUndefined();
  });

  it('an unknown status says nothing about the owner', () => {
    const event = only(conversation({ status: 'archived', previous: 'open' }));
    expect(event.name).toBe('platform_event');
    expect(event.ownership).toBeUndefined();
    expect(event.conversation?.status).toBe('archived');
  });

  it('a status named like an Object.prototype key is not a known status', () => {
    const event = only(conversation({ status: 'constructor', previous: 'toString' }));
    expect(event.name).toBe('platform_event');
    expect(event.ownership).toBeUndefined();
    expect(event.handoff).toBeUndefined();
  });
});

describe('normalizeChatwoot: ownership time', () => {
  it('from conversation.updated_at (float seconds)', () => {
    expect(only(message({ updatedAt: 1772446999.5 })).ownership?.at).toBe(1772446999500);
  });

  it('from conversation.timestamp when updated_at is missing', () => {
    const body = message();
    delete body.conversation.updated_at;
    expect(only(body).ownership?.at).toBe(ms(1772446530));
  });

  it('from an ISO string', () => {
    const body = conversation({ status: 'open' });
    body.updated_at = '2026-03-02T10:16:40.731Z';
    expect(only(body).ownership?.at).toBe(Date.parse('2026-03-02T10:16:40.731Z'));
  });

  it('none when the payload has no time', () => {
    const body = conversation({ status: 'open' });
    delete body.updated_at;
    delete body.timestamp;
    const event = only(body);
    expect(event.ownership).toEqual({ owner: 'human', status: 'open' });
  });
});

describe('normalizeChatwoot: hostile values in signed bodies', () => {
  it('an attachment URL with a malformed % escape keeps its raw file name instead of throwing', () => {
    const event = only(message({ attachments: [{ id: 1, file_type: 'file', data_url: 'https://x.test/rails/blobs/report%E0%A4%A.pdf', thumb_url: '' }] }));
    expect(event.message?.attachments[0]).toMatchObject({ url: 'https://x.test/rails/blobs/report%E0%A4%A.pdf', name: 'report%E0%A4%A.pdf' });
  });
});

describe('normalizeChatwoot: other events', () => {
  it('an unknown event becomes a platform event of its conversation', () => {
    const body = { event: 'conversation_typing_on', conversation: { id: 42, status: 'pending' }, user: { id: 9, name: 'Bruno' }, is_private: false };
    const event = only(body, { digest: () => 'signed-digest' });
    expect(event).toEqual({
      name: 'platform_event',
      type: 'conversation_typing_on',
      idempotencyKey: 'conversation_typing_on:42:signed-digest',
      conversationId: '42',
      raw: body,
    });
  });

  it('an unknown event without any id still parses', () => {
    const event = only({ event: 'account_settings_changed', changes: { locale: 'fr' } });
    expect(event.name).toBe('platform_event');
    expect(event.type).toBe('account_settings_changed');
    expect(typeof event.idempotencyKey).toBe('string');
  });
});

describe('normalizeChatwoot: ids are strings', () => {
  const bodies: [string, Payload][] = [
    ['legacy message_created', legacy.messageCreated()],
    ['legacy conversation_status_changed', legacy.statusChanged()],
    ['message_created', message()],
    ['agent message', agentMessage()],
    ['attachment', message({ attachments: [{ id: 1, file_type: 'image', data_url: 'https://x.test/a.png', thumb_url: '', file_size: 3 }] })],
    ['message_updated', selectAnswer()],
    ['webwidget_triggered', widget()],
    ['webwidget_triggered, no conversation', widget({ conversation: null })],
    ['conversation_status_changed', conversation({ status: 'open', previous: 'pending' })],
    ['unknown event', { event: 'conversation_typing_on', conversation: { id: 42 } }],
  ];
  it.each(bodies)('%s', (_label, body) => {
    const event = only(body);
    const ids = idFields(event);
    expect(ids.length).toBeGreaterThan(0);
    for (const [path, value] of ids) expect({ path, type: typeof value }).toEqual({ path, type: 'string' });
  });
});

describe('normalizeChatwoot: idempotency keys', () => {
  /** The key of a body as the adapter builds it from the signed bytes, signed at `signedAt` (unix seconds) when given. */
  const key = (body: unknown, signedAt?: string): string => {
    const bytes = JSON.stringify(body);
    const digest = (scope: 'body' | 'delivery'): string => digestOf(scope === 'delivery' && signedAt !== undefined ? [`${signedAt}.`, bytes] : [bytes]);
    return only(structuredClone(body), { digest }).idempotencyKey;
  };

  it.each<[string, Payload]>([
    ['legacy message_created', legacy.messageCreated()],
    ['legacy conversation_status_changed', legacy.statusChanged()],
    ['message_created', message()],
    ['message_updated', selectAnswer()],
    ['webwidget_triggered', widget()],
    ['webwidget_triggered, no conversation', widget({ conversation: null })],
    ['conversation_status_changed', conversation({ status: 'open', previous: 'pending' })],
  ])('a repeated %s has the same key, even signed at another time', (_label, body) => {
    expect(key(body)).toBe(key(body));
    expect(key(body, '1772446600')).toBe(key(body, '1772446600'));
    // Two bots of one server (or a retry) get one event signed at two times: still one event.
    expect(key(body, '1772446600')).toBe(key(body, '1772446603'));
  });

  it('differs for different messages', () => {
    expect(key(message({ id: 1 }))).not.toBe(key(message({ id: 2 })));
  });

  it('differs between the creation and an update of one message', () => {
    expect(key(message({ id: 7 }))).not.toBe(key(message({ id: 7, event: 'message_updated' })));
  });

  it('differs for different answers to one message', () => {
    const a = selectAnswer({ contentAttributes: { submitted_values: [{ title: 'Track an order', value: 'track' }] } });
    const b = selectAnswer({ contentAttributes: { submitted_values: [{ title: 'Talk to a person', value: 'human' }] } });
    expect(key(a)).not.toBe(key(b));
  });

  it('differs for different contents of one updated message', () => {
    expect(key(agentMessage({ event: 'message_updated', content: 'v1' }))).not.toBe(key(agentMessage({ event: 'message_updated', content: 'v2' })));
  });

  it('differs for status changes at different times, and for different statuses', () => {
    const open = conversation({ status: 'open', previous: 'pending', updatedAt: 1772446600.1 });
    expect(key(open)).not.toBe(key(conversation({ status: 'open', previous: 'pending', updatedAt: 1772446700.2 })));
    expect(key(open)).not.toBe(key(conversation({ status: 'pending', previous: 'open', updatedAt: 1772446600.1 })));
    expect(key(open)).not.toBe(key({ ...open, event: 'conversation_opened' }));
  });

  it('older servers (no updated_at): two changes to one status differ, a repeat does not', () => {
    // open → pending → open: `timestamp` (the last activity) has not moved, the activity message has.
    const first = legacy.statusChanged();
    const again = legacy.statusChanged();
    again.messages = [{ id: 131, content: 'Conversation was marked open by John', message_type: 2, created_at: 1627063500 }];
    expect(first.updated_at).toBeUndefined();
    expect(key(first)).not.toBe(key(again));
    expect(key(first, '1772446600')).toBe(key(legacy.statusChanged(), '1772446603'));
  });

  it('differs for two openings of the widget', () => {
    const first = widget({ initiatedAt: 'Mon Mar 02 2026 11:14:58 GMT+0100' });
    const second = widget({ initiatedAt: 'Mon Mar 02 2026 11:31:07 GMT+0100' });
    expect(key(first)).not.toBe(key(second));
    const noConversation = (at: string): Payload => ({ ...widget({ conversation: null }), event_info: { initiated_at: { timestamp: at } } });
    expect(key(noConversation('Mon Mar 02 2026 11:14:58 GMT+0100'))).not.toBe(key(noConversation('Mon Mar 02 2026 11:31:07 GMT+0100')));
  });

  it('tells widget openings apart by the signed timestamp when the widget sends no time', () => {
    const body = widget({ conversation: null, initiatedAt: null });
    expect(key(body, '1772446600')).not.toBe(key(body, '1772446660'));
    expect(key(body, '1772446600')).toBe(key(body, '1772446600'));
  });

  it('keys unknown events by their signed content, whatever the time they were signed at', () => {
    const a = { event: 'conversation_typing_on', conversation: { id: 42 } };
    expect(key(a, '1772446600')).toBe(key(a, '1772446603'));
    expect(key(a)).toBe(key(a));
    expect(key(a)).not.toBe(key({ ...a, event: 'conversation_typing_off' }));
    expect(key(a)).not.toBe(key({ ...a, conversation: { id: 43 } }));
  });
});

describe('normalizeChatwoot: bad payloads are E_PAYLOAD naming the field', () => {
  const withoutConversationId = message();
  delete withoutConversationId.conversation.id;
  const withoutConversation = message();
  delete withoutConversation.conversation;
  const withoutMessageId = message();
  delete withoutMessageId.id;
  const widgetWithoutContact = widget();
  delete widgetWithoutContact.contact;
  const widgetContactWithoutId = widget();
  delete widgetContactWithoutId.contact.id;
  const statusWithoutId = conversation({ status: 'open' });
  delete statusWithoutId.id;
  const senderWithoutId = message();
  delete senderWithoutId.conversation.meta.sender.id;

  it.each<[string, unknown, string]>([
    ['a body without event', { id: 4012, content: 'hi' }, 'event'],
    ['a numeric event', { event: 42 }, 'event'],
    ['a null body', null, '(body)'],
    ['an array body', [message()], '(body)'],
    ['a string body', 'message_created', '(body)'],
    ['message_created without conversation', withoutConversation, 'conversation'],
    ['message_created without conversation.id', withoutConversationId, 'conversation.id'],
    ['conversation.id null', message({ conversationId: null as unknown as number }), 'conversation.id'],
    ['conversation.id empty', message({ conversationId: '' as unknown as number }), 'conversation.id'],
    ['message without id', withoutMessageId, 'id'],
    ['message_type a boolean', message({ messageType: true as unknown as number }), 'message_type'],
    ['message_type an unknown word', message({ messageType: 'sideways' }), 'message_type'],
    ['private a string', message({ private: 'false' as unknown as boolean }), 'private'],
    ['content a number', message({ content: 42 as unknown as string }), 'content'],
    ['attachments an object', message({ attachments: {} as unknown as Payload[] }), 'attachments'],
    ['attachment file_size a string', message({ attachments: [{ id: 1, file_type: 'file', file_size: '12kb' }] }), 'attachments.0.file_size'],
    ['conversation.labels a string', message({ labels: 'vip' as unknown as string[] }), 'conversation.labels'],
    ['conversation.status a number', message({ status: 1 as unknown as string }), 'conversation.status'],
    ['conversation.updated_at a boolean', message({ updatedAt: true as unknown as number }), 'conversation.updated_at'],
    ['meta.sender without id', senderWithoutId, 'conversation.meta.sender.id'],
    [
      'a submitted value with a numeric title',
      selectAnswer({ contentAttributes: { submitted_values: [{ title: 5, value: 'x' }] } }),
      'content_attributes.submitted_values.0.title',
    ],
    [
      'a submitted value that is not an object',
      selectAnswer({ contentAttributes: { submitted_values: [{ title: 'a', value: 'a' }, 'b'] } }),
      'content_attributes.submitted_values.1',
    ],
    ['submitted_values a string', selectAnswer({ contentAttributes: { submitted_values: 'track' } }), 'content_attributes.submitted_values'],
    ['submitted_email a number', selectAnswer({ contentAttributes: { submitted_email: 7 } }), 'content_attributes.submitted_email'],
    ['webwidget_triggered without contact', widgetWithoutContact, 'contact'],
    ['webwidget_triggered contact without id', widgetContactWithoutId, 'contact.id'],
    ['conversation_status_changed without id', statusWithoutId, 'id'],
    ['changed_attributes a string', { ...conversation({ status: 'open' }), changed_attributes: 'status' }, 'changed_attributes'],
  ])('%s', (_label, body, field) => {
    const error = payloadError(body);
    expect(error.code).toBe('E_PAYLOAD');
    expect(error.field).toBe(field);
    expect(error.message).toContain(`"${field}"`);
  });

  it('says what was expected and what came', () => {
    expect(payloadError(withoutConversationId).message).toMatch(/conversation\.id.*missing/);
    // A server too old to send the conversation's id is told so, with the oldest shape the adapter accepts.
    expect(payloadError(withoutConversationId).message).toMatch(/mid-2021 shape of Chatwoot's webhook docs.*too old.*upgrade Chatwoot/);
    expect(payloadError(message({ private: 'false' as unknown as boolean })).message).toMatch(/must be a boolean, got the string "false"/);
    expect(payloadError({ id: 1 }).message).toMatch(/"event" must be a string, it is missing/);
  });
});
