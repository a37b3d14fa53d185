import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/index.js';

function clock(start = 1_000) {
  const state = { now: start };
  return { state, now: () => state.now };
}

describe('MemoryStore', () => {
  it('gets, sets and deletes JSON values', async () => {
    const store = new MemoryStore();
    await store.set('a', { owner: 'bot' });
    expect(await store.get('a')).toEqual({ owner: 'bot' });
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
  });

  it('keeps a value nested 100,000 deep (what JSON.parse reads from a signed body), where JSON.stringify would throw', async () => {
    const store = new MemoryStore();
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    await store.set('deep', { attributes: { tier: deep } });
    const back = (await store.get<{ attributes: { tier: unknown[] } }>('deep'))?.attributes.tier;
    expect(Array.isArray(back) && Array.isArray(back[0])).toBe(true);
    expect(await store.compareAndSet('deep', { attributes: { tier: deep } }, { n: 1 })).toBe(true);
    expect(await store.get('deep')).toEqual({ n: 1 });
  });

  it('expires entries after their TTL', async () => {
    const { state, now } = clock();
    const store = new MemoryStore({ now });
    await store.set('a', 1, 100);
    await store.set('forever', 2);
    state.now += 99;
    expect(await store.get('a')).toBe(1);
    state.now += 1;
    expect(await store.get('a')).toBeUndefined();
    state.now += 1e9;
    expect(await store.get('forever')).toBe(2);
  });

  it('setIfAbsent writes once, and again after expiry', async () => {
    const { state, now } = clock();
    const store = new MemoryStore({ now });
    expect(await store.setIfAbsent('k', 1, 50)).toBe(true);
    expect(await store.setIfAbsent('k', 2, 50)).toBe(false);
    expect(await store.get('k')).toBe(1);
    state.now += 50;
    expect(await store.setIfAbsent('k', 3, 50)).toBe(true);
    expect(await store.get('k')).toBe(3);
  });

  it('stays within maxEntries, evicting the oldest writes first', async () => {
    const store = new MemoryStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd', 'e']) await store.set(key, key);
    expect(store.size).toBe(3);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('e')).toBe('e');
    // Rewriting a key makes it the newest.
    await store.set('c', 'c2');
    await store.set('f', 'f');
    expect(await store.get('c')).toBe('c2');
    expect(await store.get('d')).toBeUndefined();
  });

  it('sweeps expired entries as it writes, so short-lived keys do not pile up', async () => {
    const { state, now } = clock();
    const store = new MemoryStore({ now, maxEntries: 1_000_000 });
    for (let i = 0; i < 10_000; i++) {
      await store.setIfAbsent(`dedupe:${i}`, 1, 10);
      state.now += 1;
    }
    // With a 10 ms TTL and one write per ms, only about the last ten are alive; the sweep keeps the map near that.
    expect(store.size).toBeLessThan(20);
  });

  it('throws E_CONFIG on a bad bound', () => {
    expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(expect.objectContaining({ code: 'E_CONFIG', option: 'maxEntries' }));
  });

  it('stays fast and small at its bound, and when one long-lived entry sits among many rewrites', async () => {
    const store = new MemoryStore({ maxEntries: 10_000 });
    await store.set('owner:long-lived', { owner: 'bot' }, 30 * 24 * 3600 * 1000);
    const started = Date.now();
    for (let i = 0; i < 300_000; i++) {
      await store.setIfAbsent(`seen:${i}`, 1, 60_000);
      await store.set(`owner:c${i % 50}`, { owner: 'bot', at: i });
    }
    // The old walk from the Map's start took seconds per 100 000 writes at the bound.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(store.size).toBeLessThanOrEqual(10_000);
    expect(await store.get('owner:c7')).toEqual({ owner: 'bot', at: 299_957 });
  });

  it('holds no more than its bound in memory when every write brings a new key (the write queue is trimmed)', async () => {
    const store = new MemoryStore({ maxEntries: 10_000 });
    const heapBefore = process.memoryUsage().heapUsed;
    // The agent's pattern per event: claim a dedupe key, write an owner record, mark the key done.
    for (let i = 0; i < 500_000; i++) {
      await store.setIfAbsent(`seen:${i}`, 'claimed', 60_000);
      await store.set(`owner:${i}`, { owner: 'bot', at: i });
      await store.set(`seen:${i}`, 'done', 60_000);
    }
    (globalThis as { gc?: () => void }).gc?.();
    expect(store.size).toBeLessThanOrEqual(10_000);
    // Keeping the consumed queue (1 500 000 entries with their keys and values) would hold about 60 MB.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(30 * 1024 * 1024);
  });
});
