// Shared builders for the Chatwoot adapter tests: current-shape payloads, signed requests, an msw stand-in of the REST API.
import { http, HttpResponse } from 'msw';
import { vi } from 'vitest';
import { chatwoot, type ChatwootOptions } from '../../../src/adapters/chatwoot/index.js';
import { VirtualAgent, silentLogger, type VirtualAgentOptions } from '../../../src/index.js';
import { signedChatwootRequest } from '../../../src/testing/index.js';
import legacyMessageCreated from '../../fixtures/chatwoot/message_created.json' with { type: 'json' };
import legacyStatusChanged from '../../fixtures/chatwoot/conversation_status_changed.json' with { type: 'json' };
import currentMessageCreated from '../../fixtures/chatwoot/current/message_created.json' with { type: 'json' };
import currentMessageUpdated from '../../fixtures/chatwoot/current/message_updated_input_select.json' with { type: 'json' };
import currentStatusChanged from '../../fixtures/chatwoot/current/conversation_status_changed.json' with { type: 'json' };
import currentWidgetTriggered from '../../fixtures/chatwoot/current/webwidget_triggered.json' with { type: 'json' };
import { attemptCounter, type StandIn } from '../../helpers/stand-in.js';
import { expectAccepted, secretChecks } from '../../helpers/rejections.js';

/** A JSON payload under construction (tests reshape them freely). */
export type Payload = Record<string, any>;

export const BASE_URL = 'https://chat.example.test';
export const ACCOUNT_ID = 3;
export const BOT_TOKEN = 'cwbot_tok_Z9y8X7w6V5u4';
export const SECRET = 'cwsig_secret_Q1w2E3r4T5y6';
export const API = `${BASE_URL}/api/v1/accounts/${ACCOUNT_ID}`;

/** The conversation's `updated_at` of the current fixtures (float seconds). */
export const T0 = 1772446530.118422;

const copy = <T>(value: T): Payload => structuredClone(value) as Payload;

export const legacy = {
  messageCreated: (): Payload => copy(legacyMessageCreated),
  statusChanged: (): Payload => copy(legacyStatusChanged),
};

/** Options of a current-shape message payload. */
export interface MessageShape {
  event?: 'message_created' | 'message_updated';
  id?: number;
  content?: string | null;
  messageType?: string | number;
  private?: boolean;
  status?: string;
  /** The conversation's `updated_at`, float seconds. */
  updatedAt?: number;
  createdAt?: string;
  conversationId?: number;
  labels?: string[] | undefined;
  attributes?: Record<string, unknown> | undefined;
  sender?: Payload | null;
  contentType?: string;
  contentAttributes?: Payload;
  attachments?: Payload[];
}

/** A `message_created` (or `message_updated`) as a 2026 server sends it: no `sender.type`. */
export function message(shape: MessageShape = {}): Payload {
  const payload = copy(currentMessageCreated);
  if (shape.event !== undefined) payload.event = shape.event;
  if (shape.id !== undefined) payload.id = shape.id;
  if (shape.content !== undefined) payload.content = shape.content;
  if (shape.messageType !== undefined) payload.message_type = shape.messageType;
  if (shape.private !== undefined) payload.private = shape.private;
  if (shape.createdAt !== undefined) payload.created_at = shape.createdAt;
  if (shape.sender !== undefined) payload.sender = shape.sender;
  if (shape.contentType !== undefined) payload.content_type = shape.contentType;
  if (shape.contentAttributes !== undefined) payload.content_attributes = shape.contentAttributes;
  if (shape.attachments !== undefined) payload.attachments = shape.attachments;
  conversationShape(payload.conversation, shape);
  return payload;
}

/** An outgoing message written by a human agent, as a 2026 server sends it. */
export function agentMessage(shape: MessageShape = {}): Payload {
  return message({
    messageType: 'outgoing',
    sender: { id: 9, name: 'Bruno', avatar_url: '', availability_status: 'online' },
    content: 'Hi, Bruno here.',
    ...shape,
  });
}

/** The contact's answer to the bot's input_select, as `message_updated`. */
export function selectAnswer(shape: MessageShape = {}): Payload {
  const payload = copy(currentMessageUpdated);
  conversationShape(payload.conversation, shape);
  if (shape.id !== undefined) payload.id = shape.id;
  if (shape.contentAttributes !== undefined) payload.content_attributes = shape.contentAttributes;
  if (shape.contentType !== undefined) payload.content_type = shape.contentType;
  return payload;
}

