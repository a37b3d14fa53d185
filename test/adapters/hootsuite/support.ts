// Shared builders for the Hootsuite adapter tests: payloads from the samples, signed requests, an msw stand-in of the API.
import { createHmac } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { vi } from 'vitest';
import { hootsuite, type HootsuiteAdapter, type HootsuiteOptions } from '../../../src/adapters/hootsuite/index.js';
import { VirtualAgent, silentLogger, type VirtualAgentOptions } from '../../../src/index.js';
import conversationStartedSample from '../../fixtures/hootsuite/conversation_started.openapi-examples.json' with { type: 'json' };
import inboundSample from '../../fixtures/hootsuite/inbound_message_received.openapi-examples.json' with { type: 'json' };
import { attemptCounter, type StandIn } from '../../helpers/stand-in.js';
import { secretChecks } from '../../helpers/rejections.js';

/** A JSON payload under construction (tests reshape them freely). */
export type Payload = Record<string, any>;

/** The shared secret as Hootsuite shows it: hex. */
export const SECRET_HEX = '9f3c2a71d4e85b06c1f7a9e2d3b4c5a69788f0e1d2c3b4a5968778695a4b3c2d';
export const CLIENT_ID = 'hs-client-7Qm2';
export const CLIENT_SECRET = 'hs-client-secret-Zx81Kp4Lw9';
export const ORGANIZATION_ID = '900002';
export const ACCESS_TOKEN = 'oZy8FDUHEiZ0mh0j4rUwOT9t5yHouTzBDsn-x_GROB0';
export const API = 'https://platform.hootsuite.test';
export const WEBHOOK_URL = 'https://bot.example.com/hootsuite';

/** The agent's clock in the tests. */
export const NOW = Date.parse('2026-03-02T10:20:00.000Z');
/** An ISO timestamp `secondsAgo` before NOW, with nanoseconds as Hootsuite writes them. */
export const isoAgo = (secondsAgo: number): string => new Date(NOW - secondsAgo * 1000).toISOString().replace('Z', '123456Z');

const copy = <T>(value: T): Payload => structuredClone(value) as Payload;

/** The contact of both samples' profile, as normalized. */
export const JOHN = { id: '693ed54b-a426-11eb-9363-cffd945b4b2f', name: 'John Smith', phone: '+32439487192' };

/** The CONVERSATION_STARTED sample's contactAttributes, as normalized. */
export const SAMPLE_ATTRIBUTES = {
  // "company" comes twice: CRM_CONFIRMED wins over AGENT.
  company: 'Hootsuite',
  'fb-profile-name': 'John Smith',
  'fb-profile-image': 'https://image.com/sticky/default_profile_images/default_profile_normal.png',
  email: 'john.smith@hootsuite.com',
  first_name: 'John',
  last_name: 'Smith',
};

/** The contact the CONVERSATION_STARTED sample describes, as normalized. */
export const STARTED_CONTACT = { ...JOHN, email: 'john.smith@hootsuite.com', locale: 'en', attributes: SAMPLE_ATTRIBUTES };

/** The samples as they are (2022 timestamps). */
export const samples = {
  conversationStarted: (): Payload => copy(conversationStartedSample),
  inbound: (): Payload => copy(inboundSample),
};

