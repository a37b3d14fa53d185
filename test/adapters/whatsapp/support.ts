// Shared builders for the WhatsApp adapter tests: changes and deliveries in the Cloud API's documented shape,
// bodies serialized and signed like Meta's, and an msw stand-in of the Graph API.
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { http, HttpResponse } from 'msw';
import { expect } from 'vitest';
import { VirtualAgent, silentLogger, type VirtualAgentOptions } from '../../../src/index.js';
import { whatsapp, type WhatsAppOptions } from '../../../src/adapters/whatsapp/index.js';

export const APP_SECRET = 'whatsapp-test-app-secret';
export const ACCESS_TOKEN = 'EAAWtestSystemUserToken0123456789';
export const VERIFY_TOKEN = 'wa-verify-me';
export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';
export const GRAPH = 'http://graph.test';
export const GRAPH_BASE = `${GRAPH}/v21.0`;
export const WEBHOOK = 'https://bot.example.com/whatsapp';

type Item = Record<string, unknown>;

// Near the real clock: the agent refuses items older than its dedupe window (48 h). Unix seconds.
let clock = Math.floor(Date.now() / 1000) - 3600;
let ids = 0;

/** The next item timestamp (unix seconds, as Meta sends it: a string). */
export function tick(): string {
  clock += 1;
  return String(clock);
}

/** A fresh message id. */
export function nextWamid(): string {
  ids += 1;
  return `wamid.TEST${ids}`;
}

/** A contact's text message. */
export function textMessage(waId: string, body: string, extra: Item = {}): Item {
  return { from: waId, id: nextWamid(), timestamp: tick(), type: 'text', text: { body }, ...extra };
}

/** A status of a business message. */
export function status(waId: string, state: string, extra: Item = {}): Item {
  return { id: nextWamid(), status: state, timestamp: tick(), recipient_id: waId, ...extra };
}

/** A `messages` change: contacts (wa_id → name) and messages and/or statuses. */
export function messagesChange(parts: { contacts?: Record<string, string>; messages?: unknown[]; statuses?: unknown[] }): Item {
  const value: Item = { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID } };
  if (parts.contacts) value.contacts = Object.entries(parts.contacts).map(([wa_id, name]) => ({ profile: { name }, wa_id }));
  if (parts.messages) value.messages = parts.messages;
  if (parts.statuses) value.statuses = parts.statuses;
  return { value, field: 'messages' };
}

/** A `standby` change: the owner's thread, seen by this app. */
export function standbyChange(parts: { contacts?: Record<string, string>; messages?: unknown[]; message_echoes?: unknown[]; statuses?: unknown[] }): Item {
  const standby: Item = {};
  if (parts.contacts) standby.contacts = Object.entries(parts.contacts).map(([wa_id, name]) => ({ profile: { name }, wa_id }));
  for (const key of ['messages', 'message_echoes', 'statuses'] as const) if (parts[key]) standby[key] = parts[key];
  return {
    field: 'standby',
    value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID }, standby },
  };
}

/** A `messaging_handovers` change. */
export function handoverChange(waId: string, type: 'control_passed' | 'control_taken', roles: { previous: string; next: string }, metadata?: string): Item {
  return {
    field: 'messaging_handovers',
    value: {
      messaging_product: 'whatsapp',
      sender: { phone_number: waId },
      recipient: { phone_number_id: PHONE_NUMBER_ID, display_phone_number: '15550783881' },
      type,
      timestamp: tick(),
      [type]: { previous_owner_role: roles.previous, new_owner_role: roles.next, ...(metadata === undefined ? {} : { metadata }) },
    },
  };
}

/** A WhatsApp Business Account delivery of entries, each a list of changes. */
export function delivery(...entries: unknown[][]): Item {
  return { object: 'whatsapp_business_account', entry: entries.map((changes) => ({ id: WABA_ID, changes })) };
}

