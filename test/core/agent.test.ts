import { describe, expect, it, vi } from 'vitest';
import { HandoffkitError, MemoryStore, VirtualAgent, silentLogger, type AnyContext, type Store } from '../../src/index.js';
import { contactMessage, deliveryOf, handoffRequest, recordingAdapter, statusChange } from '../helpers/recording-adapter.js';

function setup(options: Partial<ConstructorParameters<typeof VirtualAgent>[0]> & { adapter?: ReturnType<typeof recordingAdapter> } = {}) {
  const adapter = options.adapter ?? recordingAdapter();
  const agent = new VirtualAgent({ logger: silentLogger, ...options, adapter });
  const log: string[] = [];
  agent.onAny((ctx) => {
    log.push(`${ctx.event.name}:${ctx.conversation?.owner}`);
  });
  return { agent, adapter, log };
}

describe('VirtualAgent: receiving', () => {
  it('answers 200 {"ok":true} and runs the handler of a normalized event', async () => {
    const { agent } = setup();
    const texts: string[] = [];
    agent.on('message_created', (ctx) => {
      texts.push(ctx.message.text ?? '');
    });
    const answer = await agent.receive(deliveryOf(contactMessage('c1', 'hello', 'pending')));
    expect(answer).toEqual({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"ok":true}' });
    expect(texts).toEqual(['hello']);
  });

  it('rejects non-POST with 405 and an Allow header', async () => {
    const { agent } = setup();
    const answer = await agent.receive({ method: 'GET', url: '/', headers: {}, body: '' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'E_METHOD', message: expect.stringContaining('POST') } });
  });

  it('rejects bodies over maxBodyBytes with 413 before verifying', async () => {
    const { agent } = setup({ maxBodyBytes: 10 });
    const answer = await agent.receive({ method: 'POST', url: '/', headers: { 'x-test-signature': 'bad' }, body: 'x'.repeat(11) });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('E_BODY_TOO_LARGE');
  });

  it('rejects a bad signature with 401 and a non-JSON body with 400', async () => {
    const { agent } = setup();
    const bad = await agent.receive({ method: 'POST', url: '/', headers: { 'x-test-signature': 'bad' }, body: '{}' });
    expect(bad.status).toBe(401);
    const notJson = await agent.receive({ method: 'POST', url: '/', headers: {}, body: '{"events": [' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error).toEqual({ code: 'E_PAYLOAD', message: expect.stringMatching(/not valid JSON/) });
  });

  it('refuses a parsed object as body with an E_CONFIG answer that says to mount before body parsers', async () => {
    const { agent } = setup();
    const answer = await agent.receive({ method: 'POST', url: '/', headers: {}, body: { events: [] } as unknown as string });
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body).error).toEqual({ code: 'E_CONFIG', message: expect.stringMatching(/raw body/) });
  });

  it('is bound: fetch and receive work detached from the agent', async () => {
    const { agent } = setup();
    const { fetch, receive } = agent;
    const response = await fetch(new Request('https://bot.test/webhook', { method: 'POST', body: JSON.stringify({ events: [] }) }));
    expect(response.status).toBe(200);
    expect((await receive(deliveryOf())).status).toBe(200);
  });

  it('fetch refuses a streamed body over the limit with 413', async () => {
    const { agent } = setup({ maxBodyBytes: 1000 });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(400));
        controller.close();
      },
    });
    const response = await agent.fetch(new Request('https://bot.test/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit));
    expect(response.status).toBe(413);
  });

  it('drops a repeated delivery of the same event', async () => {
    const { agent } = setup();
    const handler = vi.fn();
    agent.on('message_created', handler);
    const event = contactMessage('c1', 'once', 'pending');
    expect((await agent.receive(deliveryOf(event))).status).toBe(200);
    expect((await agent.receive(deliveryOf(event))).status).toBe(200);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('runs events of one conversation in order, even when the first handler is slower', async () => {
    const { agent } = setup();
    const order: string[] = [];
    agent.on('message_created', async (ctx) => {
      if (ctx.message.text === 'first') await new Promise((r) => setTimeout(r, 30));
      order.push(ctx.message.text ?? '');
    });
    await Promise.all([
      agent.receive(deliveryOf(contactMessage('c1', 'first', 'pending'))),
      agent.receive(deliveryOf(contactMessage('c1', 'second', 'pending'))),
    ]);
    expect(order).toEqual(['first', 'second']);
  });

  it('runs different conversations concurrently', async () => {
    const { agent } = setup();
    const order: string[] = [];
    agent.on('message_created', async (ctx) => {
      if (ctx.conversation.id === 'slow') await new Promise((r) => setTimeout(r, 30));
      order.push(ctx.conversation.id);
    });
    await Promise.all([agent.receive(deliveryOf(contactMessage('slow', 'a', 'pending'))), agent.receive(deliveryOf(contactMessage('fast', 'b', 'pending')))]);
    expect(order).toEqual(['fast', 'slow']);
  });

  it('off() removes a handler', async () => {
    const { agent } = setup();
    const handler = vi.fn();
    agent.on(['message_created', 'widget_triggered'], handler);
    agent.off('message_created', handler);
    await agent.receive(deliveryOf(contactMessage('c1', 'x', 'pending')));
    expect(handler).not.toHaveBeenCalled();
  });

  it('on(), onAny() and off() after deliveries apply to the next delivery', async () => {
    const { agent } = setup();
    const seen: string[] = [];
    const first = (): void => void seen.push('first');
    agent.on('message_created', first);
    await agent.receive(deliveryOf(contactMessage('c1', 'a', 'pending')));
    agent.on('message_created', () => void seen.push('second'));
    await agent.receive(deliveryOf(contactMessage('c1', 'b', 'pending')));
    agent.off('message_created', first);
    await agent.receive(deliveryOf(contactMessage('c1', 'c', 'pending')));
    agent.onAny((ctx) => void seen.push(`any:${ctx.event.name}`));
    await agent.receive(deliveryOf(contactMessage('c1', 'd', 'pending')));
    expect(seen).toEqual(['first', 'first', 'second', 'second', 'any:message_created', 'second']);
  });

  it('calls a MemoryStore subclass through its own methods when it overrides them', async () => {
    const calls: string[] = [];
    class CountingStore extends MemoryStore {
      override get<T = unknown>(key: string): Promise<T | undefined> {
        calls.push(`get ${key.split('}:')[1]?.split(':')[0]}`);
        return super.get<T>(key);
      }
      override setIfAbsent<T = unknown>(key: string, value: T, ttlMs: number): Promise<boolean> {
        calls.push(`setIfAbsent ${key.split('}:')[1]?.split(':')[0]}`);
        return super.setIfAbsent(key, value, ttlMs);
      }
    }
    const { agent } = setup({ store: new CountingStore() });
    await agent.receive(deliveryOf(contactMessage('c1', 'a', 'pending')));
    expect(calls).toEqual(['setIfAbsent seen', 'get owner']);
  });
});

