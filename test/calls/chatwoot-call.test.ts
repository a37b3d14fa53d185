import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CallError, type CallProvider, type CallRequest } from '../../src/calls/index.js';
import { ACCOUNT_ID, deliverOk, fakeChatwoot, makeAgent, message } from '../adapters/chatwoot/support.js';

// The call escalation is the core's: on Chatwoot it tells the contact, writes a private note, and opens the
// conversation for the agents.

const { state: api, handlers } = fakeChatwoot();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => api.reset());
afterAll(() => server.close());

const CONVERSATION = `/api/v1/accounts/${ACCOUNT_ID}/conversations/42`;

function provider(): CallProvider & { requests: CallRequest[] } {
  const requests: CallRequest[] = [];
  return {
    name: 'stand-in',
    requests,
    async requestCall(request) {
      requests.push(request);
      if (request.phone === '000') throw new CallError('invalid_number', 'This number cannot be called.');
      return { id: 'call-7', status: 'queued' };
    },
  };
}

describe('escalate({ to: { call } }) on Chatwoot', () => {
  it('requests the call, confirms to the contact, writes the private note, then opens the conversation', async () => {
    const calls = provider();
    const agent = makeAgent({}, { calls });
    agent.on('message_created', (ctx) => ctx.escalate({ to: { call: { phone: '+33612345678' } }, reason: 'asked for a call' }));
    await deliverOk(agent, message({ content: 'call me at +33612345678' }));
    expect(calls.requests).toEqual([expect.objectContaining({ phone: '+33612345678', conversationId: '42', reason: 'asked for a call' })]);
    expect(api.calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ['POST', `${CONVERSATION}/messages`, { content: 'Thank you, we are calling you at +33612345678.', message_type: 'outgoing', private: false }],
      ['POST', `${CONVERSATION}/messages`, { content: 'Call requested to +33612345678 (stand-in call-7).', message_type: 'outgoing', private: true }],
      ['POST', `${CONVERSATION}/toggle_status`, { status: 'open' }],
    ]);
    expect(agent.escalations().byChannel).toEqual({ call: 1 });
  });

  it('a refused number is told to the contact and nothing is escalated', async () => {
    const agent = makeAgent({}, { calls: provider() });
    agent.on('message_created', (ctx) => ctx.escalate({ to: { call: { phone: '000' } } }));
    await deliverOk(agent, message({ content: '000' }));
    expect(api.calls.map((c) => [c.method, c.path, c.body])).toEqual([
      [
        'POST',
        `${CONVERSATION}/messages`,
        { content: 'This number cannot be called. Please send your phone number again.', message_type: 'outgoing', private: false },
      ],
    ]);
    expect(agent.escalations().total).toBe(0);
  });

  it('refuses a calls option that is not a provider (E_CONFIG naming calls)', () => {
    expect(() => makeAgent({}, { calls: {} as CallProvider })).toThrow(/calls/);
  });
});
