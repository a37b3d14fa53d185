import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isHandoffkitError } from '../../src/index.js';
import { toNodeHandler } from '../../src/http/node.js';
import {
  NON_ASCII,
  chatwootApi,
  echoAgent,
  eventually,
  listen,
  memoryLogger,
  send,
  sendUnfinished,
  signed,
  signatureHeaders,
  sleep,
  spyAgent,
  type Listening,
} from './support.js';

const servers: Listening[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => unknown): Promise<Listening> {
  const listening = await listen((req, res) => void handler(req, res));
  servers.push(listening);
  return listening;
}

describe('toNodeHandler with a real agent', () => {
  const api = chatwootApi();
  beforeAll(() => api.server.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => api.server.close());

  it('verifies a signed non-ASCII body, runs the handler on the exact text and replies to the platform', async () => {
    const { agent, seen } = echoAgent();
    const { url } = await serve(toNodeHandler(agent));
    const delivery = signed(NON_ASCII, 11);
    const reply = api.nextReply();
    const res = await fetch(`${url}/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen.texts).toEqual([NON_ASCII]);
    expect(await reply).toMatchObject({ conversationId: '11', content: `echo: ${NON_ASCII}` });
  });

  it('verifies a body that arrives in many small chunks split inside multi-byte characters', async () => {
    const { agent, seen } = echoAgent();
    const { url } = await serve(toNodeHandler(agent));
    const delivery = signed(NON_ASCII, 12);
    const bytes = Buffer.from(delivery.body, 'utf8');
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 3) chunks.push(bytes.subarray(i, i + 3));
    const res = await send(`${url}/webhook`, { headers: delivery.headers, chunks });
    expect(res.status).toBe(200);
    expect(seen.texts).toEqual([NON_ASCII]);
  });

  it('answers within the ack deadline (202) while a slow handler keeps working, and the reply still reaches the platform', async () => {
    const { agent, seen } = echoAgent({ delayMs: 400 });
    const { url } = await serve(toNodeHandler(agent, { ackTimeoutMs: 100 }));
    const delivery = signed('¿Sigues ahí? 🐢', 13);
    const reply = api.nextReply();
    const started = Date.now();
    const res = await fetch(`${url}/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
    const answeredAfter = Date.now() - started;
    expect(res.status).toBe(202);
    expect(answeredAfter).toBeLessThan(400);
    expect(seen.texts).toEqual(['¿Sigues ahí? 🐢']);
    const sent = await reply;
    expect(sent.content).toBe('echo: ¿Sigues ahí? 🐢');
    expect(sent.at - started).toBeGreaterThanOrEqual(400);
  });

  it('answers 401 with the JSON error body for a bad signature, and never runs handlers', async () => {
    const { agent, seen } = echoAgent();
    const { url } = await serve(toNodeHandler(agent));
    const delivery = signed();
    const res = await fetch(url, { method: 'POST', headers: { ...delivery.headers, 'x-chatwoot-signature': `sha256=${'0'.repeat(64)}` }, body: delivery.body });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('E_SIGNATURE');
    expect(seen.texts).toEqual([]);
  });

  it('answers 400 E_PAYLOAD for a signed body that is not JSON, and 405 with Allow for a GET', async () => {
    const { agent } = echoAgent();
    const { url } = await serve(toNodeHandler(agent));
    const body = '{"event": "message_created",';
    const bad = await fetch(url, { method: 'POST', headers: signatureHeaders(body), body });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('E_PAYLOAD');
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(((await get.json()) as { error: { code: string } }).error.code).toBe('E_METHOD');
  });
});

describe('toNodeHandler body limit', () => {
  it('answers 413 as soon as Content-Length announces more than the limit, without reading the body', async () => {
    const { agent, deliveries } = spyAgent();
    const { url } = await serve(toNodeHandler(agent, { maxBodyBytes: 1024 }));
    // The client announces 5000 bytes, sends a few and waits.
    const answer = await sendUnfinished(url, { 'content-length': '5000', 'content-type': 'application/json' }, ['{"event":"message_created"']);
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect((answer.json() as { error: { code: string; message: string } }).error).toMatchObject({ code: 'E_BODY_TOO_LARGE' });
    expect(deliveries).toHaveLength(0);
  });

  it('answers 413 as soon as a chunked body crosses the limit, while the client is still uploading', async () => {
    const { agent, deliveries } = spyAgent();
    let bufferedAtAnswer = -1;
    const handler = toNodeHandler(agent, { maxBodyBytes: 64 * 1024 });
    const { url } = await serve((req, res) => {
      res.on('finish', () => (bufferedAtAnswer = req.readableLength));
      return handler(req, res);
    });
    // 80 KiB in 8 KiB chunks, then the client waits: the request is never ended.
    const answer = await sendUnfinished(
      url,
      { 'content-type': 'application/json' },
      Array.from({ length: 10 }, () => Buffer.alloc(8 * 1024, 0x61)),
    );
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect((answer.json() as { error: { message: string } }).error.message).toMatch(/over the limit of 65536/);
    expect(deliveries).toHaveLength(0);
    expect(bufferedAtAnswer).toBeLessThanOrEqual(64 * 1024);
  });

  it("takes the agent's own maxBodyBytes and logger when the agent exposes them", async () => {
    const logger = memoryLogger();
    const { agent } = echoAgent({ maxBodyBytes: 1024, logger });
    const handler = toNodeHandler(agent);
    const { url } = await serve(async (req, res) => {
      if (req.url === '/consumed') for await (const _ of req) void _;
      await handler(req, res);
    });
    const answer = await sendUnfinished(url, { 'content-length': '1025' }, ['{']);
    expect(answer.status).toBe(413);
    expect((answer.json() as { error: { message: string } }).error.message).toMatch(/limit of 1024/);
    await send(`${url}/consumed`, { chunks: ['{}'] });
    expect(logger.errors.map((e) => e.meta?.code)).toEqual(['E_CONFIG']);
  });

  it('defaults to the agent limit of 1 MiB', async () => {
    const { agent, deliveries } = spyAgent();
    const { url } = await serve(toNodeHandler(agent));
    const exactly = Buffer.alloc(1024 * 1024, 0x20);
    const ok = await send(url, { headers: { 'content-length': String(exactly.length) }, chunks: [exactly] });
    expect(ok.status).toBe(200);
    expect(deliveries[0]?.body).toHaveLength(1024 * 1024);
    const over = await sendUnfinished(url, { 'content-length': String(exactly.length + 1) }, ['{']);
    expect(over.status).toBe(413);
    expect(deliveries).toHaveLength(1);
  });
});

describe('toNodeHandler and clients that go away', () => {
  it('does not call receive and leaves no listener behind when the client disconnects mid-body', async () => {
    const { agent, deliveries } = spyAgent();
    const handler = toNodeHandler(agent);
    const events = ['data', 'end', 'error', 'aborted', 'close'] as const;
    let settled: { before: number[]; after: number[]; headersSent: boolean } | undefined;
    const { url } = await serve(async (req, res) => {
      const before = events.map((e) => req.listenerCount(e));
      await handler(req, res);
      settled = { before, after: events.map((e) => req.listenerCount(e)), headersSent: res.headersSent };
    });
    const req = httpRequest(url, { method: 'POST', headers: { 'content-length': '1000' }, agent: false });
    req.on('error', () => undefined);
    req.write('{"event":"message_cre');
    await sleep(50);
    req.destroy();
    await eventually(() => settled !== undefined);
    expect(deliveries).toHaveLength(0);
    expect(settled?.after).toEqual(settled?.before);
    expect(settled?.headersSent).toBe(false);
  });

  it('keeps serving other requests after an aborted one', async () => {
    const { agent, seen } = echoAgent({ reply: false });
    const { url } = await serve(toNodeHandler(agent));
    const broken = httpRequest(url, { method: 'POST', headers: { 'content-length': '100' }, agent: false });
    broken.on('error', () => undefined);
    broken.write('{');
    await sleep(20);
    broken.destroy();
    const delivery = signed('ainda aqui ✅', 14);
    const res = await send(url, { headers: delivery.headers, chunks: [delivery.body] });
    expect(res.status).toBe(200);
    expect(seen.texts).toEqual(['ainda aqui ✅']);
  });
});

describe('toNodeHandler and bodies read by someone else', () => {
  it('answers 500 E_CONFIG and logs once when the stream was already consumed', async () => {
    const logger = memoryLogger();
    const { agent, deliveries } = spyAgent();
    const handler = toNodeHandler(agent, { logger });
    const { url } = await serve(async (req, res) => {
      for await (const _ of req) void _; // a body parser that ran first
      await handler(req, res);
    });
    for (let i = 0; i < 2; i++) {
      const res = await send(url, { headers: { 'content-type': 'application/json' }, chunks: ['{"a":1}'] });
      expect(res.status).toBe(500);
      expect((res.json() as { error: { code: string; message: string } }).error).toMatchObject({ code: 'E_CONFIG' });
    }
    expect(deliveries).toHaveLength(0);
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]?.meta).toEqual({ code: 'E_CONFIG' });
  });

  it('uses req.rawBody when a framework kept the exact bytes', async () => {
    const { agent, seen } = echoAgent({ reply: false });
    const handler = toNodeHandler(agent);
    const delivery = signed('rawBody 💾 ñ', 15);
    const { url } = await serve(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      Object.assign(req, { rawBody: raw, body: JSON.parse(raw.toString('utf8')) as unknown });
      await handler(req, res);
    });
    const res = await send(url, { headers: delivery.headers, chunks: [delivery.body] });
    expect(res.status).toBe(200);
    expect(seen.texts).toEqual(['rawBody 💾 ñ']);
  });
});

