import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedChatwootDelivery } from '../../src/testing/index.js';
import type { Logger } from '../../src/index.js';
import { fakeChatwoot, makeAgent, message, SECRET, expectNoSecrets } from '../adapters/chatwoot/support.js';
import { EVENT_NAMES, line, record } from './support.js';

const { state: api, handlers } = fakeChatwoot();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => api.reset());
afterAll(() => server.close());

function memory(): Logger & { errors: { message: string; meta?: Record<string, unknown> }[] } {
  const errors: { message: string; meta?: Record<string, unknown> }[] = [];
  return { errors, warn: () => undefined, error: (message, meta) => void errors.push(meta === undefined ? { message } : { message, meta }) };
}

const delivery = (id: number, content: string) => signedChatwootDelivery({ secret: SECRET, body: message({ id, content }) });

describe('agent.events guards', () => {
  it('a throwing listener changes no answer and no handler result, is logged once, and the next listener still hears', async () => {
    const results: string[] = [];
    const build = (logger: Logger) => {
      const agent = makeAgent({ retries: 0 }, { logger });
      agent.on('message_created', async (ctx) => {
        const sent = await ctx.reply(`echo ${ctx.message.text}`);
        results.push(`${ctx.message.text} -> ${sent.id}`);
      });
      return agent;
    };
    const calm = build(memory());
    const quiet = [await calm.receive(delivery(1, 'a')), await calm.receive(delivery(2, 'b'))];
    const calmResults = results.splice(0);
    api.reset();

    const logger = memory();
    const noisy = build(logger);
    const thrower = (): never => {
      throw new Error('observer bug');
    };
    for (const name of EVENT_NAMES) noisy.events.on(name, thrower);
    const after = record(noisy);
    const loud = [await noisy.receive(delivery(1, 'a')), await noisy.receive(delivery(2, 'b'))];

    expect(loud).toEqual(quiet);
    expect(results).toEqual(calmResults);
    expect(after.map((e) => e.name)).toEqual(['accepted', 'api_call', 'event', 'delivery', 'accepted', 'api_call', 'event', 'delivery']);
    // Once per listener (one function on every name): reported the first time only.
    expect(logger.errors).toEqual([
      { message: expect.stringMatching(/agent\.events 'accepted' listener threw .*observer bug/), meta: { code: 'E_LISTENER', event: 'accepted' } },
    ]);
  });

  it('with no listener only the escalation report hears (no other payload is built)', async () => {
    const agent = makeAgent({ retries: 0 });
    agent.on('message_created', (ctx) => ctx.escalate({ reason: 'x' }));
    const emit = vi.spyOn(agent.events, 'emit');
    expect((await agent.receive(delivery(1, 'a'))).status).toBe(200);
    expect(api.calls).toHaveLength(1);
    // agent.escalations() counts from the escalation event; nothing else is emitted.
    expect(emit.mock.calls.map(([name]) => name)).toEqual(['escalation']);
  });

  it('once listeners hear one event, and off() removes a listener', async () => {
    const agent = makeAgent({ retries: 0 });
    const once = vi.fn();
    const on = vi.fn();
    agent.events.once('delivery', once);
    agent.events.on('delivery', on);
    await agent.receive(delivery(1, 'a'));
    agent.events.off('delivery', on);
    await agent.receive(delivery(2, 'b'));
    expect(once).toHaveBeenCalledTimes(1);
    expect(on).toHaveBeenCalledTimes(1);
    expect(agent.events.listenerCount('delivery')).toBe(0);
  });

  it('reports a handler failure as error, then the fail-safe escalation and its handoff', async () => {
    const agent = makeAgent({ retries: 0 }, { handlerTimeoutMs: 30 });
    agent.on('message_created', async (ctx) => {
      if (ctx.message.text === 'slow') await new Promise((resolve) => setTimeout(resolve, 200));
      else throw new Error('handler bug');
    });
    const seen = record(agent);
    await agent.receive(delivery(1, 'boom'));
    await agent.receive(delivery(2, 'slow'));
    const lines = seen.filter((e) => ['error', 'escalation', 'timeout', 'handoff'].includes(e.name)).map(line);
    expect(lines).toEqual([
      'error code=undefined conversationId=42',
      'escalation platform=chatwoot botId=undefined conversationId=42 reason=a message_created handler failed trigger=fail-safe channel=default outcome=escalated',
      'handoff conversationId=42 from=bot to=human initiator=bot reason=a message_created handler failed inferred=false',
    ]);
    const errors = seen.filter((e) => e.name === 'error');
    expect(errors.map((e) => (e.payload as { error: Error }).error.message)).toEqual(['handler bug']);
  });

  it('a handler timeout and a failed escalation are reported', async () => {
    const agent = makeAgent({ retries: 0 }, { handlerTimeoutMs: 30, onHandlerError: 'ignore' });
    agent.on('message_created', async (ctx) => {
      if (ctx.message.text === 'slow') await new Promise((resolve) => setTimeout(resolve, 200));
      else await ctx.escalate({ reason: 'please', to: { team: 5 } });
    });
    api.respond = (call) => (call.path.endsWith('/assignments') ? new Response('{"error":"no"}', { status: 422 }) : undefined);
    const seen = record(agent);
    await agent.receive(delivery(1, 'slow'));
    await agent.receive(delivery(2, 'escalate'));
    const lines = seen.filter((e) => ['error', 'escalation', 'timeout'].includes(e.name)).map(line);
    expect(lines).toEqual([
      'timeout kind=handler conversationId=42',
      'error code=E_TIMEOUT conversationId=42',
      'escalation platform=chatwoot botId=undefined conversationId=42 reason=please trigger=bot channel=team outcome=failed',
      'error code=E_PLATFORM_API conversationId=42',
    ]);
    expectNoSecrets(seen);
  });
});