let counter = 0;
/** A fresh idempotency key. */
export const freshKey = (): string => `key-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

/** Options of a payload built from a sample. */
export interface Shape {
  conversationId?: string;
  key?: string;
  /** Seconds before NOW. Default 2. */
  age?: number;
}

function stamp(payload: Payload, shape: Shape): Payload {
  payload.timestamp = isoAgo(shape.age ?? 2);
  payload.idempotencyKey = shape.key ?? freshKey();
  if (shape.conversationId !== undefined) payload.data.conversationId = shape.conversationId;
  return payload;
}

/** CONVERSATION_STARTED, current. */
export function started(shape: Shape = {}): Payload {
  return stamp(samples.conversationStarted(), shape);
}

/** CONVERSATION_DELEGATED: the started sample with the delegation type. */
export function delegated(shape: Shape = {}): Payload {
  const payload = stamp(samples.conversationStarted(), shape);
  payload.type = 'CONVERSATION_DELEGATED';
  return payload;
}

/** INBOUND_MESSAGE_RECEIVED, current; `text` and `messageId` override the sample's. */
export function inbound(shape: Shape & { text?: string; messageId?: string } = {}): Payload {
  const payload = stamp(samples.inbound(), shape);
  if (shape.text !== undefined) payload.data.message.text = shape.text;
  if (shape.messageId !== undefined) payload.data.message.messageId = shape.messageId;
  return payload;
}

/** The hex HMAC-SHA256 of `body` under the hex-decoded shared secret, as Hootsuite signs. */
export function sign(body: string | Uint8Array, secretHex = SECRET_HEX): string {
  return createHmac('sha256', Buffer.from(secretHex, 'hex')).update(body).digest('hex');
}

/** Options of {@link signedRequest}. */
export interface RequestOptions {
  /** Overrides the signature; `null` sends none. */
  signature?: string | null;
  /** The header carrying the signature. Default `X-Hootsuite-Signature`. */
  header?: string;
  secretHex?: string;
}

/** A POST of `body` (an object is serialized once) signed like Hootsuite signs it. */
export function signedRequest(body: unknown, options: RequestOptions = {}): Request {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signature = options.signature === undefined ? sign(text, options.secretHex) : options.signature;
  if (signature !== null) headers[options.header ?? 'X-Hootsuite-Signature'] = signature;
  return new Request(WEBHOOK_URL, { method: 'POST', headers, body: text });
}

/** The adapter options every test starts from (REST enabled against the msw stand-in). */
export function adapterOptions(overrides: Partial<HootsuiteOptions> = {}): HootsuiteOptions {
  return {
    sharedSecret: SECRET_HEX,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    organizationId: ORGANIZATION_ID,
    apiUrl: API,
    retries: 0,
    ...overrides,
  };
}

/** An agent over the Hootsuite adapter, logging nothing, at the test clock. */
export function makeAgent(adapter: Partial<HootsuiteOptions> | HootsuiteAdapter = {}, agent: Partial<Omit<VirtualAgentOptions, 'adapter'>> = {}): VirtualAgent {
  const instance = 'parse' in adapter ? adapter : hootsuite(adapterOptions(adapter));
  return new VirtualAgent({ adapter: instance, logger: silentLogger, now: () => NOW, ...agent });
}

/** Posts a signed payload; resolves with the status and the parsed JSON answer. */
export async function deliver(agent: VirtualAgent, body: unknown, options: RequestOptions = {}): Promise<{ status: number; body: Payload; text: string }> {
  const response = await agent.fetch(signedRequest(body, options));
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Payload, text };
}

/** Every secret of this suite: none may appear in an answer, an error or a log. */
const SECRETS: readonly string[] = [SECRET_HEX, CLIENT_SECRET, ACCESS_TOKEN, Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')];

/** Asserts a rejected delivery's answer without this suite's secrets; asserts no secret of this suite appears in a value. */
export const { expectRejection, expectNoSecrets } = secretChecks(SECRETS);

/** One request the msw stand-in of Hootsuite received. */
export interface ApiCall {
  method: string;
  /** Path without the host. */
  path: string;
  authorization: string | null;
  contentType: string | null;
  contentLength: string | null;
  /** JSON bodies parsed, form bodies as a record, bytes as a Uint8Array. */
  body: unknown;
}

/** What the stand-in answers; return `undefined` for Hootsuite's usual answer. */
export type Responder = (call: ApiCall, attempt: number) => Response | undefined | Promise<Response | undefined>;

/** The state of the msw stand-in. */
export interface FakeHootsuite extends StandIn<ApiCall, Responder> {
  /** The token the next token request gets (the first is ACCESS_TOKEN). */
  tokens: string[];
  /** `expires_in` of issued tokens. */
  expiresIn: number;
}

/** msw handlers answering the token, manipulation and attachment endpoints, recording every call. */
export function fakeHootsuite(): { state: FakeHootsuite; handlers: ReturnType<typeof http.all>[] } {
  const attempts = attemptCounter();
  const state: FakeHootsuite = {
    calls: [],
    tokens: [],
    expiresIn: 3599,
    respond: undefined,
    summary() {
      return this.calls.map((c) => `${c.method} ${c.path}`);
    },
    reset() {
      this.calls.length = 0;
      this.tokens = [];
      this.expiresIn = 3599;
      this.respond = undefined;
      attempts.clear();
    },
  };
  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    const url = new URL(request.url);
    const contentType = request.headers.get('content-type');
    const bytes = new Uint8Array(await request.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const body =
      bytes.length === 0
        ? undefined
        : contentType?.startsWith('application/json')
          ? (JSON.parse(text) as unknown)
          : contentType?.startsWith('application/x-www-form-urlencoded')
            ? Object.fromEntries(new URLSearchParams(text))
            : bytes;
    const call: ApiCall = {
      method: request.method,
      path: decodeURIComponent(url.pathname),
      authorization: request.headers.get('authorization'),
      contentType,
      contentLength: request.headers.get('content-length'),
      body,
    };
    state.calls.push(call);
    const custom = await state.respond?.(call, attempts.next(call));
    if (custom !== undefined) return custom;
    if (call.path === '/oauth2/token') {
      const issued = state.calls.filter((c) => c.path === '/oauth2/token').length;
      const token = issued === 1 ? ACCESS_TOKEN : (state.tokens[issued - 2] ?? `${ACCESS_TOKEN}-${issued}`);
      return HttpResponse.json({ access_token: token, token_Type: 'bearer', expires_in: state.expiresIn });
    }
    return HttpResponse.json({});
  };
  return {
    state,
    handlers: [
      http.post(`${API}/oauth2/token`, resolver),
      http.post(`${API}/inbox/v1/virtual-agent/conversations/:id`, resolver),
      http.put(`${API}/inbox/v1/virtual-agent/conversations/:id/attachments/:filename`, resolver),
    ],
  };
}

/** The Basic authorization of the test client credentials. */
export const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
/** The bearer authorization of the first token. */
export const BEARER = `Bearer ${ACCESS_TOKEN}`;

/** The manipulation path of a conversation. */
export const manipulationPath = (conversationId: string): string => `/inbox/v1/virtual-agent/conversations/${conversationId}`;

/** Waits until `check` passes (work the agent finishes after answering). */
export function eventually(check: () => void, timeoutMs = 3_000): Promise<void> {
  return vi.waitFor(check, { timeout: timeoutMs, interval: 5 });
}
