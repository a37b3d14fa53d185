// Chatwoot redelivers only on 429 and 500: any other failure status makes it hand a pending conversation to a
// human. Every answer that means "send this again" must therefore be a 500 on Chatwoot, asserted over real HTTP.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore, type Store, type VirtualAgent } from '../../../src/index.js';
import { toNodeHandler } from '../../../src/http/node.js';
import { signedChatwootDelivery } from '../../../src/testing/index.js';
import { expectNoSecrets, fakeChatwoot, makeAgent, message, SECRET } from './support.js';

const { state: api, handlers } = fakeChatwoot();
const msw = setupServer(...handlers);

beforeAll(() =>
  msw.listen({
    onUnhandledRequest: (req, print) => {
      if (new URL(req.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(() => {
  msw.resetHandlers();
  api.reset();
});
afterAll(() => msw.close());

/** Serves the agent on 127.0.0.1, posts one signed delivery as Chatwoot would, and returns the answer. */
async function postOverHttp(agent: VirtualAgent, body: unknown): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const server: Server = createServer(toNodeHandler(agent));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const delivery = signedChatwootDelivery({ secret: SECRET, body });
  try {
    return await new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/chatwoot', headers: delivery.headers as Record<string, string> }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(delivery.body);
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Statuses Chatwoot's agent-bot webhook job retries; anything else is a handoff to humans. */
const CHATWOOT_RETRIES = [429, 500];

/** A store whose every call fails, as Redis does while it is down. */
function brokenStore(): Store {
  const down = (): Promise<never> => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6390'));
  return { get: down, set: down, delete: down, setIfAbsent: down, compareAndSet: down };
}

/** A store that works but whose conversation lock is held elsewhere for good (another instance is busy). */
function lockedStore(): Store {
  const memory = new MemoryStore();
  return {
    get: (key) => memory.get(key),
    set: (key, value, ttl) => memory.set(key, value, ttl),
    delete: (key) => memory.delete(key),
    setIfAbsent: (key, value, ttl) => memory.setIfAbsent(key, value, ttl),
    compareAndSet: (key, expected, next, ttl) => memory.compareAndSet(key, expected, next, ttl),
    acquireLock: async () => undefined,
    extendLock: async () => false,
    releaseLock: async () => undefined,
  };
}

describe('Chatwoot: answers that mean "redeliver" are what Chatwoot retries (over HTTP)', () => {
  it('store failure: 500 E_STORE, not 503 (which Chatwoot would turn into a handoff)', async () => {
    const agent = makeAgent({}, { store: brokenStore() });
    agent.on('message_created', () => undefined);
    const answer = await postOverHttp(agent, message());
    expect(CHATWOOT_RETRIES).toContain(answer.status);
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body).error.code).toBe('E_STORE');
    expect(answer.body).not.toMatch(/ECONNREFUSED/);
    expectNoSecrets(answer.body);
  });

  it('lock timeout at the ack deadline: 500 E_STORE, and the handler does not run', async () => {
    const agent = makeAgent({}, { store: lockedStore(), ackTimeoutMs: 100 });
    let runs = 0;
    agent.on('message_created', () => void (runs += 1));
    const answer = await postOverHttp(agent, message());
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body).error.code).toBe('E_STORE');
    expect(runs).toBe(0);
  });

  it("handler crash under onHandlerError 'throw': 500 E_HANDLER", async () => {
    const agent = makeAgent({}, { onHandlerError: 'throw' });
    agent.on('message_created', () => {
      throw new Error('boom');
    });
    const answer = await postOverHttp(agent, message());
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body).error.code).toBe('E_HANDLER');
    expect(api.calls).toEqual([]);
  });

  it('handler crash whose fail-safe escalation fails (Chatwoot answers 503 to toggle_status): 500, retried', async () => {
    api.respond = (call) => (call.path.endsWith('/toggle_status') ? HttpResponse.json({ error: 'unavailable' }, { status: 503 }) : undefined);
    const agent = makeAgent({ retries: 0 });
    agent.on('message_created', () => {
      throw new Error('boom');
    });
    const answer = await postOverHttp(agent, message());
    expect(answer.status).toBe(500);
    expect(api.summary()).toEqual(['POST /toggle_status']);
  });

  it('a handled delivery is 200, and a crash escalated by the fail-safe is 200 (no retry, the human has it)', async () => {
    const agent = makeAgent();
    agent.on('message_created', () => {
      throw new Error('boom');
    });
    const answer = await postOverHttp(agent, message());
    expect(answer.status).toBe(200);
    expect(api.calls.map((c) => [c.method, c.path.replace(/.*\/conversations\/\d+/, ''), c.body])).toEqual([['POST', '/toggle_status', { status: 'open' }]]);
  });
});