/** Serializes like Meta: compact JSON, `/` as `\/`, non-ASCII as `\uXXXX`. */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `sha256=<hex HMAC-SHA256(secret, body)>`. */
export function sign(body: string, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A POST delivery signed like Meta signs it, as a Web-standard `Request`. */
export function signedRequest(body: unknown, options: { secret?: string; headers?: Record<string, string> } = {}): Request {
  const text = typeof body === 'string' ? body : metaJson(body);
  return new Request(WEBHOOK, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(text, options.secret), ...options.headers },
    body: text,
  });
}

/** The options every test starts from (Graph at the msw stand-in, no retries). */
export function baseOptions(overrides: Partial<WhatsAppOptions> = {}): WhatsAppOptions {
  return {
    appSecret: APP_SECRET,
    accessToken: ACCESS_TOKEN,
    verifyToken: VERIFY_TOKEN,
    phoneNumberId: PHONE_NUMBER_ID,
    apiUrl: GRAPH,
    retries: 0,
    ...overrides,
  };
}

/** An agent over a WhatsApp adapter, with a silent logger. */
export function whatsappAgent(overrides: Partial<WhatsAppOptions> = {}, agentOptions: Partial<VirtualAgentOptions> = {}): VirtualAgent {
  return new VirtualAgent({ adapter: whatsapp(baseOptions(overrides)), logger: silentLogger, ...agentOptions });
}

/** One Graph call the stand-in received. */
export interface GraphCall {
  method: string;
  /** Path after the version, e.g. `/106540352242922/messages`. */
  path: string;
  authorization: string | null;
  body: unknown;
}

/** The msw stand-in of the Graph API: records calls, answers like Graph unless `respond` says otherwise. */
export interface FakeGraph {
  readonly calls: GraphCall[];
  respond: ((call: GraphCall) => Response | Promise<Response> | undefined) | undefined;
  /** The calls as `POST /<path> <body JSON>` lines. */
  summary(): string[];
  reset(): void;
}

/** msw handlers standing in for the Graph API under `base`. */
export function fakeGraph(base = GRAPH_BASE): { graph: FakeGraph; handlers: ReturnType<typeof http.all>[] } {
  let sent = 0;
  const graph: FakeGraph = {
    calls: [],
    respond: undefined,
    summary() {
      return this.calls.map((call) => `${call.method} ${call.path} ${JSON.stringify(call.body)}`);
    },
    reset() {
      this.calls.length = 0;
      this.respond = undefined;
      sent = 0;
    },
  };
  const handler = http.all(`${base}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const text = await request.text();
    const call: GraphCall = {
      method: request.method,
      path: url.pathname.replace(/^\/v\d+\.\d+/, ''),
      authorization: request.headers.get('authorization'),
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
    graph.calls.push(call);
    const custom = await graph.respond?.(call);
    if (custom !== undefined) return custom;
    const body = call.body as { to?: string; status?: string } | undefined;
    if (call.path.endsWith('/thread_control')) return HttpResponse.json({ messaging_product: 'whatsapp', request_id: 'req_1' });
    if (body?.status === 'read') return HttpResponse.json({ success: true });
    sent += 1;
    return HttpResponse.json({ messaging_product: 'whatsapp', contacts: [{ input: body?.to, wa_id: body?.to }], messages: [{ id: `wamid.SENT${sent}` }] });
  });
  return { graph, handlers: [handler] };
}

/** A Graph error answer in WhatsApp's shape. */
export function graphError(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(
    {
      error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: `${message} (details)` }, fbtrace_id: 'AbCdWa123' },
    },
    { status, headers },
  );
}

/** Asserts that neither the app secret, the access token nor the verify token appears in a value (deeply). */
export function expectNoSecrets(value: unknown): void {
  const text = typeof value === 'string' ? value : inspect(value, { depth: 10, showHidden: true, getters: true });
  expect(text).not.toContain(ACCESS_TOKEN);
  expect(text).not.toContain(APP_SECRET);
  expect(text).not.toContain(VERIFY_TOKEN);
}

/** A documented sample with its item timestamps moved to now (the agent refuses items older than its dedupe window). */
export function fresh<T>(sample: T): T {
  const now = String(Math.floor(Date.now() / 1000) - 60);
  return JSON.parse(JSON.stringify(sample), (key, value) => (key === 'timestamp' ? now : value)) as T;
}