describe('VirtualAgent: handoff awareness', () => {
  it('infers handed_back before the message when an open conversation arrives pending again', async () => {
    const { agent, log } = setup();
    const seen: string[] = [];
    agent.on('handed_back', (ctx) => {
      seen.push(`handed_back from ${ctx.handoff.from} inferred=${ctx.handoff.inferred}`);
    });
    agent.on('message_created', (ctx) => {
      seen.push(`message ${ctx.message.text}`);
    });
    await agent.receive(deliveryOf(contactMessage('c1', 'hi', 'pending', 1000)));
    await agent.receive(deliveryOf(contactMessage('c1', 'to the human', 'open', 2000)));
    await agent.receive(deliveryOf(contactMessage('c1', 'back?', 'pending', 3000)));
    expect(seen).toEqual(['message hi', 'handed_back from human inferred=true', 'message back?']);
    expect(log).toEqual(['message_created:bot', 'handed_off:human', 'message_created:human', 'handed_back:bot', 'message_created:bot']);
  });

  it('emits each lifecycle event once over pending → open → pending → resolved, and not for repeats', async () => {
    const { agent } = setup();
    const events: string[] = [];
    agent.on(['handed_off', 'handed_back', 'conversation_resolved'], (ctx) => {
      events.push(`${ctx.event.name}:${ctx.handoff.from}->${ctx.handoff.to}:${ctx.handoff.inferred}`);
    });
    await agent.receive(deliveryOf(contactMessage('c1', 'hi', 'pending', 1)));
    const open = statusChange('c1', 'open', 2);
    await agent.receive(deliveryOf(open));
    await agent.receive(deliveryOf({ ...open, idempotencyKey: 'another-delivery-same-state' }));
    await agent.receive(deliveryOf(statusChange('c1', 'pending', 3)));
    await agent.receive(deliveryOf(statusChange('c1', 'resolved', 4)));
    expect(events).toEqual(['handed_off:bot->human:false', 'handed_back:human->bot:false', 'conversation_resolved:bot->none:false']);
  });

  it('ignores a stale, out-of-order signal', async () => {
    const { agent } = setup();
    const handled = vi.fn();
    agent.on('message_created', handled);
    await agent.receive(deliveryOf(statusChange('c1', 'open', 2000)));
    // Sent before the handoff, delivered after it: pending is stale.
    await agent.receive(deliveryOf(contactMessage('c1', 'late', 'pending', 1000)));
    expect(handled).not.toHaveBeenCalled();
    expect(await agent.conversation('c1').owner()).toBe('human');
  });

  it('does not run default handlers while a human owns the conversation; standby handlers see it', async () => {
    const { agent } = setup();
    const normal = vi.fn();
    const standby = vi.fn();
    agent.on('message_created', normal);
    agent.on('message_created', standby, { standby: true });
    await agent.receive(deliveryOf(contactMessage('c1', 'for the human', 'open')));
    expect(normal).not.toHaveBeenCalled();
    expect(standby).toHaveBeenCalledTimes(1);
  });

  it("never hands agents' messages, private notes or the bot's echoes to default handlers", async () => {
    const { agent } = setup();
    const normal = vi.fn();
    const standby: string[] = [];
    agent.on('message_created', normal);
    agent.on('message_created', (ctx) => void standby.push(ctx.message.sender.role + (ctx.message.private ? ':private' : '')), { standby: true });
    const agentMessage = contactMessage('c1', 'agent', 'pending');
    agentMessage.message!.sender = { role: 'agent' };
    const note = contactMessage('c1', 'note', 'pending');
    note.message!.private = true;
    const echo = contactMessage('c1', 'echo', 'pending');
    echo.message!.sender = { role: 'bot' };
    await agent.receive(deliveryOf(agentMessage, note, echo));
    expect(normal).not.toHaveBeenCalled();
    expect(standby).toEqual(['agent', 'contact:private', 'bot']);
  });

  it('reply refuses with E_NOT_OWNER while a human owns the conversation; force overrides', async () => {
    const { agent, adapter } = setup();
    const errors: string[] = [];
    agent.on(
      'message_created',
      async (ctx) => {
        await ctx.reply('talking over the human').catch((error: HandoffkitError) => errors.push(error.code));
        await ctx.typing().catch((error: HandoffkitError) => errors.push(error.code));
        await ctx.reply('forced', { force: true });
        await ctx.reply({ text: 'a note for the human', private: true });
      },
      { standby: true },
    );
    await agent.receive(deliveryOf(contactMessage('c1', 'x', 'open')));
    expect(errors).toEqual(['E_NOT_OWNER', 'E_NOT_OWNER']);
    expect(adapter.calls.map((c) => c.args[0])).toEqual([{ text: 'forced' }, { text: 'a note for the human', private: true }]);
  });

  it('escalate hands off: handed_off (initiator bot, with reason) runs after the handler, and later replies refuse', async () => {
    const { agent, adapter, log } = setup();
    const steps: string[] = [];
    agent.on('message_created', async (ctx) => {
      await ctx.reply('connecting you');
      await ctx.escalate({ reason: 'asked for a human' });
      steps.push(`owner after escalate: ${ctx.conversation?.owner}`);
      await expect(ctx.reply('too late')).rejects.toMatchObject({ code: 'E_NOT_OWNER' });
    });
    agent.on('handed_off', (ctx) => {
      steps.push(`handed_off ${ctx.handoff.initiator} ${ctx.handoff.reason}`);
    });
    await agent.receive(deliveryOf(contactMessage('c1', 'human please', 'pending', 1000)));
    expect(steps).toEqual(['owner after escalate: human', 'handed_off bot asked for a human']);
    expect(adapter.calls.map((c) => c.helper)).toEqual(['reply', 'escalate']);
    // The platform confirms with an announcement and a stale message sent before the escalation arrives: no second event.
    await agent.receive(deliveryOf(contactMessage('c1', 'sent before the escalation', 'pending', 999)));
    await agent.receive(deliveryOf(statusChange('c1', 'open', 1500)));
    expect(log.filter((e) => e.startsWith('handed'))).toEqual(['handed_off:human']);
    expect(await agent.conversation('c1').owner()).toBe('human');
  });

  it('handBack and resolve emit handed_back and conversation_resolved', async () => {
    const { agent } = setup();
    const seen: string[] = [];
    agent.on(['handed_back', 'conversation_resolved'], (ctx) => void seen.push(`${ctx.event.name}:${ctx.handoff.initiator}`));
    await agent.receive(deliveryOf(statusChange('c1', 'open', 1)));
    const conversation = agent.conversation('c1');
    await conversation.handBack();
    await conversation.resolve();
    await vi.waitFor(() => expect(seen).toEqual(['handed_back:bot', 'conversation_resolved:bot']));
    expect(await conversation.owner()).toBe('none');
  });

  it('widget_triggered and conversation_started do not reach default handlers while a human owns the conversation', async () => {
    const { agent } = setup();
    const greet = vi.fn();
    agent.on('widget_triggered', greet);
    await agent.receive(deliveryOf(statusChange('c1', 'open', 1)));
    await agent.receive(
      deliveryOf({
        name: 'widget_triggered',
        type: 'widget',
        idempotencyKey: 'w1',
        conversationId: 'c1',
        raw: {},
        ownership: { owner: 'human', status: 'open', at: 2 },
      }),
    );
    expect(greet).not.toHaveBeenCalled();
  });
});

