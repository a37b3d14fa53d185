// Any verified body is answered 2xx or 4xx, never 5xx (a 5xx makes the platform redeliver it forever): real-shape
// payloads of every adapter, one field replaced or added with a deep, malformed or hostile-key value, signed
// correctly, over the agent; the bot replies to messages, the platform APIs are answered by msw. No answer and no
// log line carries a secret of the adapter's options.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chatwoot } from '../../src/adapters/chatwoot/index.js';
import { hootsuite } from '../../src/adapters/hootsuite/index.js';
import { iadvize } from '../../src/adapters/iadvize/index.js';
import { livechat } from '../../src/adapters/livechat/index.js';
import { messenger } from '../../src/adapters/messenger/index.js';
import { qualtrics } from '../../src/adapters/qualtrics/index.js';
import { route, sunshine } from '../../src/adapters/sunshine/index.js';
import { whatsapp } from '../../src/adapters/whatsapp/index.js';
import { type Adapter, type Logger, silentLogger, type SubmittedValue, VirtualAgent } from '../../src/index.js';
import { signedChatwootRequest } from '../../src/testing/chatwoot.js';
import * as cw from '../adapters/chatwoot/support.js';
import * as hs from '../adapters/hootsuite/support.js';
import * as ia from '../adapters/iadvize/support.js';
import * as lc from '../adapters/livechat/support.js';
import * as ms from '../adapters/messenger/support.js';
import * as qx from '../adapters/qualtrics/support.js';
import * as ss from '../adapters/sunshine/support.js';
import * as wa from '../adapters/whatsapp/support.js';

type Json = Record<string, unknown>;

const DEPTH = 100_000;
/** Hostile values as JSON text: they are spliced into the body's text (a 100,000-deep value cannot be stringified). */
const HOSTILE: readonly string[] = [
  '['.repeat(DEPTH) + ']'.repeat(DEPTH),
  '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH),
  '[{"x":'.repeat(DEPTH / 2) + 'null' + '}]'.repeat(DEPTH / 2),
  '"https://cdn.example.com/files/%E0%A4%A.png"',
  '"%"',
  '"https://cdn.example.com/%ZZ/%"',
  '"\\ud800 lone surrogate"',
  '{"__proto__":{"email":"spoof@example.com","isVip":true},"constructor":{"prototype":{"polluted":true}},"prototype":1}',
  '[{"__proto__":{"length":5}}]',
  '{"toString":1,"valueOf":"x","hasOwnProperty":null}',
  '1e400',
  '-0',
  '""',
  'null',
  '[]',
  '{}',
  'true',
  '123456789012345678901234567890',
];

interface Platform {
  name: string;
  adapter(): Adapter;
  /** The secrets of the adapter's options: none may appear in an answer or a log line. */
  secrets: readonly string[];
  /** Real-shape payloads. */
  payloads(): Json[];
  /** A signed request with exactly this body text. */
  request(text: string): Request;
  now: () => number;
}

/** Sunshine's samples, their times moved to now (the agent refuses events older than its dedupe window). */
function sunshineSamples(...files: string[]): Json[] {
  const now = new Date(Date.now() - 60_000).toISOString();
  const byFile = new Map(ss.samples().map((sample) => [sample.file, sample.body]));
  return files.map((file) => JSON.parse(JSON.stringify(byFile.get(file)), (key, value) => (key === 'createdAt' || key === 'received' ? now : value)) as Json);
}

/** A Sunshine delivery with exactly this body text, its X-API-Key the webhook secret. */
function sunshineRequest(text: string): Request {
  return new Request(SUNSHINE_WEBHOOK, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': ss.WEBHOOK_SECRET }, body: text });
}

/** A WhatsApp sample of test/fixtures/whatsapp, its item times moved to now. */
function whatsappSample(name: string): Json {
  return wa.fresh(JSON.parse(readFileSync(new URL(`../fixtures/whatsapp/${name}.json`, import.meta.url), 'utf8')) as Json);
}

/** A call of iAdvize's bot connector to `path`, signed with the connector secret. */
function iadvizeRequest(path: string): (text: string) => Request {
  return (text) =>
    new Request(`https://bot.example.com/iadvize${path}?idConnectorVersion=cv-1&idWebsite=42`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-iadvize-signature': ia.sign(text) },
      body: text,
    });
}

