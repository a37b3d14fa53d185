import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/index.js';

describe('MemoryStore bounds: dedupe traffic never evicts ownership or sessions', () => {
  it('evicts dedupe keys (first written with setIfAbsent) before any other entry', async () => {
    const store = new MemoryStore({ maxEntries: 10 });
    await store.set('owner:live', { owner: 'human' });
    await store.set('session:live', { step: 3 });
    for (let i = 0; i < 1_000; i++) {
      await store.setIfAbsent(`seen:${i}`, 'claimed', 60_000);
      await store.set(`seen:${i}`, 'done', 60_000);
    }
    expect(store.size).toBeLessThanOrEqual(10);
    expect(await store.get('owner:live')).toEqual({ owner: 'human' });
    expect(await store.get('session:live')).toEqual({ step: 3 });
    // The newest dedupe keys are kept (a replay of a recent delivery is still refused).
    expect(await store.get('seen:999')).toBe('done');
    expect(await store.get('seen:0')).toBeUndefined();
  });

  it('a dedupe key marked done stays a dedupe key: it goes before older state', async () => {
    const store = new MemoryStore({ maxEntries: 2 });
    await store.set('owner:a', 'human');
    await store.setIfAbsent('seen:x', 'claimed', 60_000);
    await store.set('seen:x', 'done', 60_000);
    await store.set('owner:b', 'bot');
    expect(await store.get('owner:a')).toBe('human');
    expect(await store.get('owner:b')).toBe('bot');
    expect(await store.get('seen:x')).toBeUndefined();
  });

  it('state alone is still bounded, oldest first', async () => {
    const store = new MemoryStore({ maxEntries: 5 });
    for (let i = 0; i < 8; i++) await store.set(`owner:${i}`, i);
    expect(store.size).toBe(5);
    expect(await store.get('owner:2')).toBeUndefined();
    expect(await store.get('owner:3')).toBe(3);
  });

  it('holds no more than maxBytes: 900 KB ids are evicted, the owner stays', async () => {
    const store = new MemoryStore({ maxBytes: 4 * 1024 * 1024 });
    await store.set('owner:live', { owner: 'human' });
    for (let i = 0; i < 150; i++) await store.setIfAbsent(`seen:${String(i).padStart(3, '0')}${'x'.repeat(900 * 1024)}`, 'claimed', 60_000);
    expect(store.bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(store.size).toBeLessThan(10);
    expect(await store.get('owner:live')).toEqual({ owner: 'human' });
  });

  it('counts bytes of values too, and gives them back on delete and rewrite', async () => {
    const store = new MemoryStore();
    await store.set('a', 'y'.repeat(1000));
    const one = store.bytes;
    expect(one).toBeGreaterThan(2000);
    await store.set('a', 'short');
    expect(store.bytes).toBeLessThan(one);
    await store.delete('a');
    expect(store.bytes).toBe(0);
  });

  it('has a byte bound by default (64 MiB)', async () => {
    const store = new MemoryStore();
    const big = 'z'.repeat(4 * 1024 * 1024);
    for (let i = 0; i < 12; i++) await store.set(`k${i}`, big);
    expect(store.bytes).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(await store.get('k0')).toBeUndefined();
    expect(await store.get('k11')).toBe(big);
  });

  it('refuses a bound that is not a positive integer, naming the option without echoing it', () => {
    expect(() => new MemoryStore({ maxBytes: 0 })).toThrow(/new MemoryStore\(\{ maxBytes \}\) must be a positive integer\.$/);
    expect(() => new MemoryStore({ maxEntries: 'secret-ish' as unknown as number })).toThrow(
      expect.objectContaining({ code: 'E_CONFIG', message: expect.not.stringContaining('secret-ish') }),
    );
  });
});
