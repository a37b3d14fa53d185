import { describe, expect, it } from 'vitest';
import { contactAttributes, normalizeHootsuite, parseTimestamp } from '../../../src/adapters/hootsuite/index.js';
import { PayloadError, type NormalizedEvent } from '../../../src/index.js';
import { JOHN, STARTED_CONTACT, type Payload, samples } from './support.js';

const SAMPLE_AT = Date.parse('2022-04-28T09:43:26.635Z');

/** The delivery key of both samples. */
const KEY = '6ebc6a78-d9e9-48be-b172-51eda40b7af8';
const STARTED_ID = '0ad42eef-a806-11eb-9642-f1ceb2f21def';
const INBOUND_ID = '0-01d90bc1b13-000-9a9ca0d8';
const CHANNEL = { channelId: '0-02534c5ac04-000-261ad914', channelName: 'Inbox 2.0 support channel' };

const STARTED_CONVERSATION = { attributes: { ...CHANNEL, medium: 'fb', language: 'en' } };
/** The started sample's conversation when the payload has no language. */
const STARTED_NO_LANGUAGE = { attributes: { ...CHANNEL, medium: 'fb' } };

/** An event of a sample (its delivery key), owned by the bot at the sample's time; `rest` holds what the case says. */
function sampleEvent(
  name: NormalizedEvent['name'],
  type: string,
  conversationId: string,
  rest: Partial<NormalizedEvent> & Pick<NormalizedEvent, 'raw'>,
): NormalizedEvent {
  return { name, type, idempotencyKey: KEY, conversationId, ownership: { owner: 'bot', at: SAMPLE_AT, current: true }, ...rest };
}

/** The contact's message of the inbound sample, with `id` and what the case adds. */
function johnSays(id: string, extra: Partial<NonNullable<NormalizedEvent['message']>> = {}): NormalizedEvent['message'] {
  return {
    id,
    text: 'Hello',
    attachments: [],
    sender: { role: 'contact', id: JOHN.id, name: 'John Smith' },
    private: false,
    createdAt: new Date(SAMPLE_AT),
    ...extra,
  };
}

function without(payload: Payload, ...paths: string[]): Payload {
  for (const path of paths) {
    const keys = path.split('.');
    let target = payload;
    for (const key of keys.slice(0, -1)) target = target[key];
    delete target[keys.at(-1)!];
  }
  return payload;
}

function withType(payload: Payload, type: string): Payload {
  payload.type = type;
  return payload;
}

interface Case {
  name: string;
  body: () => Payload;
  expected: (body: Payload) => NormalizedEvent[];
}

const cases: Case[] = [
  {
    name: 'CONVERSATION_STARTED sample → conversation_started, owned by the bot, with profile and attributes',
    body: samples.conversationStarted,
    expected: (raw) => [
      sampleEvent('conversation_started', 'CONVERSATION_STARTED', STARTED_ID, {
        contact: STARTED_CONTACT,
        conversation: STARTED_CONVERSATION,
        raw,
      }),
    ],
  },
  {
    name: 'CONVERSATION_DELEGATED → handed_back announced from a human',
    body: () => withType(samples.conversationStarted(), 'CONVERSATION_DELEGATED'),
    expected: (raw) => [
      sampleEvent('handed_back', 'CONVERSATION_DELEGATED', STARTED_ID, {
        handoff: { from: 'human', to: 'bot' },
        contact: STARTED_CONTACT,
        conversation: STARTED_CONVERSATION,
        raw,
      }),
    ],
  },
  {
    name: 'INBOUND_MESSAGE_RECEIVED sample → message_created with text, developer payload, trigger and topics',
    body: samples.inbound,
    expected: (raw) => [
      sampleEvent('message_created', 'INBOUND_MESSAGE_RECEIVED', INBOUND_ID, {
        // The sample has no contactAttributes and no language.
        contact: { ...JOHN, attributes: {} },
        conversation: {
          labels: ['Topic 1', 'Topic 2'],
          attributes: { ...CHANNEL, medium: 'facebook', trigger: { type: 'POST', action: 'REPLY' } },
        },
        message: johnSays('cc75552a-1a78-11e9-855e-6d1e71016abf', { postback: { payload: '<DEVELOPER_DEFINED_PAYLOAD>' } }),
        raw,
      }),
    ],
  },
  {
    name: 'an older inbound message without messageId, payload, trigger or topics: the delivery key is the message id',
    body: () => without(samples.inbound(), 'data.message.messageId', 'data.message.payload', 'data.trigger', 'data.conversationTopics'),
    expected: (raw) => [
      sampleEvent('message_created', 'INBOUND_MESSAGE_RECEIVED', INBOUND_ID, {
        contact: { ...JOHN, attributes: {} },
        conversation: { attributes: { ...CHANNEL, medium: 'facebook' } },
        message: johnSays(KEY),
        raw,
      }),
    ],
  },
  {
    name: 'an older CONVERSATION_STARTED without language or contactAttributes',
    body: () => without(samples.conversationStarted(), 'data.language', 'data.contactAttributes'),
    expected: (raw) => [
      sampleEvent('conversation_started', 'CONVERSATION_STARTED', STARTED_ID, { contact: { ...JOHN, attributes: {} }, conversation: STARTED_NO_LANGUAGE, raw }),
    ],
  },
  {
    name: 'a bare Sparkcentral-era inbound message: no profile, channel, medium, attributes or messageId',
    body: () => ({
      type: 'INBOUND_MESSAGE_RECEIVED',
      version: 1,
      idempotencyKey: 'legacy-1',
      timestamp: '2019-01-17T10:00:00Z',
      data: { conversationId: '0-01d90bc1b13-000-9a9ca0d8', message: { text: 'hi' }, trigger: null },
    }),
    expected: (raw) => [
      {
        name: 'message_created',
        type: 'INBOUND_MESSAGE_RECEIVED',
        idempotencyKey: 'legacy-1',
        conversationId: INBOUND_ID,
        ownership: { owner: 'bot', at: Date.parse('2019-01-17T10:00:00Z'), current: true },
        message: { id: 'legacy-1', text: 'hi', attachments: [], sender: { role: 'contact' }, private: false, createdAt: new Date('2019-01-17T10:00:00Z') },
        raw,
      },
    ],
  },
  {
    name: 'an e-mail as secondary identifier is the contact e-mail',
    body: () => {
      const payload = without(samples.conversationStarted(), 'data.contactAttributes', 'data.language');
      payload.data.contactProfile.secondaryIdentifier = 'jane@example.org';
      payload.data.contactProfile.primaryIdentifier = 'Jane';
      return payload;
    },
    expected: (raw) => [
      sampleEvent('conversation_started', 'CONVERSATION_STARTED', STARTED_ID, {
        contact: { id: JOHN.id, name: 'Jane', email: 'jane@example.org', attributes: {} },
        conversation: STARTED_NO_LANGUAGE,
        raw,
      }),
    ],
  },
  {
    name: 'an unknown type → a platform event (ignored, onAny only), without ownership',
    body: () => withType(samples.inbound(), 'CONVERSATION_TRANSFERRED'),
    expected: (raw) => [{ name: 'platform_event', type: 'CONVERSATION_TRANSFERRED', idempotencyKey: KEY, conversationId: INBOUND_ID, raw }],
  },
  {
    name: 'an unknown type without data',
    body: () => ({ type: 'SOMETHING_NEW', version: 1, idempotencyKey: 'k-new', timestamp: '2022-04-28T09:43:26Z' }),
    expected: (raw) => [{ name: 'platform_event', type: 'SOMETHING_NEW', idempotencyKey: 'k-new', conversationId: '', raw }],
  },
];

