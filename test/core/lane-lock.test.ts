import { describe, expect, it, vi } from 'vitest';
import { MemoryStore, VirtualAgent, silentLogger, type Store } from '../../src/index.js';
import { contactMessage, deliveryOf, recordingAdapter } from '../helpers/recording-adapter.js';

/** A MemoryStore with the lock operations a shared store offers, so that two agents in one process must coordinate. */
function lockingStore(): Store & { acquired: number } {
  const memory = new MemoryStore();
  const locks = new Map<string, { token: number; until: number }>();
  let tokens = 0;
  const store = {
    acquired: 0,
    get: memory.get.bind(memory),
    set: memory.set.bind(memory),
    delete: memory.delete.bind(memory),
    setIfAbsent: memory.setIfAbsent.bind(memory),
    compareAndSet: memory.compareAndSet.bind(memory),
    async acquireLock(key: string, ttlMs: number) {
      const held = locks.get(key);
      if (held && held.until > Date.now()) return undefined;
      tokens += 1;
      store.acquired += 1;
      locks.set(key, { token: tokens, until: Date.now() + ttlMs });
      return tokens;
    },
    async extendLock(key: string, token: number, ttlMs: number) {
      const held = locks.get(key);
      if (held?.token !== token) return false;
      held.until = Date.now() + ttlMs;
      return true;
    },
    async releaseLock(key: string, token: number) {
      if (locks.get(key)?.token === token) locks.delete(key);
    },
  };
  return store;
}

describe('conversation locks across instances', () => {
  it('two agents sharing a store never run one conversation at once', async () => {
    const store = lockingStore();
    const a = new VirtualAgent({ adapter: recordingAdapter(), store, logger: silentLogger });
    const b = new VirtualAgent({ adapter: recordingAdapter(), store, logger: silentLogger });
    let running = 0;
    let overlap = 0;
    const handled: string[] = [];
    for (const agent of [a, b]) {
      agent.on('message_created', async (ctx) => {
        running += 1;
        if (running > 1) overlap += 1;
        await new Promise((r) => setTimeout(r, 5));
        handled.push(ctx.message.text ?? '');
        running -= 1;
      });
    }
    const texts = Array.from({ length: 20 }, (_, i) => `m${i}`);
    const answers = await Promise.all(texts.map((text, i) => (i % 2 ? a : b).receive(deliveryOf(contactMessage('shared', text, 'pending')))));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(overlap).toBe(0);
    expect(handled.sort()).toEqual([...texts].sort());
    expect(store.acquired).toBe(20);
  });

  it('answers 503 at the ack deadline while another instance holds the lock, so the platform retries', async () => {
    const store = lockingStore();
    await store.acquireLock!('{hk:recording:busy}:lock', 60_000);
    const warned: string[] = [];
    const logger = { warn: (m: string) => void warned.push(m), error: () => undefined };
    const agent = new VirtualAgent({ adapter: recordingAdapter(), store, logger, ackTimeoutMs: 100 });
    const handled = vi.fn();
    agent.on('message_created', handled);
    const started = Date.now();
    const answer = await agent.receive(deliveryOf(contactMessage('busy', 'x', 'pending')));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body).error.code).toBe('E_STORE');
    expect(warned.join(' ')).toMatch(/still waiting for their conversation at the ack deadline/);
    // The waiting attempt gives up: it never runs after the 503.
    await new Promise((r) => setTimeout(r, 50));
    expect(handled).not.toHaveBeenCalled();
  });

  it('a crashed holder does not block the conversation forever: its lock expires', async () => {
    const store = lockingStore();
    await store.acquireLock!('{hk:recording:orphan}:lock', 30);
    const agent = new VirtualAgent({ adapter: recordingAdapter(), store, logger: silentLogger });
    const handled: string[] = [];
    agent.on('message_created', (ctx) => void handled.push(ctx.message.text ?? ''));
    expect((await agent.receive(deliveryOf(contactMessage('orphan', 'after the crash', 'pending')))).status).toBe(200);
    expect(handled).toEqual(['after the crash']);
  });

  it("an event queued behind its own instance's slow handler is answered 202 and handled, not 503", async () => {
    const store = lockingStore();
    const agent = new VirtualAgent({ adapter: recordingAdapter(), store, logger: silentLogger, ackTimeoutMs: 50 });
    const handled: string[] = [];
    agent.on('message_created', async (ctx) => {
      if (ctx.message.text === 'slow') await new Promise((r) => setTimeout(r, 150));
      handled.push(ctx.message.text ?? '');
    });
    const [first, second] = await Promise.all([
      agent.receive(deliveryOf(contactMessage('own', 'slow', 'pending'))),
      agent.receive(deliveryOf(contactMessage('own', 'queued', 'pending'))),
    ]);
    expect([first.status, second.status]).toEqual([202, 202]);
    await vi.waitFor(() => expect(handled).toEqual(['slow', 'queued']));
  });
});
