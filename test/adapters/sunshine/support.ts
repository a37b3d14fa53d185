// Shared builders for the Sunshine adapter tests: events and envelopes in the documented v2 webhook shape, the
// agent behind a real node:http server on 127.0.0.1, and an msw stand-in of the Conversations API that records calls.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { VirtualAgent, silentLogger, type VirtualAgentOptions } from '../../../src/index.js';
import { toNodeHandler } from '../../../src/http/node.js';
import { sunshine, type SunshineOptions } from '../../../src/adapters/sunshine/index.js';

export const APP_ID = '5ebee0975ac5304b664a12fa';
export const KEY_ID = 'app_5f0e1b2c3d4e5f6a7b8c9d0e';
export const KEY_SECRET = 'sunshine-key-secret-0123456789abcdef';
export const WEBHOOK_SECRET = 'sunshine-webhook-secret-abcdef0123';
export const API = 'http://sunshine.test/sc';
export const BASIC = `Basic ${Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString('base64')}`;
/** The bot's switchboard integration in the samples (`name: "bot"`). */
export const BOT = '5eecde2dcdbffb08f5c3ed37';
export const BOT_INTEGRATION = { id: BOT, name: 'bot', integrationId: '5f11a650e4e987667c2051d1', integrationType: 'custom' };
export const AGENT_WORKSPACE = {
  id: '5eece1cacdbffb08f5c3ed43',
  name: 'zd-agentWorkspace',
  integrationId: '5f11a65ae4e987667c2051d2',
  integrationType: 'zd:agentWorkspace',
};

export const SAMPLES_DIR = fileURLToPath(new URL('../../fixtures/sunshine', import.meta.url));

/** Every webhook sample, by file name. */
export function samples(): { file: string; body: { events: Record<string, unknown>[] } }[] {
  return readdirSync(SAMPLES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, body: JSON.parse(readFileSync(`${SAMPLES_DIR}/${file}`, 'utf8')) }));
}

/** A request-body sample. */
export function requestSample(name: string): unknown {
  return JSON.parse(readFileSync(`${SAMPLES_DIR}/requests/${name}`, 'utf8'));
}

let ids = 0;
/** A fresh 24-hex id. */
export function nextId(): string {
  ids += 1;
  return ids.toString(16).padStart(24, 'a');
}

type Json = Record<string, unknown>;

/** An event of the envelope, created now. */
export function event(type: string, payload: Json, extra: Json = {}): Json {
  return { id: nextId(), createdAt: new Date().toISOString(), type, payload, ...extra };
}

/** The conversation as events carry it, owned by `active` (default: the bot). */
export function conversation(id: string, active: Json | null = BOT_INTEGRATION, extra: Json = {}): Json {
  return { id, type: 'personal', ...(active === null ? {} : { activeSwitchboardIntegration: active }), ...extra };
}

/** A contact's `conversation:message` on `channel`. */
export function userMessage(
  conversationId: string,
  text: string,
  options: { channel?: string; locale?: string; active?: Json | null; id?: string; content?: Json } = {},
): Json {
  return event('conversation:message', {
    conversation: conversation(conversationId, options.active === undefined ? BOT_INTEGRATION : options.active),
    message: {
      id: options.id ?? nextId(),
      received: new Date().toISOString(),
      author: {
        type: 'user',
        userId: `user-${conversationId}`,
        displayName: 'Steve Rogers',
        user: {
          id: `user-${conversationId}`,
          externalId: '912382197',
          ...(options.locale ? { profile: { givenName: 'Steve', surname: 'Rogers', locale: options.locale } } : {}),
        },
      },
      content: options.content ?? { type: 'text', text },
      source: { type: options.channel ?? 'web', integrationId: '5ecff63ffc3ab25f4561c8a0' },
    },
  });
}

