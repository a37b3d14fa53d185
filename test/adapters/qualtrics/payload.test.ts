import { parsePayload } from '../../../src/adapters/kit/payload.js';
import { describe, expect, it } from 'vitest';
import { isPrivateMention, normalizeQualtrics } from '../../../src/adapters/qualtrics/index.js';
import { mentionSchema } from '../../../src/adapters/qualtrics/schema.js';
import { PayloadError } from '../../../src/index.js';
import sample from '../../fixtures/qualtrics/mention.api-object.json' with { type: 'json' };
import { AUTHOR_ID, CONVERSATION_ID, SAMPLE_MENTION_ID, TOPIC_ID, deliver, deliverOk, expectRejection, fakeEngagor, makeAgent, mention } from './support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

const { state, handlers } = fakeEngagor();
serveStandIn(handlers, state);

describe('qualtrics: normalizing the mention a recipe posts', () => {
  it('turns the sample mention into message_created of the author, keyed by the mention id', () => {
    const { events, target } = normalizeQualtrics(structuredClone(sample));
    expect(events).toEqual([
      {
        name: 'message_created',
        type: 'mention',
        idempotencyKey: SAMPLE_MENTION_ID,
        conversationId: CONVERSATION_ID,
        contact: { id: AUTHOR_ID, locale: 'fr', attributes: { service: 'twitter' } },
        message: {
          id: SAMPLE_MENTION_ID,
          text: undefined,
          attachments: [],
          sender: { role: 'contact', id: AUTHOR_ID },
          private: false,
          createdAt: new Date(1668629719 * 1000),
        },
        raw: sample,
      },
    ]);
    // The mention's own tags ("FR") are mention tags: they are not the contact's.
    expect(events[0]).not.toHaveProperty('contactTags');
    expect(target).toEqual({
      conversationId: CONVERSATION_ID,
      authorId: AUTHOR_ID,
      mentionId: SAMPLE_MENTION_ID,
      topicId: TOPIC_ID,
      service: 'twitter',
      private: false,
      // The mention's own publisher/add link (action_links, type api), by its query.
      replyQuery: { type: 'reply', topic_id: TOPIC_ID, mention_id: SAMPLE_MENTION_ID },
    });
  });

  it.each([
    ['content', { content: 'Hello <b>there</b>' }, 'Hello <b>there</b>'],
    ['stripped_content over content', { content: 'Hello <b>there</b>', stripped_content: 'Hello there' }, 'Hello there'],
    ['no text', {}, undefined],
  ])('reads the text from %s', (_name, message, text) => {
    const body = { ...structuredClone(sample), message: { ...sample.message, ...message } };
    expect(normalizeQualtrics(body).events[0]!.message?.text).toBe(text);
  });

  it('keeps the author name, the message type and numeric ids as strings', () => {
    const body = mention({ id: 12, authorId: 77, topicId: 5, authorName: 'Ana', type: 'privatemessage' });
    const { events, target } = normalizeQualtrics(body);
    expect(events[0]).toMatchObject({
      idempotencyKey: '12',
      conversationId: 'twitter:77',
      contact: { id: '77', name: 'Ana' },
      message: { id: '12', contentType: 'privatemessage', sender: { role: 'contact', id: '77', name: 'Ana' }, private: false },
    });
    expect(target).toMatchObject({ mentionId: '12', topicId: '5', conversationId: 'twitter:77', authorId: '77', private: true });
  });

  it.each([
    [{ type: 'privatemessage' }, 'twitter', true],
    [{ type: 'DM' }, 'twitter', true],
    [{ type: 'tweet' }, 'twitter', false],
    [{}, 'whatsapp', true],
    [{}, 'Viber', true],
    [{}, 'facebook', false],
    [{}, undefined, false],
  ])('private-message rule: message %j on %s → %s', (message, service, expected) => {
    const body = mention(service === undefined ? { service: null } : { service });
    Object.assign(body.message, message);
    expect(normalizeQualtrics(body).target.private).toBe(expected);
    expect(isPrivateMention(parsePayload(mentionSchema, body, 'mention'))).toBe(expected);
  });
});