/** Options of a current-shape conversation payload. */
export interface ConversationShape {
  event?: string;
  status?: string;
  previous?: string;
  updatedAt?: number;
  conversationId?: number;
  labels?: string[] | undefined;
  attributes?: Record<string, unknown> | undefined;
  /** Drop `changed_attributes` (events other than status/updated ones, older servers). */
  noChanges?: boolean;
}

/** A `conversation_*` event as a 2026 server sends it. */
export function conversation(shape: ConversationShape = {}): Payload {
  const payload = copy(currentStatusChanged);
  payload.event = shape.event ?? 'conversation_status_changed';
  conversationShape(payload, shape);
  if (shape.noChanges || shape.previous === undefined) delete payload.changed_attributes;
  else payload.changed_attributes = [{ status: { previous_value: shape.previous, current_value: payload.status } }];
  return payload;
}

/** `webwidget_triggered`; `conversation: null` sends `current_conversation: null`. */
export function widget(shape: { conversation?: null; initiatedAt?: string | null; status?: string; updatedAt?: number } = {}): Payload {
  const payload = copy(currentWidgetTriggered);
  if (shape.conversation === null) payload.current_conversation = null;
  else conversationShape(payload.current_conversation, shape);
  if (shape.initiatedAt === null) delete payload.event_info.initiated_at;
  else if (shape.initiatedAt !== undefined) payload.event_info.initiated_at = { timestamp: shape.initiatedAt };
  return payload;
}

function conversationShape(
  target: Payload,
  shape: { status?: string; updatedAt?: number; conversationId?: number; labels?: string[] | undefined; attributes?: Record<string, unknown> | undefined },
): void {
  if (shape.status !== undefined) target.status = shape.status;
  if (shape.updatedAt !== undefined) target.updated_at = shape.updatedAt;
  if (shape.conversationId !== undefined) target.id = shape.conversationId;
  if ('labels' in shape) {
    if (shape.labels === undefined) delete target.labels;
    else target.labels = shape.labels;
  }
  if ('attributes' in shape) {
    if (shape.attributes === undefined) delete target.custom_attributes;
    else target.custom_attributes = shape.attributes;
  }
}

/** The adapter options every test starts from. */
export function adapterOptions(overrides: Partial<ChatwootOptions> = {}): ChatwootOptions {
  return { baseUrl: BASE_URL, accountId: ACCOUNT_ID, botToken: BOT_TOKEN, secret: SECRET, ...overrides };
}

/** An agent over the Chatwoot adapter that logs nothing. */
export function makeAgent(adapter: Partial<ChatwootOptions> = {}, agent: Partial<Omit<VirtualAgentOptions, 'adapter'>> = {}): VirtualAgent {
  return new VirtualAgent({ adapter: chatwoot(adapterOptions(adapter)), logger: silentLogger, ...agent });
}

/** Posts a payload signed with the test secret. */
export function deliver(agent: VirtualAgent, body: unknown, options: { deliveryId?: string; timestamp?: number } = {}): Promise<Response> {
  return agent.fetch(signedChatwootRequest({ secret: SECRET, body, ...options }));
}

/** Posts a payload and expects it to be accepted. */
export async function deliverOk(agent: VirtualAgent, body: unknown, options: { deliveryId?: string; timestamp?: number } = {}): Promise<void> {
  await expectAccepted(await deliver(agent, body, options));
}

/** Every secret of this suite: none may appear in an answer, an error or a log. */
const SECRETS: readonly string[] = [SECRET, BOT_TOKEN];

/** Asserts a rejected delivery's answer without this suite's secrets; asserts no secret of this suite appears in a value. */
export const { expectRejection, expectNoSecrets } = secretChecks(SECRETS);

/** One request the msw stand-in of Chatwoot received. */
export interface ApiCall {
  method: string;
  /** Path without the host, e.g. `/api/v1/accounts/3/conversations/42/messages`. */
  path: string;
  token: string | null;
  contentType: string | null;
  body: unknown;
}

/** What the stand-in answers; return `undefined` to fall back to Chatwoot's usual answer. */
export type Responder = (call: ApiCall, attempt: number) => Response | Promise<Response> | undefined;