describe('toNodeHandler and preset bodies over the limit', () => {
  it('answers 413 for a req.rawBody over maxBodyBytes', async () => {
    const { agent, deliveries } = spyAgent();
    const handler = toNodeHandler(agent, { maxBodyBytes: 1024 });
    const { url } = await serve(async (req, res) => {
      for await (const _ of req) void _;
      Object.assign(req, { rawBody: Buffer.alloc(2048, 0x20) });
      await handler(req, res);
    });
    const res = await send(url, { chunks: ['{}'] });
    expect(res.status).toBe(413);
    expect(deliveries).toHaveLength(0);
  });
});

describe('toNodeHandler options', () => {
  it('refuses a missing agent and bad options with E_CONFIG at construction', () => {
    const configError = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(
      isHandoffkitError(
        configError(() => toNodeHandler({} as never)),
        'E_CONFIG',
      ),
    ).toBe(true);
    expect(
      isHandoffkitError(
        configError(() => toNodeHandler(spyAgent().agent, { maxBodyBytes: 0 })),
        'E_CONFIG',
      ),
    ).toBe(true);
    expect(
      isHandoffkitError(
        configError(() => toNodeHandler(spyAgent().agent, { ackTimeoutMs: -5 })),
        'E_CONFIG',
      ),
    ).toBe(true);
  });

  it('passes the method, the path with its query, the headers and ackTimeoutMs through to receive', async () => {
    const calls: unknown[] = [];
    const agent = {
      receive: async (delivery: unknown, options: unknown) => {
        calls.push({ delivery, options });
        return { status: 200, headers: {}, body: '' };
      },
    };
    const { url } = await serve(toNodeHandler(agent, { ackTimeoutMs: false }));
    await send(`${url}/hooks/chatwoot?x=1&y=%C3%A9`, { headers: { 'X-Custom': 'yes' }, chunks: ['hi'] });
    expect(calls).toHaveLength(1);
    const { delivery, options } = calls[0] as {
      delivery: { method: string; url: string; headers: Record<string, string>; body: Uint8Array };
      options: unknown;
    };
    expect(delivery.method).toBe('POST');
    expect(delivery.url).toBe('/hooks/chatwoot?x=1&y=%C3%A9');
    expect(delivery.headers['x-custom']).toBe('yes');
    expect(Buffer.from(delivery.body).toString('utf8')).toBe('hi');
    expect(options).toEqual({ ackTimeoutMs: false });
  });
});
