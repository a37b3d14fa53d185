import { describe, expect, it } from 'vitest';
import { type AnyContext, type Contact, type HandoffInfo } from '../../../src/index.js';
import {
  deliver,
  delegated,
  expectNoSecrets,
  expectRejection,
  freshKey,
  inbound,
  isoAgo,
  makeAgent,
  NOW,
  STARTED_CONTACT,
  SECRET_HEX,
  sign,
  signedRequest,
  started,
} from './support.js';

const OTHER_SECRET_HEX = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

describe('Hootsuite deliveries: signature over the raw bytes with the hex-decoded secret', () => {
  it('accepts a correctly signed delivery, runs the handler and answers 200 with an empty manipulation', async () => {
    const agent = makeAgent();
    const seen: string[] = [];
    agent.on('message_created', (ctx) => {
      seen.push(ctx.message.text ?? '');
    });
    const answer = await deliver(agent, inbound({ text: 'Hello there' }));
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{}');
    expect(seen).toEqual(['Hello there']);
  });

  it('signs every byte: whitespace and key order as sent are what is verified', async () => {
    const agent = makeAgent();
    const seen: string[] = [];
    agent.on('message_created', (ctx) => {
      seen.push(ctx.message.text ?? '');
    });
    const pretty = JSON.stringify(inbound({ text: 'Olá 🚀 你好' }), null, 2);
    expect((await agent.fetch(signedRequest(pretty))).status).toBe(200);
    // The same JSON re-serialized after signing no longer matches.
    const reserialized = signedRequest(JSON.stringify(JSON.parse(pretty)), { signature: sign(pretty) });
    await expectRejection(await agent.fetch(reserialized), 401, 'E_SIGNATURE', /Signature mismatch.*raw body bytes/);
    expect(seen).toEqual(['Olá 🚀 你好']);
  });

  it('accepts the Sparkcentral-era header X-Sparkcentral-Signature', async () => {
    const answer = await deliver(makeAgent(), inbound(), { header: 'X-Sparkcentral-Signature' });
    expect(answer.status).toBe(200);
  });

  it('accepts any of several shared secrets during a rotation', async () => {
    const agent = makeAgent({ sharedSecret: [OTHER_SECRET_HEX, SECRET_HEX] });
    expect((await deliver(agent, inbound())).status).toBe(200);
    expect((await deliver(agent, inbound(), { secretHex: OTHER_SECRET_HEX })).status).toBe(200);
  });

  it('rejects a delivery without a signature (401), naming the header', async () => {
    const response = await makeAgent().fetch(signedRequest(inbound(), { signature: null }));
    await expectRejection(response, 401, 'E_SIGNATURE', /Missing X-Hootsuite-Signature/);
  });

  it('rejects a malformed signature (401)', async () => {
    const response = await makeAgent().fetch(signedRequest(inbound(), { signature: 'sha256=abc' }));
    await expectRejection(response, 401, 'E_SIGNATURE', /Malformed X-Hootsuite-Signature: expected 64 hex digits/);
  });

  it('rejects a signature made with another secret (401), and never runs the handler', async () => {
    const agent = makeAgent();
    let ran = false;
    agent.on('message_created', () => {
      ran = true;
    });
    const response = await agent.fetch(signedRequest(inbound(), { secretHex: OTHER_SECRET_HEX }));
    const message = await expectRejection(response, 401, 'E_SIGNATURE', /Signature mismatch.*hex-decoded/);
    expect(message).not.toContain(OTHER_SECRET_HEX);
    expect(ran).toBe(false);
  });

  it('diagnoses a sender that used the secret as text instead of its hex-decoded bytes', async () => {
    const body = JSON.stringify(inbound());
    const asText = (await import('node:crypto')).createHmac('sha256', SECRET_HEX).update(body).digest('hex');
    const response = await makeAgent().fetch(signedRequest(body, { signature: asText }));
    await expectRejection(response, 401, 'E_SIGNATURE', /signed with the shared secret used as text.*hex-decodes/);
  });
});

