import { describe, expect, it } from 'vitest';
import { PayloadError, type NormalizedEvent } from '../../../src/index.js';
import { normalizeMessenger } from '../../../src/adapters/messenger/index.js';
import passSample from '../../fixtures/messenger/pass_thread_control.messaging-item.json' with { type: 'json' };
import standbySample from '../../fixtures/messenger/standby.envelope.json' with { type: 'json' };
import { APP_ID, INBOX_APP_ID, PAGE_ID, entry, page } from './support.js';

const PSID = '1254477777772919';
const T = 1_458_692_752_478;

/** The parts of an event a row asserts (everything but `raw` and `occurredAt`, and the contact only by id). */
function view(event: NormalizedEvent): Record<string, unknown> {
  const { raw: _raw, occurredAt: _at, contact, ...rest } = event;
  return { ...rest, ...(contact === undefined ? {} : { contact: contact.id }) };
}

function one(item: unknown, lane: 'messaging' | 'standby' = 'messaging', appId = APP_ID): Record<string, unknown>[] {
  const batch = normalizeMessenger(page({ id: PAGE_ID, time: T, [lane]: [item] }), { appId });
  expect(batch.errors).toEqual([]);
  return batch.events.map(view);
}

const base = { sender: { id: PSID }, recipient: { id: PAGE_ID }, timestamp: T };
const contact = { role: 'contact', id: PSID };

describe('normalizeMessenger: the samples', () => {
  it.each([
    ['naming this app: handed_back, the bot owns the thread', '123456789', { name: 'handed_back', owner: 'bot' }],
    ['naming another app: handed_off, a human owns the thread', APP_ID, { name: 'handed_off', owner: 'human' }],
  ])('pass_thread_control sample %s', (_title, appId, expected) => {
    const events = one(passSample, 'messaging', appId);
    expect(events).toEqual([
      {
        name: expected.name,
        type: 'pass_thread_control',
        idempotencyKey: `pass_thread_control:<PSID>:${T}:123456789`,
        conversationId: '<PSID>',
        contact: '<PSID>',
        ownership: { owner: expected.owner, at: T },
        // The sample's previous owner is a placeholder: an app other than this one, so a human's.
        handoff: { from: 'human', reason: 'Additional content that the caller wants to set' },
      },
    ]);
  });

  it('standby envelope sample: an item of a thread another app controls, owned by a human, for onAny only', () => {
    const batch = normalizeMessenger(standbySample, { appId: APP_ID });
    expect(batch.errors).toEqual([]);
    expect(batch.events.map(view)).toEqual([
      {
        name: 'platform_event',
        type: 'unknown',
        idempotencyKey: expect.stringMatching(/^unknown:<USER_ID>:h\w+:1458692752478$/),
        conversationId: '<USER_ID>',
        contact: '<USER_ID>',
        // The item has no timestamp: the entry's time orders it.
        ownership: { owner: 'human', at: T },
      },
    ]);
    expect(batch.events[0]?.raw).toEqual(standbySample.entry[0]?.standby[0]);
  });
});