describe('qualtrics: bad input', () => {
  it.each([
    ['author', (body: Record<string, any>) => delete body.author, /field "author" must be an object, it is missing/],
    ['topic', (body: Record<string, any>) => delete body.topic, /field "topic" must be an object, it is missing/],
    ['author.id', (body: Record<string, any>) => delete body.author.id, /field "author\.id"/],
    ['topic.id', (body: Record<string, any>) => (body.topic.id = null), /field "topic\.id"/],
    ['id', (body: Record<string, any>) => (body.id = ''), /field "id"/],
    ['message.content', (body: Record<string, any>) => (body.message.content = 42), /field "message\.content" must be a string, got number 42/],
  ])('answers 400 naming the field when %s is missing or wrong', async (field, breakIt, message) => {
    const agent = makeAgent();
    const body = mention();
    breakIt(body);
    await expectRejection(await deliver(agent, body), 400, 'E_PAYLOAD', message);
    expect(state.calls).toEqual([]);
    expect(() => normalizeQualtrics(body)).toThrow(PayloadError);
    try {
      normalizeQualtrics(body);
    } catch (error) {
      expect((error as PayloadError).field).toBe(field);
    }
  });

  it('answers 400 to a body that is not JSON', async () => {
    const agent = makeAgent();
    await expectRejection(await deliver(agent, undefined, { raw: '[mention]' }), 400, 'E_PAYLOAD', /not valid JSON/);
  });

  it('tolerates fields it does not read, of any shape', async () => {
    const agent = makeAgent();
    const seen: string[] = [];
    agent.on('message_created', (ctx) => void seen.push(ctx.message.text ?? ''));
    const body = { ...mention({ text: 'hi' }), location: { country: 'BE' }, service_details: null, tags: 'not-a-list', status: 7 };
    await deliverOk(agent, body);
    expect(seen).toEqual(['hi']);
  });
});

describe('qualtrics: delivery semantics', () => {
  it('handles a redelivered mention once (the mention id is the idempotency key)', async () => {
    const agent = makeAgent();
    const seen: string[] = [];
    agent.on('message_created', (ctx) => void seen.push(ctx.message.id));
    const body = mention({ text: 'once' });
    await deliverOk(agent, body);
    await deliverOk(agent, body);
    expect(seen).toEqual([String(body.id)]);
    expect(state.calls).toHaveLength(1); // one tag read
  });

  it("shows mentions written by the account's own profiles to onAny only, reading no tags", async () => {
    const agent = makeAgent();
    const any: string[] = [];
    const named: string[] = [];
    agent.onAny((ctx) => void any.push(`${ctx.name}:${ctx.event.type}`));
    agent.on('message_created', () => void named.push('x'), { standby: true });
    await deliverOk(agent, mention({ managed: true, text: 'Thanks, we are on it!' }));
    expect(any).toEqual(['platform_event:mention.managed']);
    expect(named).toEqual([]);
    expect(state.calls).toEqual([]);
  });

  it('gives handlers the contact and the message', async () => {
    const agent = makeAgent();
    const seen: unknown[] = [];
    agent.on(
      'message_created',
      (ctx) => void seen.push({ contact: ctx.contact, text: ctx.message.text, conversation: ctx.conversation.id, platform: ctx.platform }),
    );
    await deliverOk(agent, mention({ text: 'hello', authorName: 'Ana' }));
    expect(seen).toEqual([
      {
        contact: { id: AUTHOR_ID, name: 'Ana', locale: 'fr', attributes: { service: 'twitter' } },
        text: 'hello',
        conversation: CONVERSATION_ID,
        platform: 'qualtrics',
      },
    ]);
  });
});