describe('VirtualAgent: helpers', () => {
  it('conversation(id) gives the helpers outside a webhook and checks ownership from the store', async () => {
    const { agent, adapter } = setup();
    await agent.receive(deliveryOf(statusChange('42', 'open', 1)));
    const conversation = agent.conversation(42);
    expect(conversation.id).toBe('42');
    await expect(conversation.reply('hi')).rejects.toMatchObject({ code: 'E_NOT_OWNER' });
    await conversation.tag('vip');
    expect(adapter.calls).toEqual([{ conversationId: '42', helper: 'tag', args: [['vip']] }]);
  });

  it('a helper the adapter lacks rejects with E_UNSUPPORTED naming the adapter and the helper', async () => {
    const { agent } = setup({ adapter: recordingAdapter({ capabilities: ['reply'] }) });
    const rejection = await agent
      .conversation('c1')
      .untag('x')
      .catch((error: unknown) => error);
    expect(rejection).toBeInstanceOf(HandoffkitError);
    expect(rejection).toMatchObject({ code: 'E_UNSUPPORTED', message: expect.stringMatching(/recording adapter does not support untag\(\)/) });
  });

  it('helpers with nothing to do make no call', async () => {
    const { agent, adapter } = setup();
    await agent.conversation('c1').tag();
    await agent.conversation('c1').untag();
    expect(adapter.calls).toEqual([]);
  });
});