/** The state of the msw stand-in of Chatwoot's conversation API. */
export interface FakeChatwoot extends StandIn<ApiCall, Responder> {
  /** Labels returned by GET …/labels, per conversation display id. */
  labels: Map<string, string[]>;
  /** custom_attributes returned by GET …/conversations/:id. */
  attributes: Map<string, Record<string, unknown>>;
  /** The id the next created message gets. */
  nextMessageId: number;
  /** The display id the next created conversation gets (`POST /conversations`). */
  nextConversationId: number;
  /** The calls as `METHOD /path-after-the-conversation` lines. */
  summary(): string[];
}

/** msw handlers answering Chatwoot's conversation endpoints like a 2026 server, recording every call. */
export function fakeChatwoot(): { state: FakeChatwoot; handlers: ReturnType<typeof http.all>[] } {
  const attempts = attemptCounter();
  const state: FakeChatwoot = {
    calls: [],
    labels: new Map(),
    attributes: new Map(),
    nextMessageId: 9001,
    nextConversationId: 501,
    respond: undefined,
    summary() {
      return this.calls.map((c) => `${c.method} ${c.path.replace(/^\/api\/v1\/accounts\/\d+\/conversations\/\w+/, '')}`);
    },
    reset() {
      this.calls.length = 0;
      this.labels.clear();
      this.attributes.clear();
      this.nextMessageId = 9001;
      this.nextConversationId = 501;
      this.respond = undefined;
      attempts.clear();
    },
  };
  const resolver = async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }): Promise<Response> => {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const call: ApiCall = {
      method: request.method,
      path: url.pathname,
      token: request.headers.get('api_access_token'),
      contentType: request.headers.get('content-type'),
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
    state.calls.push(call);
    const custom = await state.respond?.(call, attempts.next(call));
    if (custom !== undefined) return custom;
    if (params.id === undefined) {
      // POST /conversations, as a bot token may call it: Chatwoot answers the new conversation.
      const body = (call.body ?? {}) as Payload;
      return HttpResponse.json({ id: state.nextConversationId++, account_id: ACCOUNT_ID, inbox_id: body.inbox_id, status: body.status ?? 'pending' });
    }
    return usualAnswer(state, String(params.id), call);
  };
  return {
    state,
    handlers: [
      http.post(`${API}/conversations`, resolver),
      http.all(`${API}/conversations/:id`, resolver),
      http.all(`${API}/conversations/:id/:action`, resolver),
    ],
  };
}

function usualAnswer(state: FakeChatwoot, id: string, call: ApiCall): Response {
  const action = call.path.split(`/conversations/${id}`)[1] ?? '';
  const body = (call.body ?? {}) as Payload;
  switch (`${call.method} ${action}`) {
    case 'POST /messages': {
      const messageId = state.nextMessageId++;
      return HttpResponse.json({
        id: messageId,
        content: body.content,
        message_type: 1,
        content_type: body.content_type ?? 'text',
        private: body.private ?? false,
        conversation_id: Number(id),
      });
    }
    case 'GET /labels':
      return HttpResponse.json({ payload: state.labels.get(id) ?? [] });
    case 'POST /labels':
      state.labels.set(id, body.labels as string[]);
      return HttpResponse.json({ payload: body.labels });
    case 'GET ':
      return HttpResponse.json({ id: Number(id), status: 'pending', custom_attributes: state.attributes.get(id) ?? {} });
    case 'POST /custom_attributes':
      state.attributes.set(id, body.custom_attributes as Record<string, unknown>);
      return HttpResponse.json({ custom_attributes: body.custom_attributes });
    case 'POST /toggle_status':
      return HttpResponse.json({ meta: {}, payload: { success: true, current_status: body.status, conversation_id: Number(id) } });
    case 'POST /toggle_typing_status':
      // Chatwoot answers `head :ok`: no body.
      return new HttpResponse(null, { status: 200 });
    case 'POST /assignments':
      return HttpResponse.json(body.team_id === undefined ? { id: body.assignee_id, name: 'Bruno' } : { id: body.team_id, name: 'Support' });
    default:
      return HttpResponse.json({ error: 'Resource could not be found' }, { status: 404 });
  }
}

/** Waits until `check` passes (work the agent finishes after answering). */
export function eventually(check: () => void, timeoutMs = 2_000): Promise<void> {
  return vi.waitFor(check, { timeout: timeoutMs, interval: 5 });
}
