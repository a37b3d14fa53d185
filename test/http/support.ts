import { createHmac } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { VirtualAgent, silentLogger, type Answer, type Delivery, type Logger, type VirtualAgentOptions } from '../../src/index.js';
import { chatwoot } from '../../src/adapters/chatwoot/index.js';
import { vi } from 'vitest';

// Shared by the transport tests: a Chatwoot agent, signed non-ASCII deliveries, msw standing in for the
// Chatwoot REST API, and real servers on 127.0.0.1.

export const SECRET = 'whsec-test-secret';
export const CHATWOOT = 'http://chatwoot.test';

/** Accents, emoji (with a skin-tone modifier and a ZWJ sequence), CJK, and a character outside the BMP. */
export const NON_ASCII = 'Olá, ça va? Ünïcödé — 👋🏽 👩‍💻 你好，世界 こんにちは 한국어 𝄞';

let nextId = 1000;

/** A Chatwoot `message_created` body from a contact, in a conversation the bot owns (status pending). */
export function messageCreated(text: string, conversationId = 42): Record<string, unknown> {
  const id = nextId++;
  return {
    event: 'message_created',
    id,
    content: text,
    content_type: 'text',
    message_type: 'incoming',
    private: false,
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, id)).toISOString(),
    sender: { id: 7, name: 'Zoë Ångström', type: 'contact' },
    account: { id: 1, name: 'Acme' },
    conversation: {
      id: conversationId,
      status: 'pending',
      labels: [],
      meta: { sender: { id: 7, name: 'Zoë Ångström', email: 'zoe@example.com', type: 'contact' } },
    },
  };
}

/** The headers Chatwoot signs a body with (`sha256=HMAC(secret, "<ts>.<body>")`). */
export function signatureHeaders(body: string | Uint8Array, secret = SECRET, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return {
    'content-type': 'application/json',
    'x-chatwoot-signature': `sha256=${mac}`,
    'x-chatwoot-timestamp': String(timestamp),
    'x-chatwoot-delivery': crypto.randomUUID(),
  };
}

/** A signed body (serialized once) with its headers. */
export function signed(text = NON_ASCII, conversationId = 42): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(messageCreated(text, conversationId));
  return { body, headers: signatureHeaders(body) };
}

/** What the bot sent to the stand-in Chatwoot API. */
export interface SentReply {
  conversationId: string;
  content: string;
  at: number;
}

/** msw standing in for Chatwoot's REST API; `replies` fills as the bot posts messages. */
export function chatwootApi(): { server: ReturnType<typeof setupServer>; replies: SentReply[]; nextReply(): Promise<SentReply> } {
  const replies: SentReply[] = [];
  const waiters: Array<(reply: SentReply) => void> = [];
  const server = setupServer(
    http.post(`${CHATWOOT}/api/v1/accounts/1/conversations/:id/messages`, async ({ request, params }) => {
      const body = (await request.json()) as { content: string };
      const reply = { conversationId: String(params.id), content: body.content, at: Date.now() };
      replies.push(reply);
      waiters.shift()?.(reply);
      return HttpResponse.json({ id: 5000 + replies.length, content: body.content });
    }),
    http.post(`${CHATWOOT}/api/v1/accounts/1/conversations/:id/toggle_status`, () => HttpResponse.json({ payload: { success: true } })),
  );
  const nextReply = (): Promise<SentReply> => new Promise((resolve) => waiters.push(resolve));
  return { server, replies, nextReply };
}

/** What the test agent's handlers saw. */
export interface Seen {
  texts: string[];
}

/** A Chatwoot agent whose `message_created` handler records the text and (unless `reply: false`) replies with it. */
export function echoAgent(options: Partial<VirtualAgentOptions> & { delayMs?: number; reply?: boolean } = {}): { agent: VirtualAgent; seen: Seen } {
  const { delayMs, reply = true, ...agentOptions } = options;
  const seen: Seen = { texts: [] };
  const agent = new VirtualAgent({
    adapter: chatwoot({ baseUrl: CHATWOOT, accountId: 1, botToken: 'bot-token', secret: SECRET, retries: 0 }),
    logger: silentLogger,
    ...agentOptions,
  });
  agent.on('message_created', async (ctx) => {
    seen.texts.push(ctx.message.text ?? '');
    if (delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (reply) await ctx.reply(`echo: ${ctx.message.text ?? ''}`);
  });
  return { agent, seen };
}

/** A structural agent that records deliveries and answers 200 (or what `answer` returns). */
export function spyAgent(answer?: (delivery: Delivery) => Answer): { agent: { receive(delivery: Delivery): Promise<Answer> }; deliveries: Delivery[] } {
  const deliveries: Delivery[] = [];
  return {
    deliveries,
    agent: {
      receive: async (delivery) => {
        deliveries.push(delivery);
        return answer?.(delivery) ?? { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"ok":true}' };
      },
    },
  };
}

/** A logger that keeps what it is told. */
export function memoryLogger(): Logger & { errors: Array<{ message: string; meta?: Record<string, unknown> }>; warnings: string[] } {
  const errors: Array<{ message: string; meta?: Record<string, unknown> }> = [];
  const warnings: string[] = [];
  return {
    errors,
    warnings,
    error: (message, meta) => void errors.push(meta === undefined ? { message } : { message, meta }),
    warn: (message) => void warnings.push(message),
  };
}

/** A listening server on 127.0.0.1 and a free port. */
export interface Listening {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a node:http server (or any `listen`-able app's server) on 127.0.0.1, port 0. */
export async function listen(listener: RequestListener | Server): Promise<Listening> {
  const server = typeof listener === 'function' ? createServer(listener) : listener;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A parsed HTTP answer. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
}

/** Sends a request with node:http, the body written in the given chunks (no Content-Length unless set). */
export function send(url: string, init: { method?: string; headers?: Record<string, string>; chunks?: Array<string | Uint8Array> } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'POST', headers: init.headers ?? {}, agent: false }, (res) => {
      collect(res).then(resolve, reject);
    });
    req.on('error', reject);
    for (const chunk of init.chunks ?? []) req.write(chunk);
    req.end();
  });
}

/**
 * Sends the head and the given chunks without ending the request, and resolves with the answer: for
 * answers the server must give before the upload is over. The connection is dropped afterwards.
 */
export function sendUnfinished(url: string, headers: Record<string, string>, chunks: Array<string | Uint8Array>): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers, agent: false });
    req.on('response', (res) => {
      collect(res).then((answer) => {
        req.destroy();
        resolve(answer);
      }, reject);
    });
    req.on('error', () => undefined);
    for (const chunk of chunks) req.write(chunk);
  });
}

/** Reads a node:http response. */
export function collect(res: IncomingMessage): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', reject);
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown });
    });
  });
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` passes or `timeoutMs` elapses. */
export function eventually(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  return vi.waitFor(
    () => {
      if (!check()) throw new Error('not yet');
    },
    { timeout: timeoutMs, interval: 5 },
  );
}
