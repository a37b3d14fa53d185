import { Writable } from 'node:stream';
import { setupServer } from 'msw/node';
import { HttpResponse, http as mswHttp } from 'msw';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedChatwootDelivery } from '../../src/testing/index.js';
import { VirtualAgent } from '../../src/index.js';
import { chatwoot } from '../../src/adapters/chatwoot/index.js';
import { messenger } from '../../src/adapters/messenger/index.js';
import { traceRequested } from '../../src/core/observability/log.js';
import { adapterOptions, agentMessage, API, BOT_TOKEN, conversation, fakeChatwoot, message, SECRET } from '../adapters/chatwoot/support.js';
import { APP_SECRET, baseOptions, deliveryOf, fakeGraph, PAGE_TOKEN, signedDelivery, textItem, VERIFY_TOKEN } from '../adapters/messenger/support.js';
import { expectNoneOf } from '../helpers/rejections.js';
import { record, serve } from './support.js';

const cw = fakeChatwoot();
const graph = fakeGraph();
const server = setupServer(...cw.handlers, ...graph.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  server.resetHandlers();
  cw.state.reset();
  graph.graph.reset();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

/** A real pino logger writing JSON lines into memory. */
function pinoInto(level: 'info' | 'debug' = 'info'): { logger: pino.Logger; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  const logger = pino({ level }, stream);
  return { logger, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 };

describe('logs through a pino logger', () => {
  it('records carry code, platform, conversationId and event, with pino reading (fields, message)', async () => {
    const { logger, records } = pinoInto();
    const agent = new VirtualAgent({ adapter: chatwoot(adapterOptions({ retries: 0 })), logger });
    agent.on('message_created', () => {
      throw new Error('handler bug');
    });
    const forged = signedChatwootDelivery({ secret: 'not-the-secret', body: message() });
    expect((await agent.receive(forged)).status).toBe(401);
    expect((await agent.receive(signedChatwootDelivery({ secret: SECRET, body: message({ id: 5 }) }))).status).toBe(200);

    const all = records();
    expect(all.find((r) => r.level === LEVEL.warn)).toMatchObject({
      platform: 'chatwoot',
      code: 'E_SIGNATURE',
      msg: expect.stringMatching(/^delivery rejected: /),
    });
    expect(all.find((r) => r.level === LEVEL.error)).toMatchObject({ platform: 'chatwoot', code: 'E_HANDLER', msg: 'handler bug' });
    const failure = all.find((r) => r.msg === 'handler bug');
    expect(failure).toMatchObject({ platform: 'chatwoot', conversationId: '42', event: 'message_created' });
    // The fail-safe handed the conversation over: an info record of the handoff and one of the escalation.
    const infos = all.filter((r) => r.level === LEVEL.info);
    expect(infos.map((r) => [r.event, r.msg])).toEqual([
      ['escalation', 'escalation of conversation 42 (fail-safe, default): escalated'],
      ['handoff', 'conversation 42 handed from bot to human by bot: a message_created handler failed'],
    ]);
    for (const r of all) expect(r.platform).toBe('chatwoot');
  });

  it('a pino logger at debug level gets the stage trace as structured records', async () => {
    const { logger, records } = pinoInto('debug');
    const agent = new VirtualAgent({ adapter: chatwoot(adapterOptions({ retries: 0 })), logger });
    agent.on('message_created', (ctx) => ctx.reply('hi'));
    await agent.receive(signedChatwootDelivery({ secret: SECRET, body: message({ id: 6 }) }));
    const trace = records().filter((r) => r.level === LEVEL.debug);
    expect(trace.map((r) => r.stage)).toEqual(['accepted', 'api_call', 'event', 'delivery']);
    expect(trace[1]).toMatchObject({
      platform: 'chatwoot',
      method: 'POST',
      route: '/api/v1/accounts/:account/conversations/:conversation/messages',
      status: 200,
      helper: 'reply',
    });
    expect(trace[2]).toMatchObject({ event: 'message_created', conversationId: '42', ownerAfter: 'bot', handled: true });
  });

  it('a console-style logger keeps (message, meta); DEBUG=handoffkit* turns on a readable trace', async () => {
    vi.stubEnv('DEBUG', 'express:*,handoffkit*');
    const lines: string[] = [];
    const warn = vi.fn();
    const logger = { warn, error: vi.fn(), debug: (message: string) => void lines.push(message) };
    const agent = new VirtualAgent({ adapter: chatwoot(adapterOptions({ retries: 0 })), logger });
    agent.on('message_created', (ctx) => ctx.reply('hi'));
    await agent.receive(signedChatwootDelivery({ secret: SECRET, body: message({ id: 7 }) }));
    await agent.receive(signedChatwootDelivery({ secret: 'wrong', body: message({ id: 8 }) }));
    expect(lines.map((l) => l.replace(/\d+\.\d ms/g, 'T'))).toEqual([
      'chatwoot delivery: verified in T, parsed 1 event(s) in T',
      'chatwoot → POST /api/v1/accounts/:account/conversations/:conversation/messages 200 in T (reply)',
      'chatwoot 42 message_created: owner none → bot, handlers T',
      'chatwoot answered 200 in T',
      'chatwoot answered 401 in T',
    ]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^delivery rejected: /), { code: 'E_SIGNATURE' });
  });

  it('reads DEBUG and HANDOFFKIT_LOG like the debug module does', () => {
    expect(traceRequested({ DEBUG: 'handoffkit*' })).toBe(true);
    expect(traceRequested({ DEBUG: 'handoffkit' })).toBe(true);
    expect(traceRequested({ DEBUG: '*' })).toBe(true);
    expect(traceRequested({ DEBUG: 'express:*, handoffkit*' })).toBe(true);
    expect(traceRequested({ HANDOFFKIT_LOG: 'debug' })).toBe(true);
    expect(traceRequested({ DEBUG: 'express:*' })).toBe(false);
    expect(traceRequested({ DEBUG: '-handoffkit' })).toBe(false);
    expect(traceRequested({ HANDOFFKIT_LOG: 'info' })).toBe(false);
    expect(traceRequested({})).toBe(false);
  });

  it('no configured secret appears in any log record or bus event over real deliveries, failures included', async () => {
    const { logger, records } = pinoInto('debug');
    const events: unknown[] = [];
    const secrets = [SECRET, BOT_TOKEN, APP_SECRET, PAGE_TOKEN, VERIFY_TOKEN];
    const cwAgent = new VirtualAgent({ adapter: chatwoot(adapterOptions({ retries: 0 })), logger });
    const fbAgent = new VirtualAgent({ adapter: messenger(baseOptions()), logger });
    for (const agent of [cwAgent, fbAgent]) {
      agent.on('message_created', async (ctx) => {
        if (/human/.test(ctx.message.text ?? '')) return ctx.escalate({ reason: 'asked' });
        await ctx.reply('echo');
      });
      events.push(record(agent));
    }
    // The platforms refuse some calls and quote the token back.
    server.use(mswHttp.post(`${API}/conversations/77/messages`, () => HttpResponse.json({ error: `bad token ${BOT_TOKEN}` }, { status: 401 })));
    graph.graph.respond = (call) =>
      (call.body as { message?: { text?: string } }).message?.text === 'echo' && graph.graph.calls.length > 1
        ? HttpResponse.json({ error: { message: `token ${PAGE_TOKEN} expired`, code: 190 } }, { status: 400 })
        : undefined;
    const cwHttp = await serve(cwAgent);
    const fbHttp = await serve(fbAgent);
    try {
      await cwHttp.post(signedChatwootDelivery({ secret: SECRET, body: message({ id: 11 }) }));
      await cwHttp.post(signedChatwootDelivery({ secret: SECRET, body: message({ id: 12, conversationId: 77 }) }));
      await cwHttp.post(signedChatwootDelivery({ secret: SECRET, body: message({ id: 13, content: 'a human' }) }));
      await cwHttp.post(signedChatwootDelivery({ secret: SECRET, body: agentMessage({ id: 14, status: 'open' }) }));
      await cwHttp.post(signedChatwootDelivery({ secret: SECRET, body: conversation({ status: 'pending', previous: 'open' }) }));
      await cwHttp.post(signedChatwootDelivery({ secret: 'forged', body: message({ id: 15 }) }));
      await fbHttp.post(signedDelivery(deliveryOf([textItem('111', 'hi')])));
      await fbHttp.post(signedDelivery(deliveryOf([textItem('222', 'hi again')])));
      await fbHttp.post(signedDelivery(deliveryOf([textItem('111', 'a human')])));
      await fbHttp.post(signedDelivery(deliveryOf([textItem('333', 'forged')]), { secret: 'nope' }));
    } finally {
      await cwHttp.close();
      await fbHttp.close();
    }
    const all = records();
    // Failures were logged (and the tokens the platforms quoted were redacted).
    expect(all.filter((r) => r.code === 'E_PLATFORM_API').length).toBeGreaterThanOrEqual(2);
    expect(all.filter((r) => r.code === 'E_SIGNATURE')).toHaveLength(2);
    expect(all.filter((r) => r.stage === 'api_call').length).toBeGreaterThanOrEqual(5);
    expectNoneOf(secrets, all);
    expectNoneOf(secrets, events);
  });
});
