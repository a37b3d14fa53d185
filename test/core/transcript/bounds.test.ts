// A conversation of 10,000 messages: the transcript keeps the configured number of entries (the latest), and the
// bytes the store holds for it stay under the configured bound, on a MemoryStore and on a real redis-server.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore, type Store, type TranscriptEntry, VirtualAgent, silentLogger } from '../../../src/index.js';
import { RedisStore } from '../../../src/store/redis.js';
import { contactMessage, deliveryOf, recordingAdapter } from '../../helpers/recording-adapter.js';
import type { NormalizedEvent } from '../../../src/index.js';
import { TestRedis } from '../../helpers/redis-server.js';

let redis: TestRedis;
let client: Redis;
beforeAll(async () => {
  redis = await TestRedis.start();
  client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  client.disconnect();
  await redis.stop();
});

const MESSAGES = 10_000;
const KEY = '{hk:recording:c1}:transcript';

/** A contact message of `size` characters (not only ASCII, with quotes that JSON escapes). */
function numbered(i: number, size: number): NormalizedEvent {
  const event = contactMessage('c1', text(i, size));
  (event.message as { id: string }).id = `m${i}`;
  return event;
}

function text(i: number, size: number): string {
  const head = `#${i} "é€" `;
  return head + 'x'.repeat(Math.max(0, size - head.length));
}

describe('the transcript is bounded', () => {
  it.each([
    { bound: 'count', maxEntries: 150, maxBytes: 1024 * 1024, size: 20 },
    { bound: 'bytes', maxEntries: 10_000, maxBytes: 16 * 1024, size: 300 },
  ])('on a MemoryStore, through the agent: 10,000 messages keep the latest within the $bound bound', async ({ maxEntries, maxBytes, size }) => {
    const store = new MemoryStore();
    const agent = new VirtualAgent({ adapter: recordingAdapter(), store, logger: silentLogger, transcript: { maxEntries, maxBytes } });
    for (let i = 1; i <= MESSAGES; i++) {
      const answer = await agent.receive(deliveryOf(numbered(i, size)));
      expect(answer.status).toBe(200);
    }
    const entries = await agent.conversation('c1').transcript();
    const held = (await store.get<string[]>(KEY)) as string[];
    expectBounded(entries, held.length, Buffer.byteLength(JSON.stringify(held)), { maxEntries, maxBytes });
  });

  it.each([
    { bound: 'count', maxEntries: 150, maxBytes: 1024 * 1024, size: 20 },
    { bound: 'bytes', maxEntries: 10_000, maxBytes: 16 * 1024, size: 300 },
  ])('on a RedisStore (the atomic script): 10,000 appends keep the latest within the $bound bound', async ({ maxEntries, maxBytes, size }) => {
    await client.flushall();
    const store: Store = new RedisStore({ client, prefix: '' });
    const agent = new VirtualAgent({ adapter: recordingAdapter(), store, logger: silentLogger, transcript: { maxEntries, maxBytes } });
    // The agent's own deliveries for the first ones, then the store's script directly (pipelined, in order).
    for (let i = 1; i <= 20; i++) expect((await agent.receive(deliveryOf(numbered(i, size)))).status).toBe(200);
    const bounds = { maxItems: maxEntries, maxBytes, ttlMs: 60_000 };
    for (let start = 21; start <= MESSAGES; start += 500) {
      const batch: Promise<void>[] = [];
      for (let i = start; i < start + 500 && i <= MESSAGES; i++) {
        const entry = { id: `m${i}`, kind: 'message', role: 'contact', text: text(i, size), at: i };
        batch.push((store.appendCapped as NonNullable<Store['appendCapped']>).call(store, KEY, JSON.stringify(entry), bounds));
      }
      await Promise.all(batch);
    }
    const entries = await agent.conversation('c1').transcript();
    const held = JSON.parse((await client.get(KEY)) as string) as string[];
    expectBounded(entries, held.length, await client.strlen(KEY), { maxEntries, maxBytes });
    expect(await client.pttl(KEY)).toBeGreaterThan(0);
  });
});

