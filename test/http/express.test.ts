import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import express5 from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXPRESS_MOUNT_HINT, toExpress } from '../../src/http/express.js';
import { NON_ASCII, chatwootApi, echoAgent, listen, memoryLogger, send, sendUnfinished, signed, spyAgent, type Listening } from './support.js';

// Express 4 is installed under an alias; its API is the same as far as these tests go.
const express4 = createRequire(import.meta.url)('express4') as typeof express5;

const servers: Listening[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type ExpressApp = ReturnType<typeof express5>;

async function start(app: ExpressApp): Promise<Listening> {
  const listening = await listen(createServer(app));
  servers.push(listening);
  return listening;
}

/** An error middleware that records what reached Express's error handling (nothing should). */
function errorSink(app: ExpressApp): unknown[] {
  const errors: unknown[] = [];
  app.use((error: unknown, _req: express5.Request, res: express5.Response, _next: express5.NextFunction) => {
    errors.push(error);
    res.status(599).end();
  });
  return errors;
}

interface ErrorBody {
  error: { code: string; message: string };
}

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
] as const)('toExpress on %s', (_name, express) => {
  const api = chatwootApi();
  beforeAll(() => api.server.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => api.server.close());

  it('reads the raw body itself when no parser ran: the signature verifies over non-ASCII text and the reply reaches the platform', async () => {
    const { agent, seen } = echoAgent();
    const app = express();
    app.post('/webhook', toExpress(agent));
    app.use(express.json());
    const errors = errorSink(app);
    const { url } = await start(app);
    const delivery = signed(NON_ASCII, 21);
    const reply = api.nextReply();
    const res = await fetch(`${url}/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen.texts).toEqual([NON_ASCII]);
    expect((await reply).content).toBe(`echo: ${NON_ASCII}`);
    expect(errors).toEqual([]);
  });

  it("takes the Buffer of a route-scoped express.raw({ type: '*/*' })", async () => {
    const { agent, seen } = echoAgent({ reply: false });
    const app = express();
    app.use('/api', express.json());
    app.post('/webhook', express.raw({ type: '*/*' }), toExpress(agent));
    const { url } = await start(app);
    const delivery = signed('raw → ✓ 日本', 22);
    const res = await fetch(`${url}/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(res.status).toBe(200);
    expect(seen.texts).toEqual(['raw → ✓ 日本']);
  });

  it('takes the string of express.text() as the raw body', async () => {
    const { agent, seen } = echoAgent({ reply: false });
    const app = express();
    app.post('/webhook', express.text({ type: '*/*' }), toExpress(agent));
    const { url } = await start(app);
    const delivery = signed('texto plano ¡olé! 🎉', 23);
    const res = await fetch(`${url}/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(res.status).toBe(200);
    expect(seen.texts).toEqual(['texto plano ¡olé! 🎉']);
  });

  it('prefers req.rawBody (NestJS, Firebase, a verify hook) over a parsed body', async () => {
    const { agent, seen } = echoAgent({ reply: false });
    const app = express();
    app.use(
      express.json({
        verify: (req, _res, buf) => {
          (req as unknown as { rawBody: Buffer }).rawBody = buf;
        },
      }),
    );
    app.post('/webhook', toExpress(agent));
    const { url } = await start(app);
    const delivery = signed('kept raw: ß ø 🍣', 24);
    const res = await fetch(`${url}/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(res.status).toBe(200);
    expect(seen.texts).toEqual(['kept raw: ß ø 🍣']);
  });

  it('answers 500 E_CONFIG saying how to mount it when express.json() consumed the body, logs once, and never throws into Express', async () => {
    const { agent, seen } = echoAgent({ reply: false });
    const logger = memoryLogger();
    const app = express();
    app.use(express.json());
    app.post('/webhook', toExpress(agent, { logger }));
    const errors = errorSink(app);
    const { url } = await start(app);
    for (let i = 0; i < 3; i++) {
      const delivery = signed('parsed too early', 25);
      const res = await fetch(`${url}/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
      expect(res.status).toBe(500);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('E_CONFIG');
      expect(body.error.message).toBe(EXPRESS_MOUNT_HINT);
    }
    expect(EXPRESS_MOUNT_HINT).toContain('before express.json()');
    expect(EXPRESS_MOUNT_HINT).toContain("express.raw({ type: '*/*' })");
    expect(logger.errors).toEqual([{ message: EXPRESS_MOUNT_HINT, meta: { code: 'E_CONFIG' } }]);
    expect(seen.texts).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('reads the stream when a parser skipped the request (another content type)', async () => {
    const { agent, seen } = echoAgent({ reply: false });
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.post('/webhook', toExpress(agent));
    const { url } = await start(app);
    const delivery = signed('skipped by urlencoded ✓', 26);
    const res = await fetch(`${url}/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(res.status).toBe(200);
    expect(seen.texts).toEqual(['skipped by urlencoded ✓']);
  });

  it('answers 401, 400 and 405 with the JSON error body', async () => {
    const { agent } = echoAgent({ reply: false });
    const app = express();
    app.all('/webhook', toExpress(agent));
    const errors = errorSink(app);
    const { url } = await start(app);
    const delivery = signed();
    const unsigned = await fetch(`${url}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: delivery.body });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as ErrorBody).error.code).toBe('E_SIGNATURE');
    const tampered = await fetch(`${url}/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body.replace('Olá', 'Ola') });
    expect(tampered.status).toBe(401);
    const get = await fetch(`${url}/webhook`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(((await get.json()) as ErrorBody).error.code).toBe('E_METHOD');
    expect(errors).toEqual([]);
  });

  it('answers 413 while the client is still uploading, without passing an error to Express', async () => {
    const { agent, deliveries } = spyAgent();
    const app = express();
    app.post('/webhook', toExpress(agent, { maxBodyBytes: 32 * 1024 }));
    const errors = errorSink(app);
    const { url } = await start(app);
    const chunked = await sendUnfinished(
      `${url}/webhook`,
      { 'content-type': 'application/json' },
      Array.from({ length: 8 }, () => Buffer.alloc(8 * 1024, 0x20)),
    );
    expect(chunked.status).toBe(413);
    expect((chunked.json() as ErrorBody).error.code).toBe('E_BODY_TOO_LARGE');
    const announced = await sendUnfinished(`${url}/webhook`, { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) }, ['{']);
    expect(announced.status).toBe(413);
    expect(deliveries).toHaveLength(0);
    expect(errors).toEqual([]);
  });

  it('answers 202 within the ack deadline while a slow handler keeps working, and the reply still reaches the platform', async () => {
    const { agent } = echoAgent({ delayMs: 400 });
    const app = express();
    app.post('/webhook', toExpress(agent, { ackTimeoutMs: 100 }));
    const { url } = await start(app);
    const delivery = signed('lento 🐌', 27);
    const reply = api.nextReply();
    const started = Date.now();
    const res = await fetch(`${url}/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(400);
    const sent = await reply;
    expect(sent.content).toBe('echo: lento 🐌');
    expect(sent.at - started).toBeGreaterThanOrEqual(400);
  });

  it('passes the original URL of a route mounted in a router', async () => {
    const { agent, deliveries } = spyAgent();
    const app = express();
    const router = express.Router();
    router.post('/chatwoot', toExpress(agent));
    app.use('/hooks', router);
    const { url } = await start(app);
    const res = await send(`${url}/hooks/chatwoot?inbox=3`, { headers: { 'content-type': 'application/json' }, chunks: ['{}'] });
    expect(res.status).toBe(200);
    expect(deliveries[0]?.url).toBe('/hooks/chatwoot?inbox=3');
  });
});
