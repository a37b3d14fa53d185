import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffkitError } from '../../src/index.js';
import { ACCOUNT_ID, deliverOk, fakeChatwoot, makeAgent, message } from '../adapters/chatwoot/support.js';

// ctx.wait(ms) on a platform without a pause of its own (Chatwoot): the handler waits in process, nothing is sent.

const { state: api, handlers } = fakeChatwoot();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => api.reset());
afterAll(() => server.close());

describe('ctx.wait(ms)', () => {
  it('waits in process between two replies and sends nothing for the pause', async () => {
    const agent = makeAgent();
    let waited = 0;
    agent.on('message_created', async (ctx) => {
      await ctx.reply('one');
      const start = performance.now();
      await ctx.wait(150);
      waited = performance.now() - start;
      await ctx.reply('two');
    });
    await deliverOk(agent, message({ content: 'hi' }));
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(api.calls.map((c) => [c.method, c.path, (c.body as { content?: string }).content])).toEqual([
      ['POST', `/api/v1/accounts/${ACCOUNT_ID}/conversations/42/messages`, 'one'],
      ['POST', `/api/v1/accounts/${ACCOUNT_ID}/conversations/42/messages`, 'two'],
    ]);
  });

  it('is refused with E_NOT_OWNER while a human owns the conversation, unless forced', async () => {
    const agent = makeAgent();
    await deliverOk(agent, message({ content: 'hi', status: 'open' }));
    const handle = agent.conversation(42);
    expect(await handle.owner()).toBe('human');
    await expect(handle.wait(10)).rejects.toMatchObject({ code: 'E_NOT_OWNER' });
    await expect(handle.wait(10, { force: true })).resolves.toBeUndefined();
    expect(api.calls).toEqual([]);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '100'])('refuses %s with E_PAYLOAD', async (ms) => {
    const agent = makeAgent({}, { onHandlerError: 'ignore' });
    const errors: HandoffkitError[] = [];
    agent.on('message_created', (ctx) => ctx.wait(ms as number).catch((e: HandoffkitError) => void errors.push(e)));
    await deliverOk(agent, message({ content: 'hi' }));
    expect(errors.map((e) => e.code)).toEqual(['E_PAYLOAD']);
    expect(errors[0]?.message).toMatch(/wait\(ms\) takes a number of milliseconds, 0 or more/);
    expect(api.calls).toEqual([]);
  });
});
