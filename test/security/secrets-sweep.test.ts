// The secrets sweep: every adapter's platform (an msw stand-in) echoes the request it got — URL, headers, body —
// and the adapter's secrets in every failure mode (an error status with a JSON body, a text body, a 2xx error
// envelope, the status line and the answer's headers). The test then scans everything the SDK hands back: the
// webhook answer, the errors helpers reject with (message, details, cause), what onError gets, and every log line,
// for each secret in every encoding it may travel in.
import { inspect } from 'node:util';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chatwoot } from '../../src/adapters/chatwoot/index.js';
import { hootsuite } from '../../src/adapters/hootsuite/index.js';
import { messenger } from '../../src/adapters/messenger/index.js';
import { qualtrics } from '../../src/adapters/qualtrics/index.js';
import { sunshine } from '../../src/adapters/sunshine/index.js';
import { type Adapter, type Logger, VirtualAgent } from '../../src/index.js';
import * as cw from '../adapters/chatwoot/support.js';
import * as hs from '../adapters/hootsuite/support.js';
import * as ms from '../adapters/messenger/support.js';
import * as qx from '../adapters/qualtrics/support.js';
import * as sx from '../adapters/sunshine/support.js';
import { signedChatwootRequest } from '../../src/testing/chatwoot.js';

type Mode = 'json-status' | 'text-status' | 'envelope-2xx' | 'status-line' | 'headers';
const MODES: readonly Mode[] = ['json-status', 'text-status', 'envelope-2xx', 'status-line', 'headers'];

interface Platform {
  name: string;
  /** Where the stand-in answers. */
  hosts: readonly string[];
  /** The secrets given to the adapter (and the credentials it derives from them). */
  secrets: readonly string[];
  /** Encoded credentials sent as they are (Basic's base64 of id:secret). */
  sent: readonly string[];
  adapter(): Adapter;
  /** A signed delivery whose handler calls the platform. */
  delivery(): Request;
  /** The id of a conversation for a helper outside a webhook. */
  conversationId: string;
  /** Whether the platform reports errors inside 2xx answers (an envelope). */
  envelope: boolean;
  /** A helper outside a webhook that calls the platform (none where it needs a delivery first). */
  outside?(agent: VirtualAgent, conversationId: string): Promise<unknown>;
  /** A successful answer for calls that must pass for the failing one to be reached (Hootsuite's token). */
  pass?(url: URL): Response | undefined;
}

const PLATFORMS: readonly Platform[] = [
  {
    name: 'chatwoot',
    hosts: [cw.BASE_URL],
    secrets: [cw.BOT_TOKEN, cw.SECRET],
    sent: [],
    adapter: () => chatwoot({ ...cw.adapterOptions(), retries: 0 }),
    delivery: () => signedChatwootRequest({ secret: cw.SECRET, body: cw.message({ content: 'hello' }) }),
    conversationId: '7',
    envelope: false,
    outside: (agent, id) => agent.conversation(id).reply('Your order shipped.'),
  },
  {
    name: 'messenger',
    hosts: [ms.GRAPH],
    secrets: [ms.PAGE_TOKEN, ms.APP_SECRET, ms.VERIFY_TOKEN],
    sent: [],
    adapter: () => messenger(ms.baseOptions()),
    delivery: () => ms.signedRequest(ms.deliveryOf([ms.textItem('6789012345678901', 'hello')])),
    conversationId: '6789012345678901',
    envelope: false,
    outside: (agent, id) => agent.conversation(id).reply('Your order shipped.'),
  },
  {
    name: 'qualtrics',
    hosts: [qx.API],
    secrets: [qx.ACCESS_TOKEN, qx.CLIENT_SECRET],
    sent: [],
    adapter: () => qualtrics(qx.adapterOptions({ profiles: { twitter: '900100' } })),
    delivery: () => qx.recipeRequest(qx.mention({ text: 'hello' })),
    conversationId: qx.AUTHOR_ID,
    envelope: true,
    // Outside a webhook there is no mention to act on (its service is unknown): only the webhook path is swept.
  },
  {
    name: 'hootsuite (token endpoint)',
    hosts: [hs.API],
    secrets: [hs.CLIENT_SECRET, hs.SECRET_HEX],
    sent: [hs.BASIC.slice('Basic '.length)],
    adapter: () => hootsuite(hs.adapterOptions()),
    delivery: () => hs.signedRequest(hs.inbound({ text: 'hello' })),
    conversationId: 'conv-sweep',
    envelope: true,
    outside: (agent, id) => agent.conversation(id).reply('Your order shipped.'),
  },
  {
    name: 'hootsuite (API and uploads)',
    hosts: [hs.API],
    secrets: [hs.CLIENT_SECRET, hs.SECRET_HEX, hs.ACCESS_TOKEN],
    sent: [hs.BASIC.slice('Basic '.length)],
    adapter: () => hootsuite(hs.adapterOptions()),
    delivery: () => hs.signedRequest(hs.inbound({ text: 'hello' })),
    conversationId: 'conv-sweep',
    envelope: false,
    outside: (agent, id) => agent.conversation(id).reply('Your order shipped.'),
    pass: (url) =>
      url.pathname === '/oauth2/token' ? HttpResponse.json({ access_token: hs.ACCESS_TOKEN, token_type: 'bearer', expires_in: 3600 }) : undefined,
  },
  {
    name: 'sunshine',
    hosts: [sx.API],
    secrets: [sx.KEY_SECRET, sx.WEBHOOK_SECRET],
    sent: [sx.BASIC.slice('Basic '.length)],
    adapter: () => sunshine(sx.adapterOptions()),
    delivery: () =>
      new Request('https://bot.example.com/sunshine', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': sx.WEBHOOK_SECRET },
        body: JSON.stringify(sx.envelope(sx.userMessage('conv-sweep', 'hello'))),
      }),
    conversationId: 'conv-sweep',
    envelope: false,
    outside: (agent, id) => agent.conversation(id).reply('Your order shipped.'),
  },
];

