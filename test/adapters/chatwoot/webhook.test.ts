import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedChatwootDelivery, signedChatwootRequest } from '../../../src/testing/index.js';
import { BOT_TOKEN, deliver, expectNoSecrets, expectRejection, makeAgent, message, SECRET } from './support.js';

const NOW = Date.parse('2026-03-02T10:20:00Z');
const NOW_S = NOW / 1000;
const URL = 'https://bot.example.com/chatwoot';
const encoder = new TextEncoder();

function hmacHex(secret: string, ...parts: (string | Uint8Array)[]): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

interface RawOptions {
  body: string | Uint8Array;
  timestamp?: string | undefined;
  signature?: string | undefined;
  secret?: string;
  headers?: Record<string, string>;
}

/** A request signed by hand: any header may be dropped (undefined) or forged. */
function rawRequest(options: RawOptions): Request {
  const timestamp = 'timestamp' in options ? options.timestamp : String(NOW_S);
  const signature = 'signature' in options ? options.signature : `sha256=${hmacHex(options.secret ?? SECRET, `${timestamp ?? ''}.`, options.body)}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-chatwoot-delivery': crypto.randomUUID(), ...options.headers };
  if (timestamp !== undefined) headers['x-chatwoot-timestamp'] = timestamp;
  if (signature !== undefined) headers['x-chatwoot-signature'] = signature;
  // Uint8Array is a valid body at runtime; the DOM typings only want its ArrayBuffer-backed form.
  return new Request(URL, { method: 'POST', headers, body: options.body as BodyInit });
}

/** A small valid message_created, as compact JSON (every byte of it is exercised below). */
const SMALL = JSON.stringify({
  event: 'message_created',
  id: 1,
  content: 'Olá 🚀 你好',
  message_type: 'incoming',
  conversation: { id: 5, status: 'pending', updated_at: 1772446800.5 },
});

function counted() {
  const agent = makeAgent({}, { now: () => NOW });
  const seen: string[] = [];
  agent.on('message_created', (ctx) => {
    seen.push(ctx.message.text ?? '');
  });
  return { agent, seen };
}

describe('Chatwoot deliveries: signature', () => {
  it('accepts a correctly signed delivery and runs the handler', async () => {
    const { agent, seen } = counted();
    const response = await agent.fetch(rawRequest({ body: SMALL }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toEqual(['Olá 🚀 你好']);
  });

  it('401 when the signature header is missing, pointing at secret: false for older servers', async () => {
    const { agent, seen } = counted();
    await expectRejection(
      await agent.fetch(rawRequest({ body: SMALL, signature: undefined })),
      401,
      'E_SIGNATURE',
      /Missing X-Chatwoot-Signature.*secret: false/,
    );
    expect(seen).toEqual([]);
  });

  it('401 when the timestamp header is missing', async () => {
    const { agent, seen } = counted();
    await expectRejection(
      await agent.fetch(rawRequest({ body: SMALL, timestamp: undefined, signature: `sha256=${hmacHex(SECRET, SMALL)}` })),
      401,
      'E_SIGNATURE',
      /Missing X-Chatwoot-Timestamp/,
    );
    expect(seen).toEqual([]);
  });

  it.each([
    ['another algorithm', `sha1=${'a'.repeat(40)}`],
    ['no prefix', 'b'.repeat(64)],
    ['not hex', `sha256=${'z'.repeat(64)}`],
    ['too short', `sha256=${'a'.repeat(63)}`],
    ['too long', `sha256=${'a'.repeat(66)}`],
    ['base64', `sha256=${Buffer.alloc(32, 7).toString('base64')}`],
  ])('401 for a malformed signature (%s)', async (_label, signature) => {
    const { agent, seen } = counted();
    await expectRejection(await agent.fetch(rawRequest({ body: SMALL, signature })), 401, 'E_SIGNATURE', /Malformed X-Chatwoot-Signature/);
    expect(seen).toEqual([]);
  });

  it.each([
    ['an ISO date', '2026-03-02T10:20:00Z'],
    ['milliseconds with a fraction', `${NOW_S}.250`],
    ['a negative number', '-1772446800'],
    ['an exponent', '1.7724468e9'],
    ['letters', 'yesterday'],
  ])('401 for a malformed timestamp (%s)', async (_label, timestamp) => {
    const { agent, seen } = counted();
    await expectRejection(await agent.fetch(rawRequest({ body: SMALL, timestamp })), 401, 'E_SIGNATURE', /Malformed X-Chatwoot-Timestamp/);
    expect(seen).toEqual([]);
  });

  it('401 for the wrong secret, hinting at the access token mix-up', async () => {
    const { agent, seen } = counted();
    const message = await expectRejection(await agent.fetch(rawRequest({ body: SMALL, secret: 'another-secret' })), 401, 'E_SIGNATURE', /Signature mismatch/);
    expect(message).toMatch(/not its access token/);
    expect(message).toMatch(/raw body/);
    expect(seen).toEqual([]);
  });

  it('401 when the sender signed with the bot token instead of the secret, without echoing either', async () => {
    const { agent } = counted();
    await expectRejection(await agent.fetch(rawRequest({ body: SMALL, secret: BOT_TOKEN })), 401, 'E_SIGNATURE', /Signature mismatch/);
  });

  it('401 when the body was signed without the timestamp, and says so', async () => {
    const { agent, seen } = counted();
    await expectRejection(
      await agent.fetch(rawRequest({ body: SMALL, signature: `sha256=${hmacHex(SECRET, SMALL)}` })),
      401,
      'E_SIGNATURE',
      /timestamp was not included in the signed string/,
    );
    expect(seen).toEqual([]);
  });

  it('401 for upper-case hex: Chatwoot writes lowercase, and one digest has one spelling', async () => {
    const { agent, seen } = counted();
    const signature = `sha256=${hmacHex(SECRET, `${NOW_S}.`, SMALL).toUpperCase()}`;
    await expectRejection(await agent.fetch(rawRequest({ body: SMALL, signature })), 401, 'E_SIGNATURE', /64 lowercase hex digits/);
    expect(seen).toEqual([]);
  });
});

describe('Chatwoot deliveries: timestamp window', () => {
  const at = (offsetSeconds: number): string => String(NOW_S + offsetSeconds);

  it('accepts a delivery signed 300 s ago, refuses one signed 301 s ago', async () => {
    const { agent, seen } = counted();
    expect((await agent.fetch(rawRequest({ body: SMALL, timestamp: at(-300) }))).status).toBe(200);
    await expectRejection(
      await agent.fetch(rawRequest({ body: SMALL, timestamp: at(-301) })),
      401,
      'E_SIGNATURE',
      /Stale X-Chatwoot-Timestamp.*301 s ago.*300 s/,
    );
    expect(seen).toHaveLength(1);
  });

  it('refuses a replay an hour later', async () => {
    const { agent } = counted();
    await expectRejection(await agent.fetch(rawRequest({ body: SMALL, timestamp: at(-3600) })), 401, 'E_SIGNATURE', /Stale/);
  });

  it('accepts 30 s in the future, refuses 31 s', async () => {
    const { agent, seen } = counted();
    expect((await agent.fetch(rawRequest({ body: SMALL, timestamp: at(30) }))).status).toBe(200);
    await expectRejection(await agent.fetch(rawRequest({ body: SMALL, timestamp: at(31) })), 401, 'E_SIGNATURE', /31 s in the future/);
    expect(seen).toHaveLength(1);
  });

  it('compares exactly, without rounding to whole seconds: 30.5 s ahead or 300.4 s old is outside the window', async () => {
    // The clock half a second past NOW_S: a timestamp 31 s after NOW_S is 30.5 s ahead, which rounding made 30.
    const agent = makeAgent({}, { now: () => NOW + 500 });
    await expectRejection(await agent.fetch(rawRequest({ body: SMALL, timestamp: at(31) })), 401, 'E_SIGNATURE', /30\.5 s in the future.*at most 30 s/);
    const older = makeAgent({}, { now: () => NOW + 400 });
    await expectRejection(await older.fetch(rawRequest({ body: SMALL, timestamp: at(-300) })), 401, 'E_SIGNATURE', /300\.4 s ago/);
    // Inside the window by a fraction of a second is still inside.
    expect((await agent.fetch(rawRequest({ body: SMALL, timestamp: at(30) }))).status).toBe(200);
  });

  it('honours a custom timestampTolerance', async () => {
    const agent = makeAgent({ timestampTolerance: { pastSeconds: 60, futureSeconds: 5 } }, { now: () => NOW });
    expect((await agent.fetch(rawRequest({ body: SMALL, timestamp: at(-60) }))).status).toBe(200);
    await expectRejection(await agent.fetch(rawRequest({ body: SMALL, timestamp: at(-61) })), 401, 'E_SIGNATURE', /at most 60 s/);
    expect((await agent.fetch(rawRequest({ body: SMALL, timestamp: at(5) }))).status).toBe(200);
    await expectRejection(await agent.fetch(rawRequest({ body: SMALL, timestamp: at(6) })), 401, 'E_SIGNATURE', /at most 5 s/);
  });

  it('a wider window accepts what the default refuses', async () => {
    const agent = makeAgent({ timestampTolerance: { pastSeconds: 900 } }, { now: () => NOW });
    expect((await agent.fetch(rawRequest({ body: SMALL, timestamp: at(-800) }))).status).toBe(200);
  });

  it('uses the injected clock, not the machine clock', async () => {
    const later = makeAgent({}, { now: () => NOW + 10 * 60_000 });
    await expectRejection(await later.fetch(rawRequest({ body: SMALL })), 401, 'E_SIGNATURE', /Stale/);
  });
});

describe('Chatwoot deliveries: secret rotation and unsigned servers', () => {
  it('accepts a delivery signed with the second of several secrets', async () => {
    const agent = makeAgent({ secret: ['the-new-secret', SECRET] }, { now: () => NOW });
    expect((await agent.fetch(rawRequest({ body: SMALL, secret: SECRET }))).status).toBe(200);
    expect((await agent.fetch(rawRequest({ body: SMALL, secret: 'the-new-secret' }))).status).toBe(200);
    await expectRejection(await agent.fetch(rawRequest({ body: SMALL, secret: 'a-retired-secret' })), 401, 'E_SIGNATURE', /Signature mismatch/);
  });

  it('secret: false accepts unsigned deliveries', async () => {
    const agent = makeAgent({ secret: false }, { now: () => NOW });
    const seen: string[] = [];
    agent.on('message_created', (ctx) => {
      seen.push(ctx.message.text ?? '');
    });
    const response = await agent.fetch(new Request(URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: SMALL }));
    expect(response.status).toBe(200);
    expect(seen).toEqual(['Olá 🚀 你好']);
  });

  it('secret: false still refuses what is not a delivery', async () => {
    const agent = makeAgent({ secret: false });
    await expectRejection(await agent.fetch(new Request(URL, { method: 'POST', body: '{"no":"event"}' })), 400, 'E_PAYLOAD', /"event"/);
  });
});

describe('Chatwoot deliveries: raw bytes', () => {
  it('verifies a body with accents, emoji and CJK, and the handler sees the exact text', async () => {
    const text = 'Ação rápida, s’il vous plaît — 👩🏽‍💻🚀 注文はどこですか？ 你好 ñandú Ωμέγα';
    const agent = makeAgent();
    const seen: (string | undefined)[] = [];
    agent.on('message_created', (ctx) => {
      seen.push(ctx.message.text);
    });
    const response = await agent.fetch(signedChatwootRequest({ secret: SECRET, body: message({ content: text }) }));
    expect(response.status).toBe(200);
    expect(seen).toEqual([text]);
  });

  it('verifies the bytes as sent, not a re-serialization (escaped unicode, odd spacing)', async () => {
    const body = `{ "event" : "message_created", "id": 2, "content": "caf\\u00e9 \\ud83d\\ude80", "message_type": "incoming",\n  "conversation": {"id": 5, "status": "pending"} }`;
    const { agent, seen } = counted();
    const response = await agent.fetch(rawRequest({ body: encoder.encode(body) }));
    expect(response.status).toBe(200);
    expect(seen).toEqual(['café 🚀']);
  });

  it('refuses every single-byte change to the body', async () => {
    const { agent, seen } = counted();
    const bytes = encoder.encode(SMALL);
    const signature = `sha256=${hmacHex(SECRET, `${NOW_S}.`, bytes)}`;
    const statuses = new Set<number>();
    for (let i = 0; i < bytes.length; i++) {
      for (const flip of [0x01, 0x20, 0x80]) {
        const tampered = bytes.slice();
        tampered[i] = (tampered[i] as number) ^ flip;
        const response = await agent.fetch(rawRequest({ body: tampered, signature }));
        statuses.add(response.status);
        expect(response.status, `byte ${i} ^ ${flip}`).toBe(401);
        await response.body?.cancel();
      }
    }
    expect([...statuses]).toEqual([401]);
    expect(seen).toEqual([]);
    // The untouched bytes pass.
    expect((await agent.fetch(rawRequest({ body: bytes, signature }))).status).toBe(200);
  });

  it('refuses every single-character change to the signature, case changes included', async () => {
    const { agent, seen } = counted();
    const signature = `sha256=${hmacHex(SECRET, `${NOW_S}.`, SMALL)}`;
    const alphabet = '0123456789abcdefABCDEFxS= ';
    let tried = 0;
    for (let i = 0; i < signature.length; i++) {
      for (const replacement of alphabet) {
        if (replacement === signature[i]) continue;
        const forged = signature.slice(0, i) + replacement + signature.slice(i + 1);
        const response = await agent.fetch(rawRequest({ body: SMALL, signature: forged }));
        expect(response.status, `signature ${forged}`).toBe(401);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('E_SIGNATURE');
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(71 * 20);
    expect(seen).toEqual([]);
    expect((await agent.fetch(rawRequest({ body: SMALL, signature }))).status).toBe(200);
  });

  it('refuses every single-digit change to the signed timestamp', async () => {
    const { agent, seen } = counted();
    const timestamp = String(NOW_S);
    const signature = `sha256=${hmacHex(SECRET, `${timestamp}.`, SMALL)}`;
    for (let i = 0; i < timestamp.length; i++) {
      for (const digit of '0123456789') {
        if (digit === timestamp[i]) continue;
        const forged = timestamp.slice(0, i) + digit + timestamp.slice(i + 1);
        const response = await agent.fetch(rawRequest({ body: SMALL, signature, timestamp: forged }));
        expect(response.status, `timestamp ${forged}`).toBe(401);
        await response.body?.cancel();
      }
    }
    expect(seen).toEqual([]);
  });
});

describe('Chatwoot deliveries: bodies and methods', () => {
  it('400 E_PAYLOAD for a signed body that is not JSON', async () => {
    const { agent } = counted();
    await expectRejection(await agent.fetch(rawRequest({ body: 'event=message_created&id=1' })), 400, 'E_PAYLOAD', /not valid JSON/);
  });

  it('400 naming the field for a schema mismatch', async () => {
    const { agent, seen } = counted();
    const body = message();
    delete body.conversation.id;
    const text = await expectRejection(
      await agent.fetch(signedChatwootRequest({ secret: SECRET, body, timestamp: NOW_S })),
      400,
      'E_PAYLOAD',
      /"conversation\.id"/,
    );
    expect(text).toMatch(/message_created/);
    expect(seen).toEqual([]);
  });

  it('400 naming message_type when it has the wrong type', async () => {
    const { agent } = counted();
    await expectRejection(
      await agent.fetch(signedChatwootRequest({ secret: SECRET, body: message({ messageType: [0] as unknown as number }), timestamp: NOW_S })),
      400,
      'E_PAYLOAD',
      /"message_type"/,
    );
  });

  it('413 for a body over maxBodyBytes, before any parsing', async () => {
    const agent = makeAgent({}, { maxBodyBytes: 2_048 });
    const body = message({ content: 'x'.repeat(4_000) });
    await expectRejection(await agent.fetch(signedChatwootRequest({ secret: SECRET, body })), 413, 'E_BODY_TOO_LARGE', /maxBodyBytes/);
    // Also when the sender declares the length.
    const text = JSON.stringify(body);
    const declared = new Request(URL, { method: 'POST', headers: { 'content-length': String(Buffer.byteLength(text)) }, body: text });
    await expectRejection(await agent.fetch(declared), 413, 'E_BODY_TOO_LARGE');
  });

  it('405 for GET, with Allow: POST', async () => {
    const { agent } = counted();
    const response = await agent.fetch(new Request(URL, { method: 'GET' }));
    expect(response.headers.get('allow')).toBe('POST');
    await expectRejection(response, 405, 'E_METHOD', /POST/);
  });

  it('200 for an unknown Chatwoot event: no named handler runs, onAny sees it', async () => {
    const agent = makeAgent();
    const named: string[] = [];
    const any: string[] = [];
    for (const name of [
      'widget_triggered',
      'message_created',
      'message_updated',
      'conversation_started',
      'handed_off',
      'handed_back',
      'conversation_resolved',
    ] as const) {
      agent.on(
        name,
        () => {
          named.push(name);
        },
        { standby: true },
      );
    }
    agent.onAny((ctx) => {
      any.push(`${ctx.event.name}:${ctx.event.type}`);
    });
    const body = { event: 'conversation_typing_on', conversation: { id: 42, status: 'pending' }, user: { id: 9, name: 'Bruno' }, is_private: false };
    const response = await agent.fetch(signedChatwootRequest({ secret: SECRET, body }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(named).toEqual([]);
    expect(any).toEqual(['platform_event:conversation_typing_on']);
  });

  it('contact_* events: ctx.contact and no conversation (the contact id never poses as one), helpers refuse, 200', async () => {
    const agent = makeAgent();
    const seen: unknown[] = [];
    const refusals: unknown[] = [];
    agent.onAny(async (ctx) => {
      seen.push({ name: ctx.name, type: ctx.event.type, contact: ctx.contact.id, email: ctx.contact.email, conversation: ctx.conversation?.id });
      await ctx.reply('hello').catch((error: unknown) => void refusals.push(error));
    });
    // Chatwoot's contact webhook data: the contact itself, with what changed.
    const body = {
      event: 'contact_updated',
      id: 77,
      name: 'Ana Souza',
      email: 'ana@example.com',
      phone_number: '+5511999990000',
      identifier: null,
      thumbnail: '',
      additional_attributes: {},
      custom_attributes: { plan: 'gold' },
      account: { id: 3, name: 'Acme Inc' },
      changed_attributes: [{ email: { previous_value: 'ana@old.example', current_value: 'ana@example.com' } }],
    };
    const response = await agent.fetch(signedChatwootRequest({ secret: SECRET, body }));
    expect(response.status).toBe(200);
    expect(seen).toEqual([{ name: 'contact_event', type: 'contact_updated', contact: '77', email: 'ana@example.com', conversation: undefined }]);
    expect(refusals).toHaveLength(1);
    expect((refusals[0] as { code?: string }).code).toBe('E_UNSUPPORTED');
    // Nothing was recorded under the contact's id as if it were a conversation.
    expect(await agent.conversation(77).owner()).toBe('none');
  });

  it("a contact event that names the contact's conversation belongs to it", async () => {
    const agent = makeAgent();
    const conversations: (string | undefined)[] = [];
    agent.onAny((ctx) => void conversations.push(ctx.conversation?.id));
    const body = { event: 'contact_updated', id: 77, name: 'Ana Souza', account: { id: 3 }, conversation_id: 42 };
    expect((await agent.fetch(signedChatwootRequest({ secret: SECRET, body }))).status).toBe(200);
    expect(conversations).toEqual(['42']);
  });

  it('agent.receive takes the same delivery as plain values', async () => {
    const { agent, seen } = counted();
    const answer = await agent.receive(signedChatwootDelivery({ secret: SECRET, body: SMALL, timestamp: NOW_S }));
    expect(answer.status).toBe(200);
    expect(seen).toEqual(['Olá 🚀 你好']);
  });

  it('no rejection carries the secret or the bot token', async () => {
    const { agent } = counted();
    const answers = await Promise.all([
      agent.fetch(rawRequest({ body: SMALL, signature: undefined })),
      agent.fetch(rawRequest({ body: SMALL, secret: BOT_TOKEN })),
      agent.fetch(rawRequest({ body: SMALL, timestamp: String(NOW_S - 10_000) })),
      agent.fetch(rawRequest({ body: '{"event":"message_created"' })),
      agent.fetch(rawRequest({ body: JSON.stringify({ event: 'message_created', id: 1, message_type: 'x', conversation: { id: 1 } }) })),
    ]);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 400, 400]);
    for (const answer of answers) expectNoSecrets(await answer.text());
  });
});