// WhatsApp's Graph stand-in on a host of its own: Messenger's takes graph.test.
const WHATSAPP_GRAPH = 'http://whatsapp-graph.test';
const SUNSHINE_WEBHOOK = 'https://bot.example.com/sunshine';
const LIVECHAT_WEBHOOK = 'https://bot.example.com/livechat';

const PLATFORMS: readonly Platform[] = [
  {
    name: 'chatwoot',
    adapter: () => chatwoot({ ...cw.adapterOptions(), retries: 0 }),
    secrets: [cw.SECRET, cw.BOT_TOKEN],
    payloads: () => [
      cw.message({ content: 'hello', attachments: [{ id: 1, file_type: 'image', data_url: 'https://cdn.example.com/a%20b.png' }] }),
      cw.selectAnswer(),
      cw.conversation({ previous: 'pending', status: 'open' }),
      cw.widget(),
      { ...cw.message(), event: 'some_future_event' },
    ],
    // Without a delivery id, so that the keys come from the body.
    request: (text) => signedChatwootRequest({ secret: cw.SECRET, body: text }),
    now: Date.now,
  },
  {
    name: 'messenger',
    adapter: () => messenger(ms.baseOptions()),
    secrets: [ms.APP_SECRET, ms.PAGE_TOKEN, ms.VERIFY_TOKEN],
    payloads: () => [
      ms.deliveryOf([ms.textItem('6789012345678901', 'hello')]),
      ms.deliveryOf([ms.postbackItem('6789012345678901', 'Start', 'START')]),
      ms.deliveryOf([ms.passItem('6789012345678901', ms.APP_ID, ms.INBOX_APP_ID)]),
      ms.deliveryOf([ms.readItem('6789012345678901', 1)]),
    ],
    request: (text) => ms.signedRequest(text),
    now: Date.now,
  },
  {
    name: 'qualtrics',
    adapter: () => qualtrics(qx.adapterOptions()),
    secrets: [qx.ACCESS_TOKEN, qx.CLIENT_SECRET],
    payloads: () => [qx.mention({ text: 'hello' })],
    request: (text) => qx.recipeRequest(undefined, { raw: text }),
    now: Date.now,
  },
  {
    name: 'hootsuite',
    adapter: () => hootsuite({ sharedSecret: hs.SECRET_HEX, apiUrl: hs.API }),
    secrets: [hs.SECRET_HEX, Buffer.from(hs.SECRET_HEX, 'hex').toString('base64')],
    payloads: () => [hs.inbound({ text: 'hello' }), hs.started(), hs.delegated()],
    request: (text) => hs.signedRequest(text),
    now: () => hs.NOW,
  },
  {
    name: 'sunshine',
    adapter: () => sunshine(ss.adapterOptions()),
    secrets: [ss.WEBHOOK_SECRET, ss.KEY_SECRET, ss.BASIC.slice('Basic '.length)],
    payloads: () => [
      ...sunshineSamples(
        'conversation_message.json',
        'conversation_postback.json',
        'switchboard_passControl.json',
        'switchboard_offerControl.json',
        'conversation_typing.json',
      ),
      ss.envelope(ss.userMessage('conv-1', 'hello', { locale: 'fr-CA' })),
      ss.envelope(ss.businessMessage('conv-1', 'on it', ss.AGENT_WORKSPACE, 'zd:agentWorkspace')),
    ],
    request: (text) => sunshineRequest(text),
    now: Date.now,
  },
  {
    name: 'whatsapp',
    adapter: () => whatsapp(wa.baseOptions({ apiUrl: WHATSAPP_GRAPH })),
    secrets: [wa.APP_SECRET, wa.ACCESS_TOKEN, wa.VERIFY_TOKEN],
    payloads: () => [
      whatsappSample('text-message'),
      whatsappSample('interactive-button-reply'),
      whatsappSample('messaging-handovers-control-passed'),
      whatsappSample('status-failed'),
      wa.delivery([wa.standbyChange({ contacts: { '16505551234': 'Ana' }, message_echoes: [wa.textMessage('16505551234', 'from the inbox')] })]),
    ],
    request: (text) => wa.signedRequest(text),
    now: Date.now,
  },
  {
    name: 'livechat',
    adapter: () => livechat(lc.adapterOptions()),
    secrets: [lc.WEBHOOK_SECRET, lc.BOT_SECRET],
    payloads: () => [
      lc.incomingMessage('hello'),
      lc.incomingChat(),
      lc.v36('incoming_rich_message_postback'),
      lc.transferred({ agent_ids: [lc.AGENT_ID], group_ids: [2] }),
      lc.v36('user_added_to_chat'),
      lc.deactivated(),
    ],
    request: (text) => new Request(LIVECHAT_WEBHOOK, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }),
    now: Date.now,
  },
  {
    name: 'iadvize POST /conversations',
    adapter: () => iadvize(ia.adapterOptions()),
    secrets: [ia.SECRET],
    payloads: () => [{ ...ia.startBody(), history: [ia.messageBody('hi').message, ia.messageBody('Hello, how can I help?', 'operator').message] }],
    request: iadvizeRequest('/conversations'),
    now: Date.now,
  },
  {
    name: 'iadvize POST /conversations/:id/messages',
    adapter: () => iadvize(ia.adapterOptions()),
    secrets: [ia.SECRET],
    payloads: () => [ia.messageBody('hello'), ia.messageBody('Hello, how can I help?', 'operator')],
    request: iadvizeRequest(`/conversations/${ia.CONVERSATION}/messages`),
    now: Date.now,
  },
];