/** Every form a secret may travel in. */
function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [...new Set([secret, encodeURIComponent(secret), bytes.toString('base64'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')])];
}

function headerLines(headers: Headers): string {
  const lines: string[] = [];
  headers.forEach((value, name) => lines.push(`${name}: ${value}`));
  return lines.join('; ');
}

let current: { platform: Platform; mode: Mode; calls: number } | undefined;

async function echo(request: Request): Promise<Response> {
  const { platform, mode } = current!;
  const url = new URL(request.url);
  const passed = platform.pass?.(url);
  if (passed !== undefined) return passed;
  current!.calls += 1;
  const headers = headerLines(request.headers);
  const body = await request.text();
  // What a careless platform quotes: the request line, its headers, its body, and the secrets in their encodings.
  const said = `${request.method} ${request.url} | ${headers} | ${body} | ${platform.secrets.flatMap(encodings).join(' ')}`;
  const record = {
    message: said,
    error: { message: said, type: said, code: 190, fbtrace_id: said },
    errors: [said],
    description: said,
  };
  const envelope = { code: 401, error: said, error_description: said, error_details: said, meta: { code: 401 } };
  switch (mode) {
    case 'json-status':
      return HttpResponse.json(record, { status: 400 });
    case 'text-status':
      return new HttpResponse(said, { status: 500, headers: { 'content-type': 'text/plain' } });
    case 'envelope-2xx':
      return HttpResponse.json(url.pathname === '/oauth2/token' ? envelope : { ...envelope, response: undefined }, { status: 200 });
    case 'status-line':
      return new HttpResponse(null, { status: 403, statusText: `Forbidden ${platform.secrets.join(' ')}`.replace(/[^\t\x20-\x7e]/g, '') });
    case 'headers':
      return new HttpResponse(JSON.stringify({ oauth: 'invalid' }), {
        status: 401,
        headers: {
          'content-type': 'application/json',
          'www-authenticate': request.headers.get('authorization') ?? 'none',
          'x-echo': encodeURIComponent(said).slice(0, 4000),
        },
      });
  }
}

const server = setupServer(...PLATFORMS.flatMap((p) => p.hosts).map((host) => http.all(`${host}/*`, ({ request }) => echo(request))));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  current = undefined;
});
afterAll(() => server.close());

/** Everything the SDK said, gathered for the scan. */
interface Said {
  texts: string[];
}

function capture(): { logger: Logger; said: Said } {
  const said: Said = { texts: [] };
  const line = (message: string, meta?: Record<string, unknown>): void => {
    said.texts.push(message, inspect(meta, { depth: 10, showHidden: true }));
  };
  return { logger: { warn: line, error: line }, said };
}

function describeError(error: unknown): string {
  return [
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
    error instanceof Error
      ? `${error.message} ${JSON.stringify((error as { details?: unknown }).details)} ${inspect(error.cause, { depth: 10 })}`
      : String(error),
  ].join('\n');
}

function expectClean(platform: Platform, said: Said): void {
  const text = said.texts.join('\n');
  for (const secret of platform.secrets) {
    for (const form of encodings(secret)) expect(text, `${platform.name} leaked ${secret} as ${form}`).not.toContain(form);
  }
  for (const form of platform.sent) expect(text, `${platform.name} leaked a sent credential`).not.toContain(form);
}

describe.each(PLATFORMS)('secrets sweep: $name', (platform) => {
  const modes = MODES.filter((mode) => mode !== 'envelope-2xx' || platform.envelope);
  it.each(platform.outside === undefined ? [] : modes)('a helper outside a webhook, platform echoing in mode %s', async (mode) => {
    current = { platform, mode, calls: 0 };
    const { logger, said } = capture();
    const agent = new VirtualAgent({ adapter: platform.adapter(), logger, now: () => hs.NOW });
    agent.onError((error) => void said.texts.push(describeError(error)));
    const outcome = await platform.outside!(agent, platform.conversationId).then(
      () => 'resolved',
      (error: unknown) => describeError(error),
    );
    said.texts.push(outcome);
    expect(current.calls, 'the platform was called').toBeGreaterThan(0);
    expect(outcome).not.toBe('resolved');
    expectClean(platform, said);
  });

  it.each(modes)('a webhook whose handler calls the platform, echoing in mode %s', async (mode) => {
    current = { platform, mode, calls: 0 };
    const { logger, said } = capture();
    const now = platform.name.startsWith('hootsuite') ? hs.NOW : Date.now();
    const agent = new VirtualAgent({ adapter: platform.adapter(), logger, now: () => now, ackTimeoutMs: 10_000 });
    agent.onError((error) => void said.texts.push(describeError(error)));
    agent.on('message_created', async (ctx) => {
      try {
        // Hootsuite replies in the answer; a file goes through the upload endpoint.
        if (platform.name.startsWith('hootsuite'))
          await ctx.reply({ text: 'A file', attachments: [{ type: 'image', url: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }] });
        else await ctx.reply('Hi there');
      } catch (error) {
        said.texts.push(describeError(error));
        throw error;
      }
    });
    const response = await agent.fetch(platform.delivery());
    said.texts.push(`${response.status} ${headerLines(response.headers)} ${await response.text()}`);
    expect(current.calls, 'the platform was called').toBeGreaterThan(0);
    expectClean(platform, said);
  });
});
