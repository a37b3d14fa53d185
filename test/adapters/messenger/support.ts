// Shared builders for the Messenger adapter tests: items and deliveries in Meta's documented shape, signed
// deliveries and the msw stand-in of the Graph API (over what test/adapters/meta/support.ts gives both Meta platforms).
import { http, HttpResponse, type HttpHandler } from 'msw';
import { VirtualAgent, silentLogger, type Delivery, type VirtualAgentOptions } from '../../../src/index.js';
import { messenger, type MessengerOptions } from '../../../src/adapters/messenger/index.js';
import * as meta from '../meta/support.js';
import { secretChecks } from '../../helpers/rejections.js';
import { GRAPH, GRAPH_BASE } from '../meta/support.js';

export const APP_SECRET = 'messenger-test-app-secret';
export const PAGE_TOKEN = 'EAAGtestPageToken0123456789';
export const VERIFY_TOKEN = 'verify-me-please';
export const APP_ID = '1122334455667';
export const PAGE_ID = '404217156637689';
export const INBOX_APP_ID = '263902037430900';
export { GRAPH, GRAPH_BASE };
export const WEBHOOK = 'https://bot.example.com/webhook';

/** A fixed clock start for item timestamps (ms), increasing per item. */
// Near the real clock: the agent refuses items older than its dedupe window (48 h).
let clock = Date.now() - 60 * 60 * 1000;
let mids = 0;

/** The next item timestamp (ms). */
export function tick(): number {
  clock += 1_000;
  return clock;
}

/** A fresh message id. */
export function nextMid(): string {
  mids += 1;
  return `m_test_${mids}`;
}

type Item = Record<string, unknown>;

/** A contact's text message (`messages`). */
export function textItem(psid: string, text: string, extra: { mid?: string; timestamp?: number; message?: Item } = {}): Item {
  return {
    sender: { id: psid },
    recipient: { id: PAGE_ID },
    timestamp: extra.timestamp ?? tick(),
    message: { mid: extra.mid ?? nextMid(), text, ...extra.message },
  };
}

/** The Page's own message echoed back (`message_echoes`), sent by `appId`. */
export function echoItem(psid: string, text: string, appId: string | number, extra: { mid?: string; timestamp?: number } = {}): Item {
  return {
    sender: { id: PAGE_ID },
    recipient: { id: psid },
    timestamp: extra.timestamp ?? tick(),
    message: { is_echo: true, app_id: appId, mid: extra.mid ?? nextMid(), text },
  };
}

/** A postback (`messaging_postbacks`). */
export function postbackItem(psid: string, title: string | undefined, payload: string | undefined, extra: Item = {}): Item {
  const postback: Item = { ...extra };
  if (title !== undefined) postback.title = title;
  if (payload !== undefined) postback.payload = payload;
  return { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: tick(), postback };
}

/** `pass_thread_control` to `newOwner`. */
export function passItem(psid: string, newOwner: string | number, previousOwner: string | number | null, metadata?: string): Item {
  return {
    sender: { id: psid },
    recipient: { id: PAGE_ID },
    timestamp: tick(),
    pass_thread_control: { new_owner_app_id: newOwner, previous_owner_app_id: previousOwner, ...(metadata === undefined ? {} : { metadata }) },
  };
}

/** `take_thread_control` from `previousOwner`. */
export function takeItem(psid: string, previousOwner: string | number, newOwner?: string | number, metadata?: string): Item {
  return {
    sender: { id: psid },
    recipient: { id: PAGE_ID },
    timestamp: tick(),
    take_thread_control: {
      previous_owner_app_id: previousOwner,
      ...(newOwner === undefined ? {} : { new_owner_app_id: newOwner }),
      ...(metadata === undefined ? {} : { metadata }),
    },
  };
}

/** `request_thread_control` by `requester`. */
export function requestItem(psid: string, requester: string | number, metadata?: string): Item {
  return {
    sender: { id: psid },
    recipient: { id: PAGE_ID },
    timestamp: tick(),
    request_thread_control: { requested_owner_app_id: requester, ...(metadata === undefined ? {} : { metadata }) },
  };
}

/** A read receipt. */
export function readItem(psid: string, watermark: number): Item {
  return { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: tick(), read: { watermark } };
}

/** A delivery receipt. */
export function deliveryItem(psid: string, watermark: number, mids: string[] = []): Item {
  return { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: tick(), delivery: { mids, watermark } };
}

/** A referral (`messaging_referrals`) through an m.me link. */
export function referralItem(psid: string, ref: string): Item {
  return { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: tick(), referral: { ref, source: 'SHORTLINK', type: 'OPEN_THREAD' } };
}