describe('VirtualAgent: failures', () => {
  it("onHandlerError 'escalate' (default) hands the conversation to a human and reports the error", async () => {
    const { agent, adapter } = setup();
    const reported: string[] = [];
    agent.onError((error, ctx) => void reported.push(`${error.message} in ${ctx?.conversation?.id}`));
    agent.on('message_created', () => {
      throw new Error('boom');
    });
    const answer = await agent.receive(deliveryOf(contactMessage('c1', 'x', 'pending')));
    expect(answer.status).toBe(200);
    expect(reported).toEqual(['boom in c1']);
    expect(adapter.calls).toEqual([{ conversationId: 'c1', helper: 'escalate', args: [{ reason: 'a message_created handler failed' }] }]);
    expect(await agent.conversation('c1').owner()).toBe('human');
  });

  it("onHandlerError 'ignore' only reports", async () => {
    const { agent, adapter } = setup({ onHandlerError: 'ignore' });
    const onError = vi.fn();
    agent.onError(onError);
    agent.on('message_created', async () => Promise.reject(new Error('nope')));
    expect((await agent.receive(deliveryOf(contactMessage('c1', 'x', 'pending')))).status).toBe(200);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(adapter.calls).toEqual([]);
  });

  it("onHandlerError 'throw' answers 500 and releases the event so the platform's retry runs it", async () => {
    const { agent } = setup({ onHandlerError: 'throw' });
    let attempts = 0;
    agent.on('message_created', () => {
      attempts += 1;
      if (attempts === 1) throw new Error('first attempt fails');
    });
    const event = contactMessage('c1', 'x', 'pending');
    const first = await agent.receive(deliveryOf(event));
    expect(first.status).toBe(500);
    expect(JSON.parse(first.body).error.code).toBe('E_HANDLER');
    expect((await agent.receive(deliveryOf(event))).status).toBe(200);
    expect(attempts).toBe(2);
  });

  it('an escalation that fails too is reported and answered 500 so the platform retries', async () => {
    const { agent } = setup({ adapter: recordingAdapter({ failing: { escalate: true } }) });
    const reported: string[] = [];
    agent.onError((error) => void reported.push((error as HandoffkitError).code ?? 'plain'));
    agent.on('message_created', () => {
      throw new Error('boom');
    });
    const answer = await agent.receive(deliveryOf(contactMessage('c1', 'x', 'pending')));
    expect(answer.status).toBe(500);
    expect(reported).toEqual(['plain', 'E_HANDLER']);
  });

  it('a handler that outlives handlerTimeoutMs fails with E_TIMEOUT, its signal aborts, and the conversation escalates', async () => {
    const { agent, adapter } = setup({ handlerTimeoutMs: 20 });
    const errors: string[] = [];
    let aborted = false;
    agent.onError((error) => void errors.push((error as HandoffkitError).code));
    agent.on('message_created', async (ctx) => {
      ctx.signal.addEventListener('abort', () => {
        aborted = true;
      });
      await new Promise((r) => setTimeout(r, 200));
    });
    await agent.receive(deliveryOf(contactMessage('c1', 'x', 'pending')));
    expect(errors).toEqual(['E_TIMEOUT']);
    expect(aborted).toBe(true);
    expect(adapter.calls.map((c) => c.helper)).toEqual(['escalate']);
  });

  it('answers 202 at the ack deadline and finishes the work afterwards', async () => {
    const { agent, adapter } = setup({ ackTimeoutMs: 30 });
    agent.on('message_created', async (ctx) => {
      await new Promise((r) => setTimeout(r, 500));
      await ctx.reply('late but there');
    });
    const started = Date.now();
    const answer = await agent.receive(deliveryOf(contactMessage('c1', 'x', 'pending')));
    expect(answer.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(400);
    expect(adapter.calls).toEqual([]);
    await vi.waitFor(() => expect(adapter.calls.map((c) => c.args[0])).toEqual([{ text: 'late but there' }]), { timeout: 2000 });
  });

  it('hands unfinished work to waitUntil when answering at the deadline', async () => {
    const waitUntil = vi.fn();
    const { agent } = setup({ ackTimeoutMs: 10, waitUntil });
    agent.on('message_created', () => new Promise((r) => setTimeout(r, 60)));
    expect((await agent.receive(deliveryOf(contactMessage('c1', 'x', 'pending')))).status).toBe(202);
    expect(waitUntil).toHaveBeenCalledTimes(1);
    await expect(waitUntil.mock.calls[0]![0]).resolves.toMatchObject({ status: 200 });
  });

  it('receive({ ackTimeoutMs: false }) waits for every handler', async () => {
    const { agent, adapter } = setup({ ackTimeoutMs: 5 });
    agent.on('message_created', async (ctx) => {
      await new Promise((r) => setTimeout(r, 40));
      await ctx.reply('done');
    });
    const answer = await agent.receive(deliveryOf(contactMessage('c1', 'x', 'pending')), { ackTimeoutMs: false });
    expect(answer.status).toBe(200);
    expect(adapter.calls).toHaveLength(1);
  });

  it('answers 503 E_STORE when the store fails, and handles the redelivery once the store is back', async () => {
    let down = true;
    const memory = new MemoryStore();
    const flaky: Store = {
      get: (key) => (down ? Promise.reject(new Error('connection refused')) : memory.get(key)),
      set: (key, value, ttl) => (down ? Promise.reject(new Error('connection refused')) : memory.set(key, value, ttl)),
      delete: (key) => memory.delete(key),
      setIfAbsent: (key, value, ttl) => (down ? Promise.reject(new Error('connection refused')) : memory.setIfAbsent(key, value, ttl)),
      compareAndSet: (key, expected, next, ttl) => (down ? Promise.reject(new Error('connection refused')) : memory.compareAndSet(key, expected, next, ttl)),
    };
    const logged: string[] = [];
    const { agent } = setup({ store: flaky, logger: { warn: () => undefined, error: (m) => void logged.push(m) } });
    const handler = vi.fn();
    agent.on('message_created', handler);
    const event = contactMessage('c1', 'x', 'pending');
    const answer = await agent.receive(deliveryOf(event));
    expect(answer.status).toBe(503);
    // The answer says what to do; the cause goes to the log.
    expect(JSON.parse(answer.body).error).toEqual({ code: 'E_STORE', message: expect.stringMatching(/unavailable; deliver this again later/) });
    expect(logged).toEqual([expect.stringContaining('connection refused')]);
    down = false;
    expect((await agent.receive(deliveryOf(event))).status).toBe(200);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('an onError handler that throws is logged, not propagated', async () => {
    const errors: string[] = [];
    const agent = new VirtualAgent({
      adapter: recordingAdapter(),
      onHandlerError: 'ignore',
      logger: { warn: () => undefined, error: (m) => void errors.push(m) },
    });
    agent.onError(() => {
      throw new Error('reporter broke');
    });
    agent.on('message_created', () => {
      throw new Error('handler broke');
    });
    expect((await agent.receive(deliveryOf(contactMessage('c1', 'x', 'pending')))).status).toBe(200);
    expect(errors).toEqual([expect.stringContaining('reporter broke')]);
  });
});

describe('VirtualAgent: configuration', () => {
  it.each([
    [{}, 'adapter'],
    [{ adapter: recordingAdapter(), onHandlerError: 'explode' }, 'onHandlerError'],
    [{ adapter: recordingAdapter(), ackTimeoutMs: -1 }, 'ackTimeoutMs'],
    [{ adapter: recordingAdapter(), maxBodyBytes: 0 }, 'maxBodyBytes'],
    [{ adapter: recordingAdapter(), handlerTimeoutMs: Number.NaN }, 'handlerTimeoutMs'],
  ])('throws E_CONFIG naming the option (%#)', (options, option) => {
    expect(() => new VirtualAgent(options as never)).toThrow(expect.objectContaining({ code: 'E_CONFIG', option }));
  });

  it('onAny sees platform events that no named handler sees', async () => {
    const { agent } = setup();
    const seen: AnyContext[] = [];
    agent.onAny((ctx) => void seen.push(ctx));
    await agent.receive(deliveryOf({ name: 'platform_event', type: 'read_receipt', idempotencyKey: 'r1', conversationId: 'c1', raw: { read: true } }));
    expect(seen.map((ctx) => [ctx.event.name, ctx.event.type, ctx.raw])).toEqual([['platform_event', 'read_receipt', { read: true }]]);
  });
});

describe('VirtualAgent: platform-driven handoff', () => {
  it('a platform refusing a non-owner (E_NOT_OWNER) updates ownership to human and emits handed_off', async () => {
    const { agent } = setup({ adapter: recordingAdapter({ failing: { reply: 'not_owner' } }) });
    const seen: string[] = [];
    agent.on('handed_off', (ctx) => void seen.push(`${ctx.handoff.from}->${ctx.handoff.to} by ${ctx.handoff.initiator}`));
    agent.on('message_created', async (ctx) => {
      await expect(ctx.reply('hello')).rejects.toMatchObject({ code: 'E_NOT_OWNER' });
      expect(ctx.conversation.owner).toBe('human');
    });
    await agent.receive(deliveryOf(contactMessage('c1', 'x', 'pending')));
    expect(seen).toEqual(['bot->human by platform']);
    expect(await agent.conversation('c1').owner()).toBe('human');
  });

  it("grants a handoff request when the adapter's policy is 'grant', after the handlers ran", async () => {
    const adapter = recordingAdapter({ onHandoffRequest: 'grant' });
    const { agent, log } = setup({ adapter });
    const requests: string[] = [];
    agent.on('handoff_requested', (ctx) => void requests.push(`${ctx.handoff.requestedBy}: ${ctx.handoff.reason}`));
    await agent.receive(deliveryOf(contactMessage('c1', 'hi', 'pending'), handoffRequest('c1', '263902037430900')));
    expect(requests).toEqual(['263902037430900: an agent opened the thread']);
    expect(adapter.calls.map((c) => [c.helper, c.args[0]])).toEqual([['grantHandoff', '263902037430900']]);
    expect(log).toEqual(['message_created:bot', 'handoff_requested:bot', 'handed_off:human']);
  });

  it("does not grant under 'ignore', and a custom policy is an ordinary handoff_requested handler", async () => {
    const ignoring = recordingAdapter({ onHandoffRequest: 'ignore' });
    await setup({ adapter: ignoring }).agent.receive(deliveryOf(handoffRequest('c1', 'inbox')));
    expect(ignoring.calls).toEqual([]);

    const decided: string[] = [];
    const deciding = recordingAdapter({ onHandoffRequest: 'ignore' });
    const decidingAgent = setup({ adapter: deciding }).agent;
    decidingAgent.on('handoff_requested', (ctx) => void decided.push(ctx.handoff.requestedBy ?? ''));
    await decidingAgent.receive(deliveryOf(handoffRequest('c1', 'inbox')));
    expect(decided).toEqual(['inbox']);
    expect(deciding.calls).toEqual([]);
  });

  it('handles the valid items of a batch and reports the invalid ones through onError, answering 200', async () => {
    const { agent } = setup();
    const handled = vi.fn();
    const errors: string[] = [];
    agent.on('message_created', handled);
    agent.onError((error) => void errors.push(`${(error as HandoffkitError).code} ${error.message}`));
    const body = JSON.stringify({ events: [contactMessage('c1', 'ok', 'pending')], invalid: ['entry.1.messaging.0.sender'] });
    const answer = await agent.receive({ method: 'POST', url: '/', headers: {}, body });
    expect(answer.status).toBe(200);
    expect(handled).toHaveBeenCalledTimes(1);
    expect(errors).toEqual(['E_PAYLOAD item entry.1.messaging.0.sender is invalid']);
  });
});

describe('VirtualAgent: reliability details', () => {
  it('keeps the dedupe key of an event that failed after a side effect, so a retry cannot repeat the reply', async () => {
    const { agent, adapter } = setup({ onHandlerError: 'throw' });
    agent.on('message_created', async (ctx) => {
      await ctx.reply('sent once');
      throw new Error('failed after replying');
    });
    const event = contactMessage('c1', 'x', 'pending');
    expect((await agent.receive(deliveryOf(event))).status).toBe(500);
    expect((await agent.receive(deliveryOf(event))).status).toBe(200);
    expect(adapter.calls.map((c) => c.args[0])).toEqual([{ text: 'sent once' }]);
  });

  it('sends the fallback message before the fail-safe escalation', async () => {
    const { agent, adapter } = setup({ fallbackMessage: 'Sorry, something went wrong. A colleague will take over.' });
    agent.on('message_created', () => {
      throw new Error('boom');
    });
    await agent.receive(deliveryOf(contactMessage('c1', 'x', 'pending')));
    expect(adapter.calls.map((c) => [c.helper, c.args[0]])).toEqual([
      ['reply', { text: 'Sorry, something went wrong. A colleague will take over.' }],
      ['escalate', { reason: 'a message_created handler failed' }],
    ]);
  });

  it('runs at most maxConcurrency conversations at once', async () => {
    const { agent } = setup({ maxConcurrency: 2 });
    let running = 0;
    let peak = 0;
    agent.on('message_created', async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 10));
      running -= 1;
    });
    await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => agent.receive(deliveryOf(contactMessage(id, 'x', 'pending')))));
    expect(peak).toBe(2);
  });
});

