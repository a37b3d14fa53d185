import { describe, expect, it } from 'vitest';
import type { VirtualAgent } from '../../../src/index.js';
import {
  CHAT_ID,
  envelope,
  expectNoSecrets,
  expectRejection,
  installFakeLiveChat,
  incomingMessage,
  makeAgent,
  postOk,
  type Served,
  sample,
  serve,
  WEBHOOK_SECRET,
} from './support.js';

const { state } = installFakeLiveChat();

/** An agent that records what its handlers saw, served on 127.0.0.1. */
async function setup(secret: string | readonly string[] = WEBHOOK_SECRET): Promise<{ agent: VirtualAgent; served: Served; seen: string[]; errors: unknown[] }> {
  const agent = makeAgent({ webhookSecret: secret });
  const seen: string[] = [];
  const errors: unknown[] = [];
  agent.onAny((ctx) => void seen.push(`any:${ctx.name}:${ctx.event.type}`));
  agent.on('message_created', (ctx) => void seen.push(`message:${ctx.message.text}`));
  agent.onError((error) => void errors.push(error));
  return { agent, served: await serve(agent), seen, errors };
}

describe('livechat webhook: the registered secret_key, compared in constant time', () => {
  it('the right secret_key runs the handlers; 200', async () => {
    const { served, seen } = await setup();
    await postOk(served, incomingMessage('hello'));
    expect(seen).toEqual(['any:message_created:incoming_event', 'message:hello']);
    await served.close();
  });

  it.each([
    ['a wrong secret_key', { secret_key: 'not-the-secret' }, /secret_key mismatch/],
    ['a secret_key of another length', { secret_key: `${WEBHOOK_SECRET}x` }, /secret_key mismatch/],
    ['no secret_key', { secret_key: undefined }, /Missing secret_key/],
    ['an empty secret_key', { secret_key: '' }, /Missing secret_key/],
    ['a numeric secret_key', { secret_key: 12 }, /Missing secret_key/],
  ])('%s → 401, nothing run', async (_, patch, message) => {
    const { served, seen } = await setup();
    const response = await served.post({ ...incomingMessage('hello'), ...patch });
    await expectRejection(response, 401, 'E_SIGNATURE', message);
    expect(seen).toEqual([]);
    expect(state.calls).toEqual([]);
    await served.close();
  });

  it("a sample's own secret_key (dummy_key) is refused unless configured; any of several secrets passes (rotation)", async () => {
    const one = await setup();
    await expectRejection(await one.served.post(sample('incoming_event')), 401, 'E_SIGNATURE');
    await one.served.close();
    const both = await setup(['dummy_key', WEBHOOK_SECRET]);
    await postOk(both.served, sample('incoming_event'));
    await postOk(both.served, incomingMessage('rotated'));
    expect(both.seen.filter((s) => s.startsWith('message:'))).toEqual(['message:14', 'message:rotated']);
    await both.served.close();
  });
});

describe('livechat webhook: bad input', () => {
  it('an unknown action → 200, onAny only', async () => {
    const { served, seen } = await setup();
    await postOk(served, envelope('chat_properties_updated', { chat_id: CHAT_ID, properties: { x: { y: 1 } } }));
    await postOk(served, envelope('thread_tagged', { chat_id: CHAT_ID, thread_id: 'T', tag: 'vip' }));
    expect(seen).toEqual(['any:platform_event:chat_properties_updated', 'any:platform_event:thread_tagged']);
    await served.close();
  });

  it.each([
    ['incoming_event', { thread_id: 'T', event: { id: 'E', type: 'message', text: 'x', author_id: 'a' } }],
    ['chat_transferred', { thread_id: 'T', transferred_to: { group_ids: [1] } }],
    ['chat_deactivated', { thread_id: 'T' }],
    ['user_added_to_chat', { user: { id: 'a@b.c', type: 'agent' } }],
    ['incoming_rich_message_postback', { user_id: 'u', event_id: 'e', postback: { id: 'p' } }],
  ])('%s without chat_id → 400 naming payload.chat_id', async (action, payload) => {
    const { served, seen } = await setup();
    await expectRejection(await served.post(envelope(action, payload)), 400, 'E_PAYLOAD', /field "payload\.chat_id" must be a string, it is missing/);
    expect(seen).toEqual([]);
    await served.close();
  });

  it('a body that is not JSON → 400; a verified body without payload → 400 naming it', async () => {
    const { served } = await setup();
    await expectRejection(await served.post(undefined, '{"secret_key":'), 400, 'E_PAYLOAD', /not valid JSON/);
    await expectRejection(await served.post({ secret_key: WEBHOOK_SECRET, action: 'incoming_event' }), 400, 'E_PAYLOAD', /field "payload"/);
    await served.close();
  });

  it('a redelivered event (LiveChat retries) runs once', async () => {
    const { served, seen } = await setup();
    const body = incomingMessage('once');
    await postOk(served, body);
    await postOk(served, body);
    expect(seen.filter((s) => s === 'message:once')).toHaveLength(1);
    await served.close();
  });

  it('no secret in any answer or error', async () => {
    const { served, errors } = await setup();
    const response = await served.post({ ...incomingMessage('x'), secret_key: 'wrong' });
    const text = await response.text();
    expectNoSecrets(text);
    expectNoSecrets(errors);
    await served.close();
  });
});
