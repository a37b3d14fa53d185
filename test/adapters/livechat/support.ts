// Shared builders for the LiveChat adapter tests: webhook bodies from the samples (v3.4) and in the v3.6 shape, the
// agent served over real HTTP on 127.0.0.1, and an msw stand-in of the LiveChat API that records every call.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { livechat, type LiveChatOptions } from '../../../src/adapters/livechat/index.js';
import { toNodeHandler } from '../../../src/http/node.js';
import { VirtualAgent, silentLogger, type VirtualAgentOptions } from '../../../src/index.js';
import { expectAccepted, secretChecks } from '../../helpers/rejections.js';

/** A JSON payload under construction (tests reshape them freely). */
export type Payload = Record<string, any>;

export const SAMPLES = new URL('../../fixtures/livechat/', import.meta.url);
export const API = 'https://api.livechatinc.com';
export const BOT_ID = '5c9871d5372c824cbf22d860a707a578';
export const CLIENT_ID = '238ac5c3c3628210aca289c6d700d2c1';
export const BOT_SECRET = 'lc_bot_secret_641e2ae6d997d2009a3a';
export const ORGANIZATION_ID = '1a8a9ec7-bd5d-4400-9204-3826740981e0';
export const WEBHOOK_SECRET = 'lc_webhook_secret_laudla991lamda0p';
export const CUSTOMER_ID = '345f8235-d60d-433e-63c5-7f813a6ffe25';
export const AGENT_ID = 'l.wojciechowski@livechatinc.com';
export const CHAT_ID = 'PS0X0L086G';
export const THREAD_ID = 'PZ070E0W1B';

/** A sample body, as LiveChat's SDK fixtures have it (API v3.4: `license_id`, `recipients`). */
export function sample(name: string): Payload {
  return JSON.parse(readFileSync(new URL(`${name}.json`, SAMPLES), 'utf8')) as Payload;
}

/** The v3.6 envelope: `organization_id` instead of `license_id`, the test secret. */
export function envelope(action: string, payload: Payload, extra: Payload = {}): Payload {
  return { webhook_id: 'wh_2c0b13904e79', secret_key: WEBHOOK_SECRET, action, organization_id: ORGANIZATION_ID, payload, additional_data: {}, ...extra };
}

/** A sample turned into the v3.6 shape, carrying the test secret. */
export function v36(name: string): Payload {
  const body = sample(name);
  delete body.license_id;
  return { ...body, organization_id: ORGANIZATION_ID, secret_key: WEBHOOK_SECRET };
}

let sequence = 0;

/** A v3.6 `incoming_event` with a message (fresh event id unless given). */
export function incomingMessage(text: string, authorId = CUSTOMER_ID, shape: { id?: string; chatId?: string; visibility?: string } = {}): Payload {
  sequence += 1;
  return envelope('incoming_event', {
    chat_id: shape.chatId ?? CHAT_ID,
    thread_id: THREAD_ID,
    event: {
      id: shape.id ?? `${THREAD_ID}_${100 + sequence}`,
      custom_id: '',
      type: 'message',
      text,
      visibility: shape.visibility ?? 'all',
      created_at: '2026-11-30T10:00:00.000000Z',
      author_id: authorId,
    },
  });
}

/** A v3.6 `incoming_chat` routed to the bot (the customer and the bot as users). */
export function incomingChat(chatId = CHAT_ID): Payload {
  const body = v36('incoming_chat');
  body.payload.chat.id = chatId;
  const users = body.payload.chat.users as Payload[];
  users[1] = { id: BOT_ID, name: 'HelpBot', type: 'agent', present: true };
  body.payload.chat.thread.user_ids = [CUSTOMER_ID, BOT_ID];
  body.payload.chat.thread.events[1].author_id = BOT_ID;
  return body;
}

/** A v3.6 `chat_transferred` to agents and groups. */
export function transferred(to: { agent_ids?: string[]; group_ids?: number[] }, chatId = CHAT_ID): Payload {
  return envelope('chat_transferred', { chat_id: chatId, thread_id: THREAD_ID, requester_id: AGENT_ID, reason: 'manual', transferred_to: to });
}

/** A v3.6 `chat_deactivated`. */
export function deactivated(chatId = CHAT_ID): Payload {
  return envelope('chat_deactivated', { chat_id: chatId, thread_id: THREAD_ID, user_id: AGENT_ID });
}

/** The adapter options every test starts from (retries off: msw answers failures at once). */
export function adapterOptions(overrides: Partial<LiveChatOptions> = {}): LiveChatOptions {
  return {
    botId: BOT_ID,
    clientId: CLIENT_ID,
    botSecret: BOT_SECRET,
    organizationId: ORGANIZATION_ID,
    webhookSecret: WEBHOOK_SECRET,
    retries: 0,
    ...overrides,
  };
}

