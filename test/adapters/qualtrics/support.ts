// Shared builders for the Qualtrics adapter tests: mentions from the sample, signed requests, an msw stand-in of the
// Engagor API that records every call (method, path, query, Authorization, form parameters).
import { createHmac } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { qualtrics, type QualtricsOptions } from '../../../src/adapters/qualtrics/index.js';
import { VirtualAgent, silentLogger, type VirtualAgentOptions } from '../../../src/index.js';
import sample from '../../fixtures/qualtrics/mention.api-object.json' with { type: 'json' };
import type { StandIn } from '../../helpers/stand-in.js';
import { expectAccepted, secretChecks } from '../../helpers/rejections.js';

/** A JSON payload under construction (tests reshape them freely). */
export type Payload = Record<string, any>;

export const ACCOUNT_ID = 1417;
export const ACCESS_TOKEN = 'qsc_access_7Hk2Lm9Qp4Rs';
export const CLIENT_SECRET = 'qsc_client_secret_Vb3Nx8Zc1';
export const API = 'https://api.engagor.com';
export const WEBHOOK_URL = 'https://bot.example.test/webhooks/qualtrics';

/** The sample's author (a Twitter user) and topic. */
export const AUTHOR_ID = '3313939576';
export const TOPIC_ID = '46283';
export const SAMPLE_MENTION_ID = '43769358878509009';
/** The conversation of the sample's author: the channel and the author id (author ids are unique per channel only). */
export const CONVERSATION_ID = `twitter:${AUTHOR_ID}`;

/** The shape of a mention built from the sample. */
export interface MentionShape {
  id?: string | number;
  text?: string;
  type?: string;
  service?: string | null;
  authorId?: string | number;
  authorName?: string;
  topicId?: string | number;
  managed?: boolean;
  /** `false` drops the mention's `action_links` (its ready `publisher/add` link among them). */
  actionLinks?: false;
}

let sequence = 0;

/** A mention as a recipe posts it: the sample, with a fresh id unless one is given. */
export function mention(shape: MentionShape = {}): Payload {
  const payload = structuredClone(sample) as Payload;
  sequence += 1;
  payload.id = shape.id ?? `4376935887850${String(9100 + sequence)}`;
  if (shape.text !== undefined) payload.message.content = shape.text;
  if (shape.type !== undefined) payload.message.type = shape.type;
  if (shape.service === null) delete payload.source.service;
  else if (shape.service !== undefined) payload.source.service = shape.service;
  if (shape.authorId !== undefined) payload.author.id = shape.authorId;
  if (shape.authorName !== undefined) payload.author.name = shape.authorName;
  if (shape.topicId !== undefined) payload.topic.id = shape.topicId;
  if (shape.managed !== undefined) payload.author.managed = shape.managed;
  if (shape.actionLinks === false) delete payload.action_links;
  else {
    // The sample's links name its own mention: keep them pointing at this one.
    for (const link of payload.action_links as { link: string }[]) link.link = link.link.replace(SAMPLE_MENTION_ID, String(payload.id));
  }
  return payload;
}

