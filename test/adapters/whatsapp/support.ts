// Shared builders for the WhatsApp adapter tests: changes and deliveries in the Cloud API's documented shape, signed
// requests and the msw stand-in of the Graph API (over what test/adapters/meta/support.ts gives both Meta platforms).
import { http, HttpResponse, type HttpHandler } from 'msw';
import { VirtualAgent, silentLogger, type VirtualAgentOptions } from '../../../src/index.js';
import { whatsapp, type WhatsAppOptions } from '../../../src/adapters/whatsapp/index.js';
import * as meta from '../meta/support.js';
import { secretChecks } from '../../helpers/rejections.js';
import { GRAPH, GRAPH_BASE } from '../meta/support.js';

export const APP_SECRET = 'whatsapp-test-app-secret';
export const ACCESS_TOKEN = 'EAAWtestSystemUserToken0123456789';
export const VERIFY_TOKEN = 'wa-verify-me';
export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';
export { GRAPH, GRAPH_BASE };
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
export const metaJson = meta.metaJson;

/** `sha256=<hex HMAC-SHA256(secret, body)>`. */
export function sign(body: string, secret = APP_SECRET): string {
  return meta.metaSignature(body, secret);
}

/** A POST delivery signed like Meta signs it, as a Web-standard `Request`. */
export function signedRequest(body: unknown, options: { secret?: string; headers?: Record<string, string> } = {}): Request {
  const { text, headers } = meta.metaSigned(body, options.secret ?? APP_SECRET, options.headers);
  return new Request(WEBHOOK, { method: 'POST', headers, body: text });
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
export interface GraphCall extends meta.GraphCallBase {
  authorization: string | null;
}

/** The msw stand-in of the Graph API: records calls, answers like Graph unless `respond` says otherwise. */
export type FakeGraph = meta.FakeGraphOf<GraphCall>;

/** msw handlers standing in for the Graph API under `base`. */
export function fakeGraph(base = GRAPH_BASE): { graph: FakeGraph; handlers: HttpHandler[] } {
  return meta.fakeGraphOf<GraphCall>({
    route: http.all,
    path: `${base}/*`,
    record: (request) => ({ authorization: request.headers.get('authorization') }),
    answer(call, _params, sent) {
      const body = call.body as { to?: string; status?: string } | undefined;
      if (call.path.endsWith('/thread_control')) return HttpResponse.json({ messaging_product: 'whatsapp', request_id: 'req_1' });
      if (body?.status === 'read') return HttpResponse.json({ success: true });
      return HttpResponse.json({ messaging_product: 'whatsapp', contacts: [{ input: body?.to, wa_id: body?.to }], messages: [{ id: `wamid.SENT${sent()}` }] });
    },
  });
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
export const { expectNoSecrets } = secretChecks([ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN]);

/** A documented sample with its item timestamps moved to now (the agent refuses items older than its dedupe window). */
export function fresh<T>(sample: T): T {
  const now = String(Math.floor(Date.now() / 1000) - 60);
  return JSON.parse(JSON.stringify(sample), (key, value) => (key === 'timestamp' ? now : value)) as T;
}