/** An opt-in (`messaging_optins`). */
export function optinItem(psid: string, ref: string): Item {
  return { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: tick(), optin: { ref } };
}

/** `app_roles` for this test app (no sender: it concerns the Page). */
export function appRolesItem(role: 'primary_receiver' | 'secondary_receiver', appId: string = APP_ID): Item {
  return { recipient: { id: PAGE_ID }, timestamp: tick(), app_roles: { [appId]: [role] } };
}

/** One entry of a delivery. */
export function entry(lanes: { messaging?: unknown[]; standby?: unknown[] }, id: string = PAGE_ID): Item {
  return { id, time: tick(), ...lanes };
}

/** A Page delivery of entries. */
export function page(...entries: unknown[]): Item {
  return { object: 'page', entry: entries };
}

/** A Page delivery with one entry holding `items` on `messaging` (the default) or `standby`. */
export function deliveryOf(items: unknown[], lane: 'messaging' | 'standby' = 'messaging'): Item {
  return page(entry({ [lane]: items }));
}

/** Serializes like Meta: compact JSON, `/` as `\/`, every non-ASCII UTF-16 unit as `\uXXXX`. */
export const metaJson = meta.metaJson;

/** `sha256=<hex HMAC-SHA256(secret, body)>`. */
export function sign(body: string | Uint8Array, secret = APP_SECRET, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  return meta.metaSignature(body, secret, algorithm);
}

/** A POST delivery signed like Meta signs it; `body` is serialized like Meta unless it is a string. */
export function signedDelivery(body: unknown, options: { secret?: string; headers?: Record<string, string> } = {}): Delivery {
  const { text, headers } = meta.metaSigned(body, options.secret ?? APP_SECRET, options.headers);
  return { method: 'POST', url: WEBHOOK, headers, body: text };
}

/** The same signed delivery as a Web-standard `Request`. */
export function signedRequest(body: unknown, options: { secret?: string; headers?: Record<string, string> } = {}): Request {
  const { text, headers } = meta.metaSigned(body, options.secret ?? APP_SECRET, options.headers);
  return new Request(WEBHOOK, { method: 'POST', headers, body: text });
}

/** The setup check's URL. */
export function handshakeUrl(params: Record<string, string>, base = WEBHOOK): string {
  return `${base}?${new URLSearchParams(params).toString()}`;
}

/** The options every test starts from (Graph at the msw stand-in, no retries). */
export function baseOptions(overrides: Partial<MessengerOptions> = {}): MessengerOptions {
  return { appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN, verifyToken: VERIFY_TOKEN, appId: APP_ID, apiUrl: GRAPH, retries: 0, ...overrides };
}

/** An agent over a Messenger adapter, with a silent logger. */
export function messengerAgent(overrides: Partial<MessengerOptions> = {}, agentOptions: Partial<VirtualAgentOptions> = {}): VirtualAgent {
  return new VirtualAgent({ adapter: messenger(baseOptions(overrides)), logger: silentLogger, ...agentOptions });
}

/** One Graph call the stand-in received. */
export interface GraphCall extends meta.GraphCallBase {
  /** The query parameters (access_token included). */
  query: Record<string, string>;
}

/** The msw stand-in of the Graph API: records calls, answers like Graph unless `respond` says otherwise. */
export type FakeGraph = meta.FakeGraphOf<GraphCall>;

/** msw handlers standing in for `POST /v21.0/me/:action`. */
export function fakeGraph(base = GRAPH_BASE): { graph: FakeGraph; handlers: HttpHandler[] } {
  return meta.fakeGraphOf<GraphCall>({
    route: http.post,
    path: `${base}/me/:action`,
    record: (_request, url) => ({ query: Object.fromEntries(url.searchParams) }),
    answer(call, params, sent) {
      const recipient = ((call.body as { recipient?: { id?: string } } | undefined)?.recipient?.id ?? '') as string;
      if (params.action !== 'messages') return HttpResponse.json({ success: true });
      const body = call.body as { sender_action?: string };
      if (body.sender_action !== undefined) return HttpResponse.json({ recipient_id: recipient });
      return HttpResponse.json({ recipient_id: recipient, message_id: `m_sent_${sent()}` });
    },
  });
}

/** A Graph error answer. */
export function graphError(status: number, error: { message: string; code: number; error_subcode?: number; type?: string; fbtrace_id?: string }): Response {
  return HttpResponse.json({ error: { type: 'OAuthException', fbtrace_id: 'AbCdEfGh123', ...error } }, { status });
}

/** Asserts that neither the app secret, the access token nor the verify token appears in a value (deeply). */
export const { expectNoSecrets } = secretChecks([PAGE_TOKEN, APP_SECRET, VERIFY_TOKEN]);