/** An agent over the LiveChat adapter that logs nothing. */
export function makeAgent(adapter: Partial<LiveChatOptions> = {}, agent: Partial<Omit<VirtualAgentOptions, 'adapter'>> = {}): VirtualAgent {
  return new VirtualAgent({ adapter: livechat(adapterOptions(adapter)), logger: silentLogger, ...agent });
}

/** The agent behind node:http on 127.0.0.1; `post` sends a body as LiveChat does. */
export interface Served {
  post(body: unknown, raw?: string): Promise<Response>;
  close(): Promise<void>;
}

/** Serves the agent on a free port of 127.0.0.1. */
export async function serve(agent: VirtualAgent): Promise<Served> {
  const server: Server = createServer(toNodeHandler(agent));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    post: (body, raw) =>
      fetch(`http://127.0.0.1:${port}/livechat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Posts a body and expects 200. */
export async function postOk(served: Served, body: unknown): Promise<void> {
  await expectAccepted(await served.post(body));
}

/** Every secret of this suite: none may appear in an answer, an error or a log. */
export const SECRETS: readonly string[] = [BOT_SECRET, WEBHOOK_SECRET, 'lc_bot_token_'];

/** Asserts a rejected delivery's answer without this suite's secrets; asserts no secret of this suite appears in a value. */
export const { expectRejection, expectNoSecrets } = secretChecks(SECRETS);

/** One call the msw stand-in received. */
export interface ApiCall {
  /** `agent/send_event`, `configuration/issue_bot_token`, … */
  action: string;
  path: string;
  method: string;
  authorization: string | null;
  contentType: string | null;
  body: Payload;
}

/** What the stand-in answers instead of the usual answer; `undefined` falls back to it. */
export type Responder = (call: ApiCall) => Response | undefined;

/** The state of the msw stand-in of the LiveChat API. */
export interface FakeLiveChat {
  readonly calls: ApiCall[];
  /** Bot tokens issued so far. */
  issued: number;
  respond: Responder | undefined;
  /** The Agent Chat API calls (not the token issues), as `action` names. */
  actions(): string[];
  reset(): void;
}

/** A LiveChat error answer. */
export function liveChatError(status: number, type: string, message: string): Response {
  return HttpResponse.json({ error: { type, message } }, { status });
}

/** msw handlers answering the LiveChat API, recording every call; the current token is `lc_bot_token_<n>`. */
export function fakeLiveChat(base = API, version = '3.6'): { state: FakeLiveChat; handlers: ReturnType<typeof http.post>[] } {
  let events = 0;
  const state: FakeLiveChat = {
    calls: [],
    issued: 0,
    respond: undefined,
    actions() {
      return this.calls.filter((c) => c.action.startsWith('agent/')).map((c) => c.action.slice('agent/'.length));
    },
    reset() {
      this.calls.length = 0;
      this.issued = 0;
      this.respond = undefined;
      events = 0;
    },
  };
  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    const url = new URL(request.url);
    const prefix = new URL(base).pathname.replace(/\/$/, '');
    const match = new RegExp(`^${prefix}/v${version.replace('.', '\\.')}/(agent|configuration)/action/([a-z_]+)$`).exec(url.pathname);
    const call: ApiCall = {
      action: match ? `${match[1]}/${match[2]}` : url.pathname,
      path: url.pathname,
      method: request.method,
      authorization: request.headers.get('authorization'),
      contentType: request.headers.get('content-type'),
      body: JSON.parse((await request.text()) || '{}') as Payload,
    };
    state.calls.push(call);
    const custom = state.respond?.(call);
    if (custom !== undefined) return custom;
    if (call.action === 'configuration/issue_bot_token') {
      state.issued += 1;
      return HttpResponse.json({ token: `lc_bot_token_${state.issued}` });
    }
    if (match?.[1] !== 'agent') return liveChatError(404, 'not_found', 'no such action');
    if (call.authorization !== `Bearer lc_bot_token_${state.issued}`) return liveChatError(401, 'authentication', 'Invalid access token');
    if (match[2] === 'send_event') return HttpResponse.json({ event_id: `EV_${++events}` });
    if (match[2] === 'get_chat') return HttpResponse.json({ id: call.body.chat_id, thread: { id: 'THREAD_CURRENT' } });
    return HttpResponse.json({});
  };
  return { state, handlers: [http.post(`${base}/*`, resolver)] };
}

/** The msw stand-in for one test file: listening before the tests, reset after each, closed at the end; 127.0.0.1 passes. */
export function installFakeLiveChat(): { state: FakeLiveChat; msw: ReturnType<typeof setupServer> } {
  const { state, handlers } = fakeLiveChat();
  const msw = setupServer(...handlers);
  beforeAll(() => msw.listen({ onUnhandledRequest: (req, print) => (new URL(req.url).hostname === '127.0.0.1' ? undefined : print.error()) }));
  afterEach(() => {
    msw.resetHandlers();
    state.reset();
  });
  afterAll(() => msw.close());
  return { state, msw };
}