describe('normalizeMessenger: one item of each kind (documented shapes)', () => {
  const rows: Array<[string, unknown, 'messaging' | 'standby', Record<string, unknown>[]]> = [
    [
      'a text message',
      { ...base, message: { mid: 'm_1', text: 'hello' } },
      'messaging',
      [
        {
          name: 'message_created',
          type: 'message',
          idempotencyKey: 'message:m_1',
          conversationId: PSID,
          contact: PSID,
          ownership: { owner: 'bot', at: T },
          message: { id: 'm_1', text: 'hello', attachments: [], sender: contact, private: false, createdAt: new Date(T) },
        },
      ],
    ],
    [
      'a quick-reply answer that replies to a message',
      { ...base, message: { mid: 'm_2', text: 'Red', quick_reply: { payload: 'PICK_RED' }, reply_to: { mid: 'm_0' } } },
      'messaging',
      [
        expect.objectContaining({
          name: 'message_created',
          message: {
            id: 'm_2',
            text: 'Red',
            attachments: [],
            sender: contact,
            private: false,
            quickReply: { value: 'PICK_RED', payload: 'PICK_RED' },
            replyTo: 'm_0',
            createdAt: new Date(T),
          },
        }),
      ],
    ],
    [
      'attachments: image, location, shared link (fallback), sticker',
      {
        ...base,
        message: {
          mid: 'm_3',
          attachments: [
            { type: 'image', payload: { url: 'https://cdn.example/a.jpg' } },
            // As Meta sends a shared location: the coordinates in the payload, a title and a map link beside it.
            {
              type: 'location',
              title: 'Pinned Location',
              url: 'https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.bing.com%2Fmaps%2Fdefault.aspx%3Fv%3D2%26pc%3DFACEBK%26mid%3D8100%26where1%3D52.3765533%252C%2B4.8871498',
              payload: { coordinates: { lat: 52.3765533, long: 4.8871498 } },
            },
            { type: 'fallback', payload: null, title: 'A page', URL: 'https://example.com/page' },
            { type: 'image', payload: { url: 'https://cdn.example/like.png', sticker_id: 369239263222822 } },
          ],
        },
      },
      'messaging',
      [
        expect.objectContaining({
          message: expect.objectContaining({
            text: undefined,
            attachments: [
              { type: 'image', url: 'https://cdn.example/a.jpg' },
              {
                type: 'location',
                lat: 52.3765533,
                long: 4.8871498,
                title: 'Pinned Location',
                url: 'https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.bing.com%2Fmaps%2Fdefault.aspx%3Fv%3D2%26pc%3DFACEBK%26mid%3D8100%26where1%3D52.3765533%252C%2B4.8871498',
              },
              { type: 'fallback', url: 'https://example.com/page', name: 'A page' },
              { type: 'image', url: 'https://cdn.example/like.png' },
            ],
          }),
        }),
      ],
    ],
    [
      "the bot's own echo (app id as a number): the contact is the recipient, the sender the bot",
      { sender: { id: PAGE_ID }, recipient: { id: PSID }, timestamp: T, message: { is_echo: true, app_id: Number(APP_ID), mid: 'm_4', text: 'Hi!' } },
      'messaging',
      [
        {
          name: 'message_created',
          type: 'message_echo',
          idempotencyKey: 'message:m_4',
          conversationId: PSID,
          contact: PSID,
          ownership: { owner: 'bot', at: T },
          message: { id: 'm_4', text: 'Hi!', attachments: [], sender: { role: 'bot', id: APP_ID }, private: false, createdAt: new Date(T) },
        },
      ],
    ],
    [
      "a human's echo from the Page Inbox, on standby",
      { sender: { id: PAGE_ID }, recipient: { id: PSID }, timestamp: T, message: { is_echo: true, app_id: INBOX_APP_ID, mid: 'm_5', text: 'Alice here' } },
      'standby',
      [
        expect.objectContaining({
          type: 'message_echo',
          conversationId: PSID,
          ownership: { owner: 'human', at: T },
          message: expect.objectContaining({ sender: { role: 'agent', id: INBOX_APP_ID } }),
        }),
      ],
    ],
    [
      'a postback with its mid',
      { ...base, postback: { mid: 'm_6', title: 'Track my order', payload: 'TRACK' } },
      'messaging',
      [
        {
          name: 'message_created',
          type: 'postback',
          idempotencyKey: 'postback:m_6',
          conversationId: PSID,
          contact: PSID,
          ownership: { owner: 'bot', at: T },
          message: {
            id: 'm_6',
            text: 'Track my order',
            attachments: [],
            sender: contact,
            private: false,
            postback: { title: 'Track my order', payload: 'TRACK' },
            createdAt: new Date(T),
          },
        },
      ],
    ],
    [
      'a postback without mid (older payloads): keyed by sender and time',
      { ...base, postback: { payload: 'GET_STARTED' } },
      'messaging',
      [
        expect.objectContaining({
          idempotencyKey: `postback:${PSID}:${T}`,
          message: expect.objectContaining({ id: `postback:${PSID}:${T}`, text: undefined, postback: { payload: 'GET_STARTED' } }),
        }),
      ],
    ],
    [
      'a Get Started postback through an m.me link: widget_triggered, then the postback',
      {
        ...base,
        postback: { mid: 'm_7', title: 'Get Started', payload: 'GET_STARTED', referral: { ref: 'summer', source: 'SHORTLINK', type: 'OPEN_THREAD' } },
      },
      'messaging',
      [
        {
          name: 'widget_triggered',
          type: 'postback_referral',
          idempotencyKey: 'referral:postback:m_7',
          conversationId: PSID,
          contact: PSID,
          ownership: { owner: 'bot', at: T },
        },
        expect.objectContaining({ name: 'message_created', type: 'postback', idempotencyKey: 'postback:m_7' }),
      ],
    ],
    [
      'a postback on standby, whose payload Meta withholds',
      { ...base, postback: { title: 'Talk to sales' } },
      'standby',
      [
        expect.objectContaining({
          name: 'message_created',
          ownership: { owner: 'human', at: T },
          message: expect.objectContaining({ postback: { title: 'Talk to sales', payload: '' } }),
        }),
      ],
    ],
    [
      'a referral (m.me link into an existing thread)',
      { ...base, referral: { ref: 'promo', source: 'SHORTLINK', type: 'OPEN_THREAD' } },
      'messaging',
      [
        {
          name: 'widget_triggered',
          type: 'referral',
          idempotencyKey: `referral:${PSID}:${T}`,
          conversationId: PSID,
          contact: PSID,
          ownership: { owner: 'bot', at: T },
        },
      ],
    ],
    [
      'an ad referral with a numeric ad id',
      { ...base, referral: { ref: 'ad', ad_id: 6045246247433, source: 'ADS', type: 'OPEN_THREAD', ads_context_data: { ad_title: 'Sale' } } },
      'messaging',
      [expect.objectContaining({ name: 'widget_triggered', type: 'referral' })],
    ],
    [
      'an opt-in from a plugin',
      { ...base, optin: { ref: 'checkout' } },
      'messaging',
      [
        {
          name: 'widget_triggered',
          type: 'optin',
          idempotencyKey: `optin:${PSID}:${T}`,
          conversationId: PSID,
          contact: PSID,
          ownership: { owner: 'bot', at: T },
        },
      ],
    ],
    [
      'a checkbox-plugin opt-in before any thread: no sender, a user_ref',
      { recipient: { id: PAGE_ID }, timestamp: T, optin: { ref: 'cart', user_ref: 'ur-42' } },
      'messaging',
      [expect.objectContaining({ name: 'widget_triggered', conversationId: 'user_ref:ur-42', contact: 'user_ref:ur-42' })],
    ],
    [
      'a read receipt: onAny only, keyed by watermark',
      { ...base, read: { watermark: T - 5 } },
      'messaging',
      [
        {
          name: 'platform_event',
          type: 'read',
          idempotencyKey: `read:${PSID}:${T - 5}`,
          conversationId: PSID,
          contact: PSID,
          ownership: { owner: 'bot', at: T },
        },
      ],
    ],
    [
      'a delivery receipt on standby',
      { ...base, delivery: { mids: ['m_1'], watermark: T - 9 } },
      'standby',
      [
        {
          name: 'platform_event',
          type: 'delivery',
          idempotencyKey: `delivery:${PSID}:${T - 9}`,
          conversationId: PSID,
          contact: PSID,
          ownership: { owner: 'human', at: T },
        },
      ],
    ],
    [
      'an edited message: message_updated',
      { ...base, message_edit: { mid: 'm_1', text: 'hello again', num_edit: 1 } },
      'messaging',
      [
        expect.objectContaining({
          name: 'message_updated',
          type: 'message_edit',
          idempotencyKey: 'message_edit:m_1:1',
          message: { id: 'm_1', text: 'hello again', attachments: [], sender: contact, private: false },
        }),
      ],
    ],
    [
      'control passed to this app from the Page Inbox (numeric ids)',
      { ...base, pass_thread_control: { new_owner_app_id: Number(APP_ID), previous_owner_app_id: Number(INBOX_APP_ID), metadata: 'done' } },
      'messaging',
      [
        {
          name: 'handed_back',
          type: 'pass_thread_control',
          idempotencyKey: `pass_thread_control:${PSID}:${T}:${APP_ID}`,
          conversationId: PSID,
          contact: PSID,
          ownership: { owner: 'bot', at: T },
          handoff: { from: 'human', reason: 'done' },
        },
      ],
    ],
    [
      "control passed to this app from an idle thread: control came from the humans' side",
      { ...base, pass_thread_control: { new_owner_app_id: APP_ID, previous_owner_app_id: null } },
      'messaging',
      [expect.objectContaining({ name: 'handed_back', ownership: { owner: 'bot', at: T }, handoff: { from: 'human' } })],
    ],
    [
      "control passed to this app, no previous owner named (the shape of Meta's reference sample)",
      { ...base, pass_thread_control: { new_owner_app_id: APP_ID, metadata: 'Additional content that the caller wants to set' } },
      'messaging',
      [
        expect.objectContaining({
          name: 'handed_back',
          ownership: { owner: 'bot', at: T },
          handoff: { from: 'human', reason: 'Additional content that the caller wants to set' },
        }),
      ],
    ],
    [
      'control passed from this app to the Page Inbox',
      { ...base, pass_thread_control: { new_owner_app_id: INBOX_APP_ID, previous_owner_app_id: APP_ID, metadata: 'asked for a human' } },
      'standby',
      [expect.objectContaining({ name: 'handed_off', ownership: { owner: 'human', at: T }, handoff: { from: 'bot', reason: 'asked for a human' } })],
    ],
    [
      'control taken away from this app',
      { ...base, take_thread_control: { previous_owner_app_id: APP_ID, metadata: 'agent took over' } },
      'messaging',
      [
        {
          name: 'handed_off',
          type: 'take_thread_control',
          idempotencyKey: `take_thread_control:${PSID}:${T}:`,
          conversationId: PSID,
          contact: PSID,
          ownership: { owner: 'human', at: T },
          handoff: { from: 'bot', reason: 'agent took over' },
        },
      ],
    ],
    [
      'control taken by this app (its own handBack, confirmed)',
      { ...base, take_thread_control: { previous_owner_app_id: INBOX_APP_ID, new_owner_app_id: APP_ID } },
      'messaging',
      [expect.objectContaining({ name: 'handed_back', ownership: { owner: 'bot', at: T }, handoff: { from: 'human' } })],
    ],
    [
      'a request for control from the Page Inbox, to this app (the owner)',
      { ...base, request_thread_control: { requested_owner_app_id: Number(INBOX_APP_ID), metadata: 'agent opened the thread' } },
      'messaging',
      [
        {
          name: 'handoff_requested',
          type: 'request_thread_control',
          idempotencyKey: `request_thread_control:${PSID}:${T}:${INBOX_APP_ID}`,
          conversationId: PSID,
          contact: PSID,
          ownership: { owner: 'bot', at: T },
          handoff: { requestedBy: INBOX_APP_ID, reason: 'agent opened the thread' },
        },
      ],
    ],
    [
      'a request seen on standby: only the owner can grant, so onAny only',
      { ...base, request_thread_control: { requested_owner_app_id: INBOX_APP_ID } },
      'standby',
      [expect.objectContaining({ name: 'platform_event', type: 'request_thread_control', ownership: { owner: 'human', at: T } })],
    ],
    [
      "this app's own request, echoed: onAny only",
      { ...base, request_thread_control: { requested_owner_app_id: APP_ID } },
      'messaging',
      [expect.objectContaining({ name: 'platform_event', type: 'request_thread_control' })],
    ],
    [
      'app_roles: a Page-level event, in the Page lane, no ownership',
      { recipient: { id: PAGE_ID }, timestamp: T, app_roles: { [APP_ID]: ['secondary_receiver'] } },
      'messaging',
      [{ name: 'platform_event', type: 'app_roles', idempotencyKey: `app_roles:${PAGE_ID}:${T}`, conversationId: `page:${PAGE_ID}` }],
    ],
    [
      'a reaction (not read by the adapter): onAny only',
      { ...base, reaction: { mid: 'm_1', action: 'react', emoji: '❤', reaction: 'love' } },
      'messaging',
      [
        {
          name: 'platform_event',
          type: 'reaction',
          idempotencyKey: `reaction:${PSID}:${T}`,
          conversationId: PSID,
          contact: PSID,
          ownership: { owner: 'bot', at: T },
        },
      ],
    ],
    [
      'a handover payload naming the Page as sender: the contact is the recipient',
      { sender: { id: PAGE_ID }, recipient: { id: PSID }, timestamp: T, take_thread_control: { previous_owner_app_id: APP_ID } },
      'messaging',
      [expect.objectContaining({ name: 'handed_off', conversationId: PSID })],
    ],
    [
      'a timestamp in seconds, as a string (newer payload copies)',
      { ...base, timestamp: '1527459824', postback: { mid: 'm_8', title: 'Yes', payload: 'YES' } },
      'messaging',
      [expect.objectContaining({ ownership: { owner: 'bot', at: 1_527_459_824_000 } })],
    ],
  ];

  it.each(rows)('%s', (_title, item, lane, expected) => {
    expect(one(item, lane)).toEqual(expected);
  });

  it('keeps the raw item on every event', () => {
    const item = { ...base, message: { mid: 'm_9', text: 'x', nlp: { entities: {} } } };
    const [event] = normalizeMessenger(page({ id: PAGE_ID, messaging: [item] }), { appId: APP_ID }).events;
    expect(event?.raw).toBe(item);
  });

  it.each([
    ['primary_receiver', 'primary'],
    ['secondary_receiver', 'secondary'],
  ] as const)('app_roles naming this app %s reports the role %s', (role, expected) => {
    const batch = normalizeMessenger(page({ id: PAGE_ID, messaging: [{ recipient: { id: PAGE_ID }, timestamp: T, app_roles: { [APP_ID]: [role] } }] }), {
      appId: APP_ID,
    });
    expect(batch.appRole).toBe(expected);
  });

  it('app_roles naming only other apps reports no role', () => {
    const batch = normalizeMessenger(
      page({ id: PAGE_ID, messaging: [{ recipient: { id: PAGE_ID }, timestamp: T, app_roles: { '42': ['primary_receiver'] } }] }),
      { appId: APP_ID },
    );
    expect(batch.appRole).toBeUndefined();
  });
});