describe('Hootsuite deliveries: the body timestamp', () => {
  it('rejects a delivery older than 5 minutes with 401, giving its age', async () => {
    const response = await makeAgent().fetch(signedRequest(inbound({ age: 301 })));
    await expectRejection(response, 401, 'E_SIGNATURE', /Stale body timestamp: the delivery was signed 301 s ago and at most 300 s are accepted/);
  });

  it('accepts a delivery just inside the window', async () => {
    expect((await deliver(makeAgent(), inbound({ age: 299 }))).status).toBe(200);
  });

  it('takes a configured window', async () => {
    const agent = makeAgent({ timestampTolerance: { pastSeconds: 600 } });
    expect((await deliver(agent, inbound({ age: 500 }))).status).toBe(200);
    await expectRejection(await agent.fetch(signedRequest(inbound({ age: 700 }))), 401, 'E_SIGNATURE', /700 s ago.*at most 600 s/);
  });

  it('rejects a timestamp more than 30 s in the future', async () => {
    await expectRejection(await makeAgent().fetch(signedRequest(inbound({ age: -45 }))), 401, 'E_SIGNATURE', /45 s in the future/);
  });
});

describe('Hootsuite deliveries: bad input', () => {
  it('answers 400 to a version other than 1', async () => {
    const body = { ...inbound(), version: 2 };
    await expectRejection(await makeAgent().fetch(signedRequest(body)), 400, 'E_PAYLOAD', /"version" is 2/);
  });

  it('answers 400 naming data.conversationId when it is missing', async () => {
    const body = inbound();
    delete body.data.conversationId;
    await expectRejection(await makeAgent().fetch(signedRequest(body)), 400, 'E_PAYLOAD', /"data\.conversationId" must be a string, it is missing/);
  });

  it('answers 400 to a body that is not JSON (once the signature matched)', async () => {
    await expectRejection(await makeAgent().fetch(signedRequest('{"type":')), 400, 'E_PAYLOAD', /not valid JSON/);
  });

  it('answers 405 to a GET', async () => {
    const response = await makeAgent().fetch(new Request('https://bot.example.com/hootsuite'));
    await expectRejection(response, 405, 'E_METHOD');
  });
});