describe('normalizeHootsuite: samples and older payloads', () => {
  it.each(cases)('$name', ({ body, expected }) => {
    const payload = body();
    expect(normalizeHootsuite(payload)).toEqual(expected(payload));
  });
});

interface BadCase {
  name: string;
  body: () => Payload;
  field: string;
  message: RegExp;
}

const bad: BadCase[] = [
  {
    name: 'no conversationId',
    body: () => without(samples.inbound(), 'data.conversationId'),
    field: 'data.conversationId',
    message: /"data\.conversationId" must be a string, it is missing/,
  },
  {
    name: 'a numeric conversationId',
    body: () => ({ ...samples.conversationStarted(), data: { ...samples.conversationStarted().data, conversationId: 42 } }),
    field: 'data.conversationId',
    message: /must be a string, got number 42/,
  },
  { name: 'version 2', body: () => ({ ...samples.inbound(), version: 2 }), field: 'version', message: /"version" is 2.*version 1 only/ },
  { name: 'no version', body: () => without(samples.inbound(), 'version'), field: 'version', message: /"version" must be a number/ },
  { name: 'no idempotencyKey', body: () => without(samples.inbound(), 'idempotencyKey'), field: 'idempotencyKey', message: /"idempotencyKey"/ },
  {
    name: 'a timestamp that is not ISO 8601',
    body: () => ({ ...samples.inbound(), timestamp: 'yesterday' }),
    field: 'timestamp',
    message: /ISO 8601.*"yesterday"/,
  },
  {
    name: 'message text that is a number',
    body: () => {
      const p = samples.inbound();
      p.data.message.text = 7;
      return p;
    },
    field: 'data.message.text',
    message: /"data\.message\.text"/,
  },
  {
    name: 'contactAttributes that is an object',
    body: () => {
      const p = samples.conversationStarted();
      p.data.contactAttributes = { company: 'x' };
      return p;
    },
    field: 'data.contactAttributes',
    message: /"data\.contactAttributes" must be an array/,
  },
  { name: 'a body that is not an object', body: () => [] as unknown as Payload, field: '(body)', message: /Hootsuite delivery/ },
];

describe('normalizeHootsuite: bad payloads are E_PAYLOAD naming the field', () => {
  it.each(bad)('$name', ({ body, field, message }) => {
    let caught: unknown;
    try {
      normalizeHootsuite(body());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PayloadError);
    expect((caught as PayloadError).code).toBe('E_PAYLOAD');
    expect((caught as PayloadError).field).toBe(field);
    expect((caught as PayloadError).message).toMatch(message);
  });
});

describe('helpers of normalization', () => {
  it.each([
    ['2022-04-28T09:43:26.635984618Z', Date.parse('2022-04-28T09:43:26.635Z')],
    ['2022-04-28T09:43:26Z', Date.parse('2022-04-28T09:43:26Z')],
    ['2022-04-28T11:43:26.5+02:00', Date.parse('2022-04-28T09:43:26.500Z')],
    ['2022-04-28 09:43:26', undefined],
    ['', undefined],
  ])('parseTimestamp(%j)', (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });

  it('contactAttributes: the most trusted source wins whatever the order, equal sources keep the later value', () => {
    expect(
      contactAttributes([
        { attribute: 'company', value: 'CRM Co', source: 'CRM_CONFIRMED' },
        { attribute: 'company', value: 'Typed by an agent', source: 'AGENT' },
        { attribute: 'plan', value: 'gold', source: 'MEDIUM' },
        { attribute: 'plan', value: 'platinum', source: 'MEDIUM' },
        { attribute: 'vip', value: null, source: 'AGENT' },
      ]),
    ).toEqual({ company: 'CRM Co', plan: 'platinum', vip: null });
  });
});