describe('normalizeMessenger: batches', () => {
  it('processes every entry and every item in order, messaging and standby mixed, each in its own conversation', () => {
    const body = page(
      entry({
        messaging: [
          { ...base, sender: { id: 'A' }, message: { mid: 'a1', text: 'one' } },
          { ...base, sender: { id: 'B' }, message: { mid: 'b1', text: 'two' } },
        ],
      }),
      entry({ standby: [{ ...base, sender: { id: 'C' }, message: { mid: 'c1', text: 'three' } }] }),
      // One entry carrying both lanes: messaging first, then standby.
      entry({
        messaging: [{ ...base, sender: { id: 'A' }, read: { watermark: T } }],
        standby: [
          { ...base, sender: { id: 'C' }, message: { mid: 'c2', text: 'four' } },
          { ...base, sender: { id: 'D' }, postback: { title: 'Help' } },
        ],
      }),
      // An entry with neither lane (e.g. a Page feed change): nothing to do, no error.
      { id: PAGE_ID, time: T, changes: [{ field: 'feed', value: {} }] },
      entry({ messaging: [], standby: null as unknown as [] }),
    );
    const batch = normalizeMessenger(body, { appId: APP_ID });
    expect(batch.errors).toEqual([]);
    expect(batch.events.map((e) => `${e.conversationId} ${e.name}/${e.type} ${e.ownership?.owner} ${e.message?.text ?? ''}`.trim())).toEqual([
      'A message_created/message bot one',
      'B message_created/message bot two',
      'C message_created/message human three',
      'A platform_event/read bot',
      'C message_created/message human four',
      'D message_created/postback human Help',
    ]);
  });

  it('reports each invalid entry or item with the field named from the root, and keeps the valid ones', () => {
    const body = page(
      entry({
        messaging: [
          { ...base, message: { mid: 'ok1', text: 'fine' } },
          { ...base, sender: undefined, message: { mid: 'x1', text: 'no sender' } },
          { ...base, message: { mid: 42, text: 'mid as a number' } },
          'not an item',
          { ...base, pass_thread_control: { previous_owner_app_id: APP_ID } },
        ],
      }),
      'not an entry',
      { id: PAGE_ID, messaging: { not: 'a list' } },
      entry({ standby: [{ ...base, sender: { id: 'S' }, message: { mid: 'ok2', text: 'also fine' } }] }),
    );
    const batch = normalizeMessenger(body, { appId: APP_ID });
    expect(batch.events.map((e) => e.idempotencyKey)).toEqual(['message:ok1', 'message:ok2']);
    expect(batch.errors.every((error) => error instanceof PayloadError && error.code === 'E_PAYLOAD')).toBe(true);
    expect(batch.errors.map((error) => error.field)).toEqual([
      'entry.0.messaging.1.sender.id',
      'entry.0.messaging.2.message.mid',
      'entry.0.messaging.3',
      'entry.0.messaging.4.pass_thread_control.new_owner_app_id',
      'entry.1',
      'entry.2.messaging',
    ]);
    expect(batch.errors.map((error) => error.message)).toEqual([
      'Messenger entry[0].messaging[1]: field "sender.id" must name the contact (a PSID), it is missing.',
      expect.stringMatching(/^Messenger entry\[0\]\.messaging\[2\] \(message\): field "message\.mid" must be a string, got number 42\.$/),
      'Messenger entry[0].messaging[3] must be an object, got string.',
      expect.stringMatching(/^Messenger entry\[0\]\.messaging\[4\] \(pass_thread_control\): field "pass_thread_control\.new_owner_app_id" /),
      'Messenger entry[1] must be an object, got string.',
      expect.stringMatching(/^Messenger entry\[2\]: field "messaging" must be an array/),
    ]);
  });

  it('gives items without a timestamp distinct keys (a hash of the item), and equal keys to a redelivery', () => {
    const a = { sender: { id: PSID }, recipient: { id: PAGE_ID }, reaction: { mid: 'm_1', emoji: '👍' } };
    const b = { sender: { id: PSID }, recipient: { id: PAGE_ID }, reaction: { mid: 'm_1', emoji: '❤' } };
    const first = normalizeMessenger(page({ id: PAGE_ID, time: T, messaging: [a, b] }), { appId: APP_ID }).events;
    const again = normalizeMessenger(page({ id: PAGE_ID, time: T, messaging: [a] }), { appId: APP_ID }).events;
    expect(first[0]?.idempotencyKey).not.toBe(first[1]?.idempotencyKey);
    expect(again[0]?.idempotencyKey).toBe(first[0]?.idempotencyKey);
  });

  it('reports an Instagram delivery (a retry cannot fix it) instead of refusing it, with no events', () => {
    const batch = normalizeMessenger(
      { object: 'instagram', entry: [{ id: '17841400000000000', time: T, messaging: [{ ...base, message: { mid: 'aWdf', text: 'hi' } }] }] },
      { appId: APP_ID },
    );
    expect(batch.events).toEqual([]);
    expect(batch.errors).toHaveLength(1);
    expect(batch.errors[0]).toMatchObject({
      code: 'E_PAYLOAD',
      field: 'object',
      message: expect.stringMatching(/field "object" must be "page", got "instagram".*acknowledged/),
    });
  });

  it("stamps every event with its item's own time, else its entry's (the agent refuses items older than its dedupe window)", () => {
    const batch = normalizeMessenger(
      page(
        {
          id: PAGE_ID,
          time: T + 5,
          messaging: [
            { ...base, message: { mid: 'm_t', text: 'x' } },
            { ...base, timestamp: undefined, reaction: { mid: 'm_t', emoji: '👍' } },
          ],
        },
        {
          id: PAGE_ID,
          time: T + 9,
          messaging: [
            { ...base, timestamp: T + 7, pass_thread_control: { new_owner_app_id: APP_ID } },
            { recipient: { id: PAGE_ID }, timestamp: T + 8, app_roles: { [APP_ID]: ['primary_receiver'] } },
          ],
        },
      ),
      { appId: APP_ID },
    );
    expect(batch.errors).toEqual([]);
    expect(batch.events.map((event) => [event.type, event.occurredAt])).toEqual([
      ['message', T],
      ['reaction', T + 5],
      ['pass_thread_control', T + 7],
      ['app_roles', T + 8],
    ]);
  });

  it.each([
    ['a body without entries', { object: 'page' }, 'entry', /field "entry" must be an array, it is missing/],
    ['a body that is not an object', [1, 2], '(body)', /must be an object/],
  ])('refuses %s as a whole (E_PAYLOAD naming the field)', (_title, body, field, message) => {
    let caught: unknown;
    try {
      normalizeMessenger(body, { appId: APP_ID });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PayloadError);
    expect(caught).toMatchObject({ code: 'E_PAYLOAD', field, message: expect.stringMatching(message) });
  });

  it('answers an empty entry list with no events', () => {
    expect(normalizeMessenger({ object: 'page', entry: [] }, { appId: APP_ID })).toEqual({ events: [], errors: [] });
  });
});