describe('Hootsuite deliveries: events', () => {
  it('acknowledges an unknown type with 200 and ignores it; only onAny sees it', async () => {
    const agent = makeAgent();
    const any: string[] = [];
    let named = 0;
    agent.onAny((ctx) => {
      any.push(`${ctx.name}:${ctx.event.type}`);
    });
    agent.on(['message_created', 'conversation_started', 'handed_back'], () => {
      named += 1;
    });
    const body = { ...inbound(), type: 'CONVERSATION_TRANSFERRED' };
    const answer = await deliver(agent, body);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{}');
    expect(any).toEqual(['platform_event:CONVERSATION_TRANSFERRED']);
    expect(named).toBe(0);
  });

  it('drops a repeated delivery by its idempotencyKey (a Hootsuite retry)', async () => {
    const agent = makeAgent();
    let runs = 0;
    agent.on('message_created', async (ctx) => {
      runs += 1;
      await ctx.reply('once');
    });
    const body = inbound({ key: freshKey() });
    expect((await deliver(agent, body)).body).toEqual({ sendMessage: { text: 'once' } });
    // The retry carries a new timestamp, the same key.
    const retry = { ...body, timestamp: isoAgo(1) };
    const second = await deliver(agent, retry);
    expect(second.status).toBe(200);
    expect(second.text).toBe('{}');
    expect(runs).toBe(1);
  });

  it('CONVERSATION_STARTED: conversation_started, the bot owns the conversation, profile and attributes on ctx.contact', async () => {
    const agent = makeAgent();
    let contact: Contact | undefined;
    let owner: string | undefined;
    let attributes: unknown;
    agent.on('conversation_started', (ctx) => {
      contact = ctx.contact;
      owner = ctx.conversation.owner;
      attributes = ctx.conversation.attributes;
    });
    expect((await deliver(agent, started({ conversationId: 'conv-start' }))).status).toBe(200);
    expect(owner).toBe('bot');
    expect(contact).toEqual(STARTED_CONTACT);
    expect(attributes).toEqual({ channelId: '0-02534c5ac04-000-261ad914', channelName: 'Inbox 2.0 support channel', medium: 'fb', language: 'en' });
    expect(await agent.conversation('conv-start').owner()).toBe('bot');
  });

  it('CONVERSATION_DELEGATED: handed_back from a human, even on first sight', async () => {
    const agent = makeAgent();
    const handoffs: HandoffInfo[] = [];
    agent.on('handed_back', (ctx) => {
      handoffs.push(ctx.handoff);
    });
    expect((await deliver(agent, delegated({ conversationId: 'conv-deleg' }))).status).toBe(200);
    expect(handoffs).toEqual([{ from: 'human', to: 'bot', initiator: 'platform', inferred: false }]);
    expect(await agent.conversation('conv-deleg').owner()).toBe('bot');
  });

  it('CONVERSATION_DELEGATED after the bot handed over: handed_back again, and the bot may act again', async () => {
    let now = NOW;
    const agent = makeAgent({}, { now: () => now });
    const events: string[] = [];
    agent.on('message_created', (ctx) => ctx.escalate({ note: 'needs a human' }));
    agent.on('handed_off', () => {
      events.push('handed_off');
    });
    agent.on('handed_back', async (ctx) => {
      events.push('handed_back');
      await ctx.reply('I am back. Anything else?');
    });
    const first = await deliver(agent, inbound({ conversationId: 'conv-loop', text: 'agent please' }));
    expect(first.body).toEqual({ applyConversationNotes: [{ text: 'needs a human' }], complete: 'HANDOVER' });
    // Some minutes later a human delegates the conversation back.
    now += 5 * 60 * 1000;
    // Sent one second before the agent's (advanced) clock: `age` counts from the initial NOW.
    const body = delegated({ conversationId: 'conv-loop', age: -5 * 60 + 1 });
    const back = await deliver(agent, body);
    expect(back.status).toBe(200);
    expect(back.body).toEqual({ sendMessage: { text: 'I am back. Anything else?' } });
    expect(events).toEqual(['handed_off', 'handed_back']);
  });

  it('INBOUND_MESSAGE_RECEIVED: text, developer payload, trigger and topics reach the handler', async () => {
    const agent = makeAgent();
    const seen: unknown[] = [];
    agent.on('message_created', (ctx) => {
      seen.push({
        text: ctx.message.text,
        payload: ctx.message.postback?.payload,
        sender: ctx.message.sender.role,
        topics: ctx.conversation.labels,
        trigger: ctx.conversation.attributes.trigger,
      });
    });
    await deliver(agent, inbound());
    expect(seen).toEqual([
      { text: 'Hello', payload: '<DEVELOPER_DEFINED_PAYLOAD>', sender: 'contact', topics: ['Topic 1', 'Topic 2'], trigger: { type: 'POST', action: 'REPLY' } },
    ]);
  });

  it('reports no secret in any answer or error', async () => {
    const agent = makeAgent();
    const errors: unknown[] = [];
    agent.onError((error: Error, _ctx: AnyContext | undefined) => {
      errors.push(error);
    });
    const answers = [await agent.fetch(signedRequest(inbound(), { secretHex: OTHER_SECRET_HEX })), await agent.fetch(signedRequest(inbound({ age: 900 })))];
    for (const answer of answers) expectNoSecrets(await answer.text());
    expectNoSecrets(errors);
  });
});
