// Any verified body is answered 2xx or 4xx, never 5xx (a 5xx makes the platform redeliver it forever): real-shape
// payloads of every adapter, one field replaced or added with a deep, malformed or hostile-key value, signed
// correctly, over the agent.
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chatwoot } from '../../src/adapters/chatwoot/index.js';
import { hootsuite } from '../../src/adapters/hootsuite/index.js';
import { messenger } from '../../src/adapters/messenger/index.js';
import { qualtrics } from '../../src/adapters/qualtrics/index.js';
import { type Adapter, silentLogger, VirtualAgent } from '../../src/index.js';
import { signedChatwootRequest } from '../../src/testing/chatwoot.js';
import * as cw from '../adapters/chatwoot/support.js';
import * as hs from '../adapters/hootsuite/support.js';
import * as ms from '../adapters/messenger/support.js';
import * as qx from '../adapters/qualtrics/support.js';

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
  /** Real-shape payloads. */
  payloads(): Json[];
  /** A signed request with exactly this body text. */
  request(text: string): Request;
  now: () => number;
}

const PLATFORMS: readonly Platform[] = [
  {
    name: 'chatwoot',
    adapter: () => chatwoot({ ...cw.adapterOptions(), retries: 0 }),
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
    payloads: () => [qx.mention({ text: 'hello' })],
    request: (text) => qx.recipeRequest(undefined, { raw: text }),
    now: Date.now,
  },
  {
    name: 'hootsuite',
    adapter: () => hootsuite({ sharedSecret: hs.SECRET_HEX, apiUrl: hs.API }),
    payloads: () => [hs.inbound({ text: 'hello' }), hs.started(), hs.delegated()],
    request: (text) => hs.signedRequest(text),
    now: () => hs.NOW,
  },
];

const engagor = qx.fakeEngagor();
const server = setupServer(...engagor.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => engagor.state.reset());
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

describe.each(PLATFORMS)('verified bodies are answered 2xx or 4xx: $name', (platform) => {
  const agent = new VirtualAgent({ adapter: platform.adapter(), logger: silentLogger, now: platform.now, onHandlerError: 'ignore' });
  // Handlers read what the context offers, as a bot would.
  agent.onAny((ctx) => {
    void [ctx.conversation?.id, ctx.contact?.id, ctx.contact?.attributes?.email, JSON.stringify(ctx.event.name)];
  });
  const payloads = platform.payloads();
  const cases = payloads.flatMap((payload) => pathsOf(payload).map((path) => ({ payload, path })));

  it('holds for one field of a real payload replaced (or added) with a hostile value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), fc.constantFrom(...HOSTILE), fc.boolean(), async ({ payload, path }, hostile, addBeside) => {
        const text = spliced(payload, path, hostile, addBeside);
        const response = await agent.fetch(platform.request(text));
        const answer = await response.text();
        expect(response.status, `${path.join('.')} = ${hostile.slice(0, 40)}: ${answer}`).toBeLessThan(500);
        expect(response.status).toBeGreaterThanOrEqual(200);
      }),
      { numRuns: 120 },
    );
  });

  it('holds for the whole body replaced by a hostile value', async () => {
    for (const hostile of HOSTILE) {
      const response = await agent.fetch(platform.request(hostile));
      expect(response.status, `${hostile.slice(0, 40)}: ${await response.text()}`).toBeLessThan(500);
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

  it('messenger: an item without a timestamp, a deep value inside', async () => {
    const messengerAgent = new VirtualAgent({ adapter: messenger(ms.baseOptions()), logger: silentLogger, onHandlerError: 'ignore' });
    const item = ms.textItem('6789012345678901', 'hello');
    delete item.timestamp;
    const text = spliced(ms.deliveryOf([item]), ['entry', 0, 'messaging', 0, 'extra'], deep, false);
    expect((await messengerAgent.fetch(ms.signedRequest(text))).status).toBeLessThan(500);
  });
});