/** A business `conversation:message` (the bot's own, or an agent's from the agent workspace). */
export function businessMessage(conversationId: string, text: string, active: Json = BOT_INTEGRATION, sourceType = 'api:conversations'): Json {
  return event('conversation:message', {
    conversation: conversation(conversationId, active),
    message: {
      id: nextId(),
      received: new Date().toISOString(),
      author: { type: 'business', displayName: 'Support' },
      content: { type: 'text', text },
      source: { type: sourceType },
    },
  });
}

/** A switchboard event (`passControl`, `offerControl`, …) with the conversation's active (and pending) integration. */
export function switchboard(action: string, conversationId: string, active: Json | null, extra: Json = {}): Json {
  const { pending, ...payload } = extra as Json & { pending?: Json };
  return event(`switchboard:${action}`, {
    conversation: conversation(conversationId, active, pending ? { pendingSwitchboardIntegration: pending } : {}),
    ...payload,
  });
}

/** The v2 envelope of `events`. */
export function envelope(...events: Json[]): Json {
  return { app: { id: APP_ID }, webhook: { id: '5f4eaef81e3dcc117c7ba48a', version: 'v2' }, events };
}

/** The adapter's options for the tests. */
export function adapterOptions(overrides: Partial<SunshineOptions> = {}): SunshineOptions {
  return { appId: APP_ID, keyId: KEY_ID, keySecret: KEY_SECRET, webhookSecret: WEBHOOK_SECRET, apiUrl: API, integrationId: BOT, retries: 0, ...overrides };
}

/** An agent over the Sunshine adapter (silent, handlers awaited before the answer). */
export function sunshineAgent(overrides: Partial<SunshineOptions> = {}, agentOptions: Partial<VirtualAgentOptions> = {}): VirtualAgent {
  return new VirtualAgent({ adapter: sunshine(adapterOptions(overrides)), logger: silentLogger, ...agentOptions });
}

/** A real node:http server on 127.0.0.1 in front of a receiving agent. */
export async function listen(agent: Parameters<typeof toNodeHandler>[0]): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(toNodeHandler(agent, { ackTimeoutMs: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/sunshine`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** POSTs a body to the webhook with the given `X-API-Key` (none when `null`). */
export async function post(url: string, body: unknown, apiKey: string | null = WEBHOOK_SECRET): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== null) headers['x-api-key'] = apiKey;
  const response = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

/** One call the stand-in API received. */
export interface ApiCall {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

/** What the stand-in answers a call with; default `{}` (switchboard), a message list for messages. */
export type ApiAnswer = (call: ApiCall) => Response | undefined;

/** An msw stand-in of the Conversations API under `API`, recording each call; answers can be overridden. */
export function fakeApi(): {
  server: ReturnType<typeof setupServer>;
  handlers: ReturnType<typeof http.all>[];
  calls: ApiCall[];
  answer(fn: ApiAnswer | undefined): void;
  reset(): void;
} {
  const calls: ApiCall[] = [];
  let override: ApiAnswer | undefined;
  let messageIds = 0;
  const handler = http.all(`${API}/*`, async ({ request }) => {
    const text = await request.text();
    const call: ApiCall = {
      method: request.method,
      path: new URL(request.url).pathname,
      authorization: request.headers.get('authorization'),
      body: text === '' ? undefined : JSON.parse(text),
    };
    calls.push(call);
    const answered = override?.(call);
    if (answered !== undefined) return answered;
    if (call.path.endsWith('/messages')) return HttpResponse.json({ messages: [{ id: `msg-${++messageIds}` }] }, { status: 201 });
    return HttpResponse.json({});
  });
  const server = setupServer(handler);
  return {
    server,
    handlers: [handler],
    calls,
    answer(fn) {
      override = fn;
    },
    reset() {
      calls.length = 0;
      override = undefined;
    },
  };
}

/** msw lets the test's own calls to the local webhook server through, and fails on any other unknown call. */
export const LOCAL_ONLY = {
  onUnhandledRequest(request: Request, print: { error(): void }) {
    if (new URL(request.url).hostname !== '127.0.0.1') print.error();
  },
};

/** The conversation path of the API. */
export function conversationPath(id: string): string {
  return `/sc/v2/apps/${APP_ID}/conversations/${id}`;
}