describe('the transcript is bounded in the end script of an event (RedisStore.finishEvent)', () => {
  it.each([
    { bound: 'count', maxEntries: 150, maxBytes: 1024 * 1024, size: 20 },
    { bound: 'bytes', maxEntries: 10_000, maxBytes: 16 * 1024, size: 300 },
  ])('10,000 appends, 50 per end script, keep the latest within the $bound bound', async ({ maxEntries, maxBytes, size }) => {
    await client.flushall();
    const store = new RedisStore({ client, prefix: '' });
    const agent = new VirtualAgent({ adapter: recordingAdapter(), store, logger: silentLogger, transcript: { maxEntries, maxBytes } });
    const bounds = { maxItems: maxEntries, maxBytes, ttlMs: 60_000 };
    const lock = '{hk:recording:c1}:lock';
    for (let start = 1; start <= MESSAGES; start += 50) {
      const token = (await store.acquireLock(lock, 10_000)) as number;
      const appends = [];
      for (let i = start; i < start + 50; i++) {
        const item = JSON.stringify({ id: `m${i}`, kind: 'message', role: 'contact', text: text(i, size), at: i });
        appends.push({ key: KEY, item, bounds });
      }
      await store.finishEvent({ lock: { key: lock, token }, writes: [{ key: '{hk:recording:c1}:owner', value: { owner: 'bot' } }], appends });
    }
    const entries = await agent.conversation('c1').transcript();
    const held = JSON.parse((await client.get(KEY)) as string) as string[];
    expectBounded(entries, held.length, await client.strlen(KEY), { maxEntries, maxBytes });
    expect(await client.pttl(KEY)).toBeGreaterThan(0);
    // The writes before the appends and the lock's release after them ran too.
    expect(await client.get('{hk:recording:c1}:owner')).toBe('{"owner":"bot"}');
    expect(await client.exists(lock)).toBe(0);
  });

  it('an item with a uniqueId already held is not appended again, also within one end script', async () => {
    await client.flushall();
    const store = new RedisStore({ client, prefix: '' });
    const lock = '{hk:recording:c2}:lock';
    const key = '{hk:recording:c2}:transcript';
    const bot = (id: string, at: number) => JSON.stringify({ id, kind: 'message', role: 'bot', text: 'hi', at });
    const bounds = { maxItems: 10, maxBytes: 4096, ttlMs: 60_000 };
    const token = (await store.acquireLock(lock, 10_000)) as number;
    await store.finishEvent({
      lock: { key: lock, token },
      writes: [],
      appends: [
        { key, item: bot('b1', 1), bounds: { ...bounds, uniqueId: 'b1' } },
        { key, item: bot('b1', 2), bounds: { ...bounds, uniqueId: 'b1' } },
        { key, item: bot('b2', 3), bounds: { ...bounds, uniqueId: 'b2' } },
      ],
    });
    await store.appendCapped(key, bot('b2', 4), { ...bounds, uniqueId: 'b2' });
    expect(JSON.parse((await client.get(key)) as string)).toEqual([bot('b1', 1), bot('b2', 3)]);
  });
});

function expectBounded(entries: TranscriptEntry[], held: number, bytes: number, bounds: { maxEntries: number; maxBytes: number }): void {
  expect(held).toBe(entries.length);
  expect(bytes).toBeLessThanOrEqual(bounds.maxBytes);
  const ids = entries.map((e) => (e.kind === 'message' ? e.id : undefined));
  // The latest, in order, without a gap.
  expect(ids.at(-1)).toBe(`m${MESSAGES}`);
  expect(ids).toEqual(ids.map((_, i) => `m${MESSAGES - ids.length + 1 + i}`));
  if (bounds.maxEntries < 1000) expect(entries).toHaveLength(bounds.maxEntries);
  // Full: one more entry would not have fit.
  else expect(bytes + bytes / entries.length).toBeGreaterThan(bounds.maxBytes * 0.98);
}
