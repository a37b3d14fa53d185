import { describe, expect, it } from 'vitest';
import { iadvize } from '../../../src/adapters/iadvize/index.js';
import type { HandoffkitError } from '../../../src/index.js';
import { adapterOptions, call, makeAgent, messageBody, serve } from './support.js';

describe('iadvize() options', () => {
  it.each([
    ['secret', { secret: '' }],
    ['bots', { bots: [] }],
    ['transferRule', { transferRule: '' }],
    ['transferTimeoutSeconds', { transferTimeoutSeconds: 61 }],
    ['transferTimeoutSeconds', { transferTimeoutSeconds: 4 }],
    ['afterCall', { afterCall: 'hang-up' }],
    ['availability', { availability: { strategy: 'sometimes' } }],
    ['firstMessages', { firstMessages: 'hello' }],
  ])('refuses a bad %s with E_CONFIG naming it', (option, overrides) => {
    let error: HandoffkitError | undefined;
    try {
      iadvize(adapterOptions(overrides as never));
    } catch (e) {
      error = e as HandoffkitError;
    }
    expect(error?.code).toBe('E_CONFIG');
    expect(error?.message).toContain(option);
  });

  it('secret: false accepts any signature header (the explicit opt-out)', async () => {
    const served = await serve(makeAgent({ secret: false }));
    try {
      expect((await call(served, 'GET', '/external-bots', undefined, { signature: 'sha256=00' })).status).toBe(200);
    } finally {
      await served.close();
    }
  });
});

describe('iAdvize after the answer', () => {
  it('answers at the ack deadline with what was collected; a later helper without graphql rejects with E_CONFIG naming the option', async () => {
    const agent = makeAgent({}, { ackTimeoutMs: 100, handlerTimeoutMs: 2_000, onHandlerError: 'ignore' });
    let late: HandoffkitError | undefined;
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    agent.on('message_created', async (ctx) => {
      await ctx.reply('first');
      await new Promise((resolve) => setTimeout(resolve, 300));
      late = await ctx.reply('second').then(
        () => undefined,
        (e: HandoffkitError) => e,
      );
      done();
    });
    const served = await serve(agent);
    try {
      const res = await call(served, 'POST', '/conversations/conv-late/messages', messageBody('hi'));
      expect(res.status).toBe(200);
      expect(((await res.json()) as { replies: unknown[] }).replies).toEqual([
        { type: 'message', payload: { contentType: 'text', value: 'first' }, quickReplies: [] },
      ]);
      await finished;
      expect(late?.code).toBe('E_CONFIG');
      expect(late?.details).toEqual({ option: 'graphql' });
      expect(late?.message).toMatch(/after the answer.*GraphQL chatbotMessageSend/);
    } finally {
      await served.close();
    }
  });
});