const engagor = qx.fakeEngagor();
const chatwootApi = cw.fakeChatwoot();
const graph = ms.fakeGraph();
const whatsappGraph = wa.fakeGraph(`${WHATSAPP_GRAPH}/v21.0`);
const sunshineApi = ss.fakeApi();
const liveChatApi = lc.fakeLiveChat();
const server = setupServer(
  ...engagor.handlers,
  ...chatwootApi.handlers,
  ...graph.handlers,
  ...whatsappGraph.handlers,
  ...sunshineApi.handlers,
  ...liveChatApi.handlers,
);
// The test's own calls to the webhook servers on 127.0.0.1 pass; any other call nothing answers fails.
beforeAll(() => server.listen({ onUnhandledRequest: (request, print) => (new URL(request.url).hostname === '127.0.0.1' ? undefined : print.error()) }));
afterEach(() => {
  engagor.state.reset();
  chatwootApi.state.reset();
  graph.graph.reset();
  whatsappGraph.graph.reset();
  sunshineApi.reset();
  liveChatApi.state.reset();
});
afterAll(() => server.close());

/** Every path in a JSON value (objects and arrays), the root's children first. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, inner] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf(inner, path, out);
  }
  return out;
}

const PLACEHOLDER = '\u0000hostile\u0000';

/** The payload's JSON text with the value at `path` (or a new key beside it) replaced by `hostile`. */
function spliced(payload: Json, path: readonly (string | number)[], hostile: string, addBeside: boolean): string {
  const copy = structuredClone(payload);
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (addBeside && !Array.isArray(parent)) parent[`extra_${String(last)}`] = PLACEHOLDER;
  else parent[last] = PLACEHOLDER;
  return JSON.stringify(copy).replace(JSON.stringify(PLACEHOLDER), hostile);
}

/** A logger that keeps every line, its meta included. */
function keptLogger(lines: string[]): Logger {
  const keep = (message: string, meta?: Record<string, unknown>) => void lines.push(`${message} ${meta === undefined ? '' : JSON.stringify(meta)}`);
  return { warn: keep, error: keep };
}