describe('VirtualAgent: sessions', () => {
  it('keeps per-conversation data between deliveries, typed by VirtualAgent<S>', async () => {
    const agent = new VirtualAgent<{ count: number }>({ adapter: recordingAdapter(), logger: silentLogger });
    agent.on('message_created', async (ctx) => {
      const count = (await ctx.session.get())?.count ?? 0;
      await ctx.session.set({ count: count + 1 });
    });
    await agent.receive(deliveryOf(contactMessage('c1', 'a', 'pending')));
    await agent.receive(deliveryOf(contactMessage('c1', 'b', 'pending')));
    await agent.receive(deliveryOf(contactMessage('c2', 'c', 'pending')));
    expect(await agent.conversation('c1').session.get()).toEqual({ count: 2 });
    expect(await agent.conversation('c2').session.get()).toEqual({ count: 1 });
  });

  it('update() is a compare-and-set: concurrent writers lose no update', async () => {
    const store = new MemoryStore();
    const first = new VirtualAgent<number>({ adapter: recordingAdapter(), store, logger: silentLogger });
    const second = new VirtualAgent<number>({ adapter: recordingAdapter(), store, logger: silentLogger });
    const session = (agent: VirtualAgent<number>) => agent.conversation('shared').session;
    await Promise.all(Array.from({ length: 50 }, (_, i) => session(i % 2 ? first : second).update((n) => (n ?? 0) + 1)));
    expect(await session(first).get()).toBe(50);
  });

  it('update() retries when the value changed under it', async () => {
    const { agent } = setup();
    const session = agent.conversation('c1').session;
    await session.set(1);
    let calls = 0;
    const result = await session.update((current) => {
      calls += 1;
      // Another writer slips in during the first attempt.
      if (calls === 1) void agent.store.set('{hk:recording:c1}:session', 10);
      return ((current as number) ?? 0) + 1;
    });
    expect(result).toBe(11);
    expect(calls).toBe(2);
    await session.delete();
    expect(await session.get()).toBeUndefined();
  });
});