/** The documented scheme: base64(HMAC-SHA256(client secret, raw body)). */
export function sign(body: string | Uint8Array, secret = CLIENT_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** Options of a test delivery. */
export interface DeliveryShape {
  /** The signing secret; `null` sends no x-signature. */
  secret?: string | null;
  /** An x-signature value to send as is. */
  signature?: string;
  /** The exact body text (default: the JSON of the payload). */
  raw?: string;
}

/** A recipe webhook request, signed with the test secret unless told otherwise. */
export function recipeRequest(body: unknown, shape: DeliveryShape = {}): Request {
  const raw = shape.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signature = shape.signature ?? (shape.secret === null ? undefined : sign(raw, shape.secret ?? CLIENT_SECRET));
  if (signature !== undefined) headers['x-signature'] = signature;
  return new Request(WEBHOOK_URL, { method: 'POST', headers, body: raw });
}

/** The adapter options every test starts from (retries off: msw answers failures at once). */
export function adapterOptions(overrides: Partial<QualtricsOptions> = {}): QualtricsOptions {
  return { accountId: ACCOUNT_ID, accessToken: ACCESS_TOKEN, clientSecret: CLIENT_SECRET, retries: 0, ...overrides };
}

/** An agent over the Qualtrics adapter that logs nothing. */
export function makeAgent(adapter: Partial<QualtricsOptions> = {}, agent: Partial<Omit<VirtualAgentOptions, 'adapter'>> = {}): VirtualAgent {
  return new VirtualAgent({ adapter: qualtrics(adapterOptions(adapter)), logger: silentLogger, ...agent });
}

/** Posts a mention signed with the test secret. */
export function deliver(agent: VirtualAgent, body: unknown, shape: DeliveryShape = {}): Promise<Response> {
  return agent.fetch(recipeRequest(body, shape));
}

/** Posts a mention and expects it to be handled (200). */
export async function deliverOk(agent: VirtualAgent, body: unknown): Promise<void> {
  await expectAccepted(await deliver(agent, body));
}

/** Every secret of this suite: none may appear in an answer, an error or a log. */
const SECRETS: readonly string[] = [CLIENT_SECRET, ACCESS_TOKEN];

/** Asserts a rejected delivery's answer without this suite's secrets; asserts no secret of this suite appears in a value. */
export const { expectRejection, expectNoSecrets } = secretChecks(SECRETS);

/** One request the msw stand-in of the Engagor API received. */
export interface ApiCall {
  method: string;
  /** Path without the host, e.g. `/1417/inbox/contact/twitter/3313939576`. */
  path: string;
  /** Query parameters. */
  query: Record<string, string>;
  authorization: string | null;
  contentType: string | null;
  /** The form parameters of a POST, as sent (structured ones are JSON strings). */
  form: Record<string, string> | undefined;
}

/** What the stand-in answers; return `undefined` to fall back to the usual answer. */
export type Responder = (call: ApiCall) => Response | Promise<Response> | undefined;

/** The state of the msw stand-in of the Engagor API. */
export interface FakeEngagor extends StandIn<ApiCall, Responder> {
  /** Contact tags by `service/id` (e.g. `twitter/3313939576`). */
  tags: Map<string, string[]>;
  /** The profiles GET publisher/add offers. */
  offered: { type: string; service_id: string }[];
  /** The calls as `METHOD /path` lines, without the account prefix. */
  summary(): string[];
}

const envelope = (response: unknown): Response => HttpResponse.json({ meta: { code: 200 }, response });

/** msw handlers answering the Engagor endpoints the adapter uses, recording every call. */
export function fakeEngagor(base = API): { state: FakeEngagor; handlers: ReturnType<typeof http.all>[] } {
  let published = 0;
  const basePath = new URL(base).pathname.replace(/\/$/, '');
  const state: FakeEngagor = {
    calls: [],
    tags: new Map(),
    offered: [{ type: 'twitter', service_id: '900100' }],
    respond: undefined,
    summary() {
      return this.calls.map((c) => `${c.method} ${c.path.replace(/^\/\d+/, '')}`);
    },
    reset() {
      this.calls.length = 0;
      this.tags.clear();
      this.offered = [{ type: 'twitter', service_id: '900100' }];
      this.respond = undefined;
      published = 0;
    },
  };
  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    const url = new URL(request.url);
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const call: ApiCall = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.get('authorization'),
      contentType: request.headers.get('content-type'),
      form: text === '' ? undefined : Object.fromEntries(new URLSearchParams(text)),
    };
    state.calls.push(call);
    const custom = await state.respond?.(call);
    if (custom !== undefined) return custom;
    return usualAnswer(state, call.path.slice(basePath.length), call, () => ++published);
  };
  return { state, handlers: [http.all(`${base}/*`, resolver)] };
}

function usualAnswer(state: FakeEngagor, path: string, call: ApiCall, nextPublished: () => number): Response {
  const [, account, ...rest] = path.split('/');
  if (account !== String(ACCOUNT_ID)) return notFound();
  const route = rest.join('/');
  const contact = /^inbox\/contact\/([^/]+)\/([^/]+)$/.exec(route);
  if (contact) {
    const key = `${contact[1]}/${contact[2]}`;
    if (call.method === 'GET')
      return envelope({ id: 'ct-77', tags: state.tags.get(key) ?? [], socialprofiles: [{ type: contact[1], service_id: contact[2] }] });
    if (call.method === 'POST') {
      const updates = JSON.parse(call.form?.updates ?? '{}') as { tags?: string[] };
      const mode = (JSON.parse(call.form?.options ?? '{}') as { tags_edit_mode?: string }).tags_edit_mode ?? 'update';
      const current = state.tags.get(key) ?? [];
      const asked = updates.tags ?? [];
      // Like a strict server: delete removes the exact spellings it is given.
      const next =
        mode === 'add' ? [...current, ...asked.filter((t) => !current.includes(t))] : mode === 'delete' ? current.filter((t) => !asked.includes(t)) : asked;
      state.tags.set(key, next);
      return envelope({ id: 'ct-77', tags: next });
    }
  }
  if (route === 'publisher/add' && call.method === 'GET') return envelope({ services: state.offered, options: { max_length: 10000 } });
  if (route === 'publisher/add' && call.method === 'POST') {
    return envelope({ messages: [{ id: 'msg-1' }], publisher_mention: { id: `pm-${nextPublished()}`, status: call.form?.status } });
  }
  if (/^inbox\/mention\/[^/]+\/[^/]+$/.test(route) && call.method === 'POST') return envelope({ id: route.split('/').pop() });
  if (/^inbox\/handover\/[^/]+\/[^/]+$/.test(route) && (call.method === 'POST' || call.method === 'DELETE')) {
    return envelope({ owner: call.method === 'POST' ? 'engage' : 'application' });
  }
  return notFound();
}

function notFound(): Response {
  return HttpResponse.json({ code: 404, error: 'not_found', error_description: 'The requested resource could not be found.' }, { status: 404 });
}

/** The contact path of the sample author. */
export const CONTACT_PATH = `/${ACCOUNT_ID}/inbox/contact/twitter/${AUTHOR_ID}`;