describe.each(PLATFORMS)('verified bodies are answered 2xx or 4xx: $name', (platform) => {
  const lines: string[] = [];
  let replies = 0;
  // Handlers read what the context offers and answer messages, as a bot would.
  const makeAgent = (): VirtualAgent => {
    const agent = new VirtualAgent({ adapter: platform.adapter(), logger: keptLogger(lines), now: platform.now, onHandlerError: 'ignore' });
    agent.onAny((ctx) => {
      void [ctx.conversation?.id, ctx.contact?.id, ctx.contact?.attributes?.email, JSON.stringify(ctx.event.name)];
    });
    agent.on('message_created', async (ctx) => {
      await ctx.reply(`You said: ${(ctx.message.text ?? '').slice(0, 40)}`);
      replies += 1;
    });
    agent.on('conversation_started', async (ctx) => {
      await ctx.reply('Hello!');
      replies += 1;
    });
    return agent;
  };
  const agent = makeAgent();
  const expectNoSecret = (answer: string): void => {
    for (const secret of platform.secrets) {
      expect(answer).not.toContain(secret);
      for (const line of lines) expect(line).not.toContain(secret);
    }
    lines.length = 0;
  };
  const payloads = platform.payloads();
  const cases = payloads.flatMap((payload) => pathsOf(payload).map((path) => ({ payload, path })));

  it('answers the real payloads as they are with 200, the bot replying through the platform (msw)', async () => {
    for (const payload of payloads) {
      const response = await agent.fetch(platform.request(JSON.stringify(payload)));
      const answer = await response.text();
      expect(response.status, answer).toBe(200);
      expectNoSecret(answer);
    }
    expect(replies).toBeGreaterThan(0);
  });

  it('holds for one field of a real payload replaced (or added) with a hostile value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), fc.constantFrom(...HOSTILE), fc.boolean(), async ({ payload, path }, hostile, addBeside) => {
        const text = spliced(payload, path, hostile, addBeside);
        // A fresh agent and store each run: no body is dropped as a repeat before its handlers and store writes.
        const response = await makeAgent().fetch(platform.request(text));
        const answer = await response.text();
        expect(response.status, `${path.join('.')} = ${hostile.slice(0, 40)}: ${answer}`).toBeLessThan(500);
        expect(response.status).toBeGreaterThanOrEqual(200);
        expectNoSecret(answer);
      }),
      { numRuns: 120 },
    );
    // 120 deliveries, a third of them bodies of 200 to 600 KB: more than the default 20 s on a busy machine.
  }, 90_000);

  it('holds for the whole body replaced by a hostile value', async () => {
    for (const hostile of HOSTILE) {
      const response = await agent.fetch(platform.request(hostile));
      const answer = await response.text();
      expect(response.status, `${hostile.slice(0, 40)}: ${answer}`).toBeLessThan(500);
      expectNoSecret(answer);
    }
  });
});

