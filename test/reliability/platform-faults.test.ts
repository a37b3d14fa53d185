// Faults, end to end over HTTP: signed deliveries to `toNodeHandler(agent)` on 127.0.0.1, the Chatwoot REST API
// played by msw. The platform API failing (500 then 200; 429 with Retry-After) must not lose or repeat the reply; a
// handler that throws or hangs must leave the contact with the fallback message and the conversation with a human.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualAgent, VirtualAgentOptions } from '../../src/index.js';
import { API, chatwootAgent, Client, CONVERSATION_BASE, eventually, type Listening, serve, signedMessage } from './support.js';

/** One call the stand-in Chatwoot API received, with what it answered. */
interface ApiCall {
  method: string;
  /** The path after `/conversations/{id}`, e.g. `/messages`. */
  action: string;
  conversationId: string;
  body: Record<string, unknown>;
  status: number;
  at: number;
}

/** Decides an answer for the n-th call (1-based) of one method and path; `undefined` = Chatwoot's usual answer. */
type Fault = (call: Omit<ApiCall, 'status' | 'at'>, attempt: number) => Response | undefined;

const calls: ApiCall[] = [];
const attempts = new Map<string, number>();
let fault: Fault | undefined;
let nextMessageId = 70_001;

const api = setupServer(
  http.post(`${API}/conversations/:id/:action`, async ({ request, params }) => {
    const call = {
      method: 'POST',
      action: `/${String(params.action)}`,
      conversationId: String(params.id),
      body: (await request.json()) as Record<string, unknown>,
    };
    const key = `${call.method} ${call.conversationId}${call.action}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const response = fault?.(call, attempt) ?? usual(call);
    calls.push({ ...call, status: response.status, at: performance.now() });
    return response;
  }),
);

function usual(call: Omit<ApiCall, 'status' | 'at'>): Response {
  if (call.action === '/messages')
    return HttpResponse.json({ id: nextMessageId++, content: call.body.content, message_type: 1, conversation_id: Number(call.conversationId) });
  if (call.action === '/toggle_status')
    return HttpResponse.json({ meta: {}, payload: { success: true, current_status: call.body.status, conversation_id: Number(call.conversationId) } });
  return HttpResponse.json({ error: 'Resource could not be found' }, { status: 404 });
}

/** The calls that landed (2xx), as `action body.content|body.status`. */
function landed(): string[] {
  return calls.filter((c) => c.status < 300).map((c) => `${c.action} ${String(c.body.content ?? c.body.status)}`);
}

const FALLBACK = 'Sorry, something went wrong on our side. A colleague will take over.';
const servers: Listening[] = [];
const client = new Client(4);

beforeAll(() =>
  api.listen({
    // The deliveries to the bot on 127.0.0.1 pass; any other unplanned outbound call fails the test.
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(async () => {
  fault = undefined;
  calls.length = 0;
  attempts.clear();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  client.close();
  api.close();
});

async function serveAgent(options: Partial<Omit<VirtualAgentOptions, 'adapter'>> = {}): Promise<{ agent: VirtualAgent; port: number; errors: string[] }> {
  const agent = chatwootAgent({ fallbackMessage: FALLBACK, ...options });
  const errors: string[] = [];
  agent.onError((error) => void errors.push((error as { code?: string }).code ?? error.message));
  const server = await serve(agent);
  servers.push(server);
  return { agent, port: server.port, errors };
}

describe('the platform API fails for a while: the reply lands once', () => {
  it('500, then 200 (and the platform delivers the message twice meanwhile)', async () => {
    const { agent, port, errors } = await serveAgent();
    let runs = 0;
    agent.on('message_created', async (ctx) => {
      runs += 1;
      await ctx.reply(`Order for ${ctx.contact?.name}: ships tomorrow.`);
    });
    fault = (call, attempt) =>
      call.action === '/messages' && attempt === 1 ? HttpResponse.json({ error: 'Internal Server Error' }, { status: 500 }) : undefined;
    const delivery = signedMessage(1, 0);
    const answers = await Promise.all([client.post(port, delivery), client.post(port, delivery)]);

    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(runs).toBe(1);
    expect(calls.map((c) => `${c.action} ${c.status}`)).toEqual(['/messages 500', '/messages 200']);
    expect(landed()).toEqual(['/messages Order for Contact 1: ships tomorrow.']);
    expect(errors).toEqual([]);
  });

  it('429 with Retry-After: 1, honoured, then 200', async () => {
    const { agent, port, errors } = await serveAgent();
    agent.on('message_created', (ctx) => ctx.reply('Here is your tracking link.'));
    fault = (call, attempt) =>
      call.action === '/messages' && attempt === 1
        ? HttpResponse.json({ error: 'Too many requests' }, { status: 429, headers: { 'Retry-After': '1' } })
        : undefined;
    const answer = await client.post(port, signedMessage(2, 0));

    expect(answer.status).toBe(200);
    expect(calls.map((c) => `${c.action} ${c.status}`)).toEqual(['/messages 429', '/messages 200']);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(landed()).toEqual(['/messages Here is your tracking link.']);
    expect(errors).toEqual([]);
  });
});

describe('a handler fails: the contact gets the fallback message, a human gets the conversation', () => {
  const conversationId = (conversation: number): string => String(CONVERSATION_BASE + conversation);

  it('a handler that throws', async () => {
    const { agent, port, errors } = await serveAgent();
    agent.on('message_created', () => {
      throw new Error('the order service is down');
    });
    const answer = await client.post(port, signedMessage(3, 0));

    expect(answer.status).toBe(200);
    expect(landed()).toEqual([`/messages ${FALLBACK}`, '/toggle_status open']);
    expect(calls.every((c) => c.conversationId === conversationId(3))).toBe(true);
    expect(calls[0]!.body).toMatchObject({ content: FALLBACK, message_type: 'outgoing', private: false });
    expect(errors).toEqual(['the order service is down']);
    expect(await agent.conversation(conversationId(3)).owner()).toBe('human');
  });

  it('a handler that hangs past handlerTimeoutMs (its signal aborts)', async () => {
    const { agent, port, errors } = await serveAgent({ handlerTimeoutMs: 300 });
    let aborted = false;
    agent.on('message_created', (ctx) => {
      ctx.signal.addEventListener('abort', () => (aborted = true));
      return new Promise<void>(() => undefined);
    });
    const answer = await client.post(port, signedMessage(4, 0));

    expect(answer.status).toBe(200);
    expect(answer.ms).toBeGreaterThanOrEqual(290);
    expect(aborted).toBe(true);
    expect(landed()).toEqual([`/messages ${FALLBACK}`, '/toggle_status open']);
    expect(errors).toEqual(['E_TIMEOUT']);
    expect(await agent.conversation(conversationId(4)).owner()).toBe('human');
  });

  it('a handler that hangs past the ack deadline too: answered 202 in time, the fail-safe lands afterwards', async () => {
    const { agent, port, errors } = await serveAgent({ ackTimeoutMs: 200, handlerTimeoutMs: 800 });
    agent.on('message_created', () => new Promise<void>(() => undefined));
    const answer = await client.post(port, signedMessage(5, 0));

    expect(answer.status).toBe(202);
    expect(answer.ms).toBeLessThan(700);
    expect(calls).toEqual([]);
    await eventually(() => expect(landed()).toEqual([`/messages ${FALLBACK}`, '/toggle_status open']), 3_000);
    expect(errors).toEqual(['E_TIMEOUT']);
    expect(await agent.conversation(conversationId(5)).owner()).toBe('human');
  });
});