describe('VirtualAgent: found in review', () => {
  it('a conversation handle re-reads the owner before each helper, so it never replies over a human later', async () => {
    const { agent, adapter } = setup();
    await agent.receive(deliveryOf(contactMessage('h1', 'hi', 'pending', 1)));
    const handle = agent.conversation('h1');
    await handle.reply('while the bot owns it');
    await agent.receive(deliveryOf(statusChange('h1', 'open', 2)));
    await expect(handle.reply('after the handoff')).rejects.toMatchObject({ code: 'E_NOT_OWNER' });
    expect(await handle.owner()).toBe('human');
    expect(adapter.calls.map((c) => c.args[0])).toEqual([{ text: 'while the bot owns it' }]);
  });

  it('answers 200 when the fail-safe escalation is unsupported: a retry could not help', async () => {
    const { agent } = setup({ adapter: recordingAdapter({ capabilities: ['reply'] }) });
    const reported: string[] = [];
    agent.onError((error) => void reported.push(error.message));
    agent.on('message_created', () => {
      throw new Error('boom');
    });
    const answer = await agent.receive(deliveryOf(contactMessage('c1', 'x', 'pending')));
    expect(answer.status).toBe(200);
    expect(reported[1]).toMatch(
      /escalation to a human failed too: The recording adapter does not support escalate\(\)\. Check adapter\.capabilities first\. A retry cannot help/,
    );
    expect(reported[1]).not.toMatch(/\.\./);
  });
});