describe('the spots that answered 500 before', () => {
  const agent = new VirtualAgent({ adapter: chatwoot({ ...cw.adapterOptions(), retries: 0 }), logger: silentLogger, onHandlerError: 'ignore' });
  const deep = HOSTILE[0] as string;
  const send = async (payload: Json, path: string[], hostile: string): Promise<number> =>
    (await agent.fetch(signedChatwootRequest({ secret: cw.SECRET, body: spliced(payload, path, hostile, false) }))).status;

  it('chatwoot: an attachment url with a malformed % escape', async () => {
    const payload = cw.message({ attachments: [{ id: 1, file_type: 'file', data_url: 'https://cdn.example.com/x.pdf' }] });
    expect(await send(payload, ['attachments', '0', 'data_url'], '"https://cdn.example.com/report%E0%A4%A.pdf"')).toBe(200);
  });

  it('chatwoot: an unknown event without a delivery id, a deep value inside', async () => {
    expect(await send({ ...cw.message(), event: 'some_future_event' }, ['content_attributes'], deep)).toBe(200);
  });

  it('chatwoot: a conversation event without updated_at, a deep value inside', async () => {
    const payload = cw.conversation({ previous: 'pending', status: 'open' });
    delete payload.updated_at;
    expect(await send(payload, ['extra'], deep)).toBe(200);
  });

  it('chatwoot: deep submitted_values', async () => {
    const payload = cw.selectAnswer();
    expect(await send(payload, ['content_attributes', 'submitted_values'], `[{"title":"Yes","value":${deep}}]`)).toBeLessThan(500);
  });

  it('hootsuite: a contact attribute value nested 100,000 deep (the contact is remembered in the store)', async () => {
    const hootsuiteAgent = new VirtualAgent({
      adapter: hootsuite({ sharedSecret: hs.SECRET_HEX, apiUrl: hs.API }),
      logger: silentLogger,
      now: () => hs.NOW,
      onHandlerError: 'ignore',
    });
    const seen: unknown[] = [];
    hootsuiteAgent.onAny((ctx) => void seen.push(ctx.contact?.id));
    for (const payload of [hs.started(), hs.delegated()]) {
      const text = spliced(payload, ['data', 'contactAttributes', 5, 'value'], deep, false);
      expect((await hootsuiteAgent.fetch(hs.signedRequest(text))).status).toBe(200);
    }
    expect(seen.length).toBeGreaterThan(0);
  });

  it('livechat: a pre-chat form answer nested 100,000 deep (the form is read into submitted values)', async () => {
    const liveChatAgent = new VirtualAgent({ adapter: livechat(lc.adapterOptions()), logger: silentLogger, onHandlerError: 'ignore' });
    const submitted: SubmittedValue[] = [];
    liveChatAgent.onAny((ctx) => void submitted.push(...(('message' in ctx && ctx.message?.submitted) || [])));
    const text = spliced(lc.incomingChat(), ['payload', 'chat', 'thread', 'events', 0, 'fields', 0, 'value'], deep, false);
    const served = await lc.serve(liveChatAgent);
    try {
      const response = await served.post(undefined, text);
      expect(response.status, await response.text()).toBe(200);
    } finally {
      await served.close();
    }
    // The answer is read as its JSON text, at any depth.
    expect(submitted.find((field) => field.name === 'Name:')?.value).toBe(deep);
  });

  it('sunshine: a conversation id holding a lone surrogate (no API path can carry it: the reply and the escalation failed)', async () => {
    // The default policy: a failed handler escalates, and a failed escalation asks for a redelivery.
    const sunshineAgent = ss.sunshineAgent();
    let replied = 0;
    sunshineAgent.on('message_created', async (ctx) => {
      await ctx.reply('Hello!');
      replied += 1;
    });
    const reported: unknown[] = [];
    sunshineAgent.onError((error) => void reported.push(error));
    const text = spliced(ss.envelope(ss.userMessage('conv-1', 'hi')), ['events', 0, 'payload', 'conversation', 'id'], '"\\ud800 lone surrogate"', false);
    const response = await sunshineAgent.fetch(sunshineRequest(text));
    // A malformed event of a delivery is reported, not redelivered (as every malformed event of a Sunshine batch).
    expect(response.status, await response.text()).toBe(200);
    expect(replied).toBe(0);
    expect(reported).toEqual([expect.objectContaining({ code: 'E_PAYLOAD', message: expect.stringContaining('events.0.payload.conversation.id') })]);
  });

  it.each([
    ['author.id', ['author', 'id']],
    ['source.service', ['source', 'service']],
  ])('qualtrics: %s holding a lone surrogate (reading the contact tags in its path failed: 503 forever)', async (field, path) => {
    const qualtricsAgent = new VirtualAgent({ adapter: qualtrics(qx.adapterOptions()), logger: silentLogger });
    const response = await qualtricsAgent.fetch(
      qx.recipeRequest(undefined, { raw: spliced(qx.mention({ text: 'hello' }), path, '"\\ud800 lone surrogate"', false) }),
    );
    const answer = await response.text();
    expect(response.status, answer).toBe(400);
    expect((JSON.parse(answer) as { error: { message: string } }).error.message).toContain(`field "${field}" is invalid (must be well-formed Unicode`);
  });

  describe('sunshine route(): one webhook URL in front of an agent per channel', () => {
    const web = ss.sunshineAgent({}, { onHandlerError: 'ignore' });
    const other = ss.sunshineAgent({}, { onHandlerError: 'ignore' });
    const seen: string[] = [];
    web.onAny((ctx) => void seen.push(`web ${ctx.event.name}`));
    other.onAny((ctx) => void seen.push(`whatsapp ${ctx.event.name}`));
    const postRouted = async (text: string): Promise<number> => {
      const served = await ss.listen(route({ web, whatsapp: other }));
      try {
        return (await ss.post(served.url, text)).status;
      } finally {
        await served.close();
      }
    };

    it('a delivery with a value nested 100,000 deep (re-serialized for each agent)', async () => {
      seen.length = 0;
      const delivery = ss.envelope(ss.userMessage('conv-deep-1', 'hello', { channel: 'web' }), ss.userMessage('conv-deep-2', 'hi', { channel: 'whatsapp' }));
      expect(await postRouted(spliced(delivery, ['events', 0, 'payload', 'message', 'metadata'], deep, false))).toBe(200);
      expect(seen.sort()).toEqual(['web message_created', 'whatsapp message_created']);
    });

    it('an event whose activity is null (read like an event without one)', async () => {
      const [typing] = sunshineSamples('conversation_typing.json');
      expect(await postRouted(spliced(typing as Json, ['events', 0, 'payload', 'activity'], 'null', false))).toBeLessThan(500);
    });
  });

  it('messenger: an item without a timestamp, a deep value inside', async () => {
    const messengerAgent = new VirtualAgent({ adapter: messenger(ms.baseOptions()), logger: silentLogger, onHandlerError: 'ignore' });
    const item = ms.textItem('6789012345678901', 'hello');
    delete item.timestamp;
    const text = spliced(ms.deliveryOf([item]), ['entry', 0, 'messaging', 0, 'extra'], deep, false);
    expect((await messengerAgent.fetch(ms.signedRequest(text))).status).toBeLessThan(500);
  });
});