describe('VirtualAgent: announcements and platform refusals', () => {
  function delegated(conversationId: string, at: number) {
    const event = statusChange(conversationId, 'pending', at);
    event.handoff = { from: 'human' };
    return event;
  }

  it('emits handed_back for an announced delegation although the record (stale) already says bot', async () => {
    const { agent, log } = setup();
    await agent.receive(deliveryOf(contactMessage('d1', 'hi', 'pending', 1_000)));
    // The platform moved the conversation to humans silently (a timeout), then a human delegates it back.
    await agent.receive(deliveryOf(delegated('d1', 5_000)));
    expect(log).toEqual(['message_created:bot', 'handed_back:bot']);
  });

  it('does not emit twice for two announcements of one change (same platform time)', async () => {
    const { agent, log } = setup();
    await agent.receive(deliveryOf(contactMessage('d2', 'hi', 'open', 1_000)));
    await agent.receive(deliveryOf(delegated('d2', 2_000)));
    await agent.receive(deliveryOf({ ...delegated('d2', 2_000), idempotencyKey: 'second-announcement' }));
    expect(log.filter((entry) => entry.startsWith('handed'))).toEqual(['handed_back:bot']);
  });

  it('a delegation back to the bot right after its own escalation is not ignored', async () => {
    const { agent, log } = setup();
    agent.on('message_created', (ctx) => ctx.escalate());
    await agent.receive(deliveryOf(contactMessage('d3', 'human please', 'pending', 1_000)));
    await agent.receive(deliveryOf(delegated('d3', 2_000)));
    expect(log.filter((entry) => entry.startsWith('handed'))).toEqual(['handed_off:human', 'handed_back:bot']);
  });

  it('answers 200 when the fail-safe escalation is refused because the conversation already left the bot', async () => {
    const { agent } = setup({ adapter: recordingAdapter({ failing: { escalate: 'not_owner' } }) });
    agent.on('message_created', () => {
      throw new Error('boom');
    });
    expect((await agent.receive(deliveryOf(contactMessage('d4', 'x', 'pending')))).status).toBe(200);
  });

  it('handBack that only asks ({ pending: true }) leaves the owner to the platform', async () => {
    const adapter = recordingAdapter();
    const base = adapter.actions.bind(adapter);
    adapter.actions = (ref, outbox) => ({ ...base(ref, outbox), handBack: async () => ({ pending: true as const }) });
    const { agent, log } = setup({ adapter });
    await agent.receive(deliveryOf(statusChange('d5', 'open', 1)));
    await agent.conversation('d5').handBack();
    expect(await agent.conversation('d5').owner()).toBe('human');
    // The announced change runs its handlers (the agent had no record); the handBack that only asks adds nothing.
    expect(log).toEqual(['handed_off:human']);
  });
});

describe('VirtualAgent: remembered targets', () => {
  it('keeps the latest event target in the store and gives it to actions, also on another instance', async () => {
    const store = new MemoryStore();
    const seen: unknown[] = [];
    const adapterWithTargets = () => {
      const adapter = recordingAdapter();
      const base = adapter.actions.bind(adapter);
      return Object.assign(adapter, {
        remembersTarget: true,
        actions: (ref: Parameters<typeof base>[0], outbox: Parameters<typeof base>[1]) => {
          seen.push(ref.target);
          return base(ref, outbox);
        },
      });
    };
    const first = new VirtualAgent({ adapter: adapterWithTargets(), store, logger: silentLogger });
    const second = new VirtualAgent({ adapter: adapterWithTargets(), store, logger: silentLogger });
    first.on('message_created', (ctx) => ctx.reply('in the webhook'));
    const event = contactMessage('t1', 'hi', 'pending');
    event.target = { mentionId: 'm-1', topicId: '7' };
    await first.receive(deliveryOf(event));
    await second.conversation('t1').reply('later, elsewhere');
    expect(seen).toEqual([
      { mentionId: 'm-1', topicId: '7' },
      { mentionId: 'm-1', topicId: '7' },
    ]);
  });
});

describe('VirtualAgent: failed deliveries are answered without platform text', () => {
  it("never puts a platform's or a handler's message in the answer (it may quote a URL with a token)", async () => {
    const adapter = recordingAdapter();
    const base = adapter.actions.bind(adapter);
    adapter.actions = (ref, outbox) => ({
      ...base(ref, outbox),
      escalate: async () => {
        throw new HandoffkitError('E_PLATFORM_API', 'failed with 503: <html>GET /me/pass_thread_control?access_token=EAAGsecret</html>');
      },
    });
    const { agent } = setup({ adapter });
    const reported: string[] = [];
    agent.onError((error) => void reported.push(error.message));
    agent.on('message_created', () => {
      throw new Error('handler text with secret-ish detail');
    });
    const answer = await agent.receive(deliveryOf(contactMessage('s1', 'x', 'pending')));
    expect(answer.status).toBe(500);
    expect(answer.body).not.toMatch(/EAAGsecret|secret-ish/);
    expect(JSON.parse(answer.body).error).toEqual({ code: 'E_HANDLER', message: 'The bot could not handle this delivery; deliver it again.' });
    expect(reported.join(' ')).toMatch(/EAAGsecret/);
  });
});

describe('VirtualAgent: after a handler timed out', () => {
  it('its context refuses to act, while the fail-safe escalates', async () => {
    const { agent, adapter } = setup({ handlerTimeoutMs: 20, onHandlerError: 'escalate' });
    let late: unknown;
    agent.on('message_created', async (ctx) => {
      await new Promise((r) => setTimeout(r, 60));
      late = await ctx.reply('too late').catch((error: unknown) => error);
    });
    await agent.receive(deliveryOf(contactMessage('t9', 'x', 'pending')));
    await vi.waitFor(() => expect(late).toMatchObject({ code: 'E_TIMEOUT' }));
    expect(adapter.calls.map((c) => c.helper)).toEqual(['escalate']);
  });
});
