// Memory stays flat: 1,000,000 contact messages through `agent.receive` in-process, on the default MemoryStore. The
// dedupe keys of a million distinct deliveries must not pile up: the store is bounded (100,000 entries by default)
// and its entries expire, so the heap after a million deliveries is within 50 MB of the heap after ten thousand.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/index.js';
import { chatwootAgent } from './support.js';

const TOTAL = 1_000_000;
const BASELINE_AT = 10_000;
const BATCH = 1_000;
const CONVERSATIONS = 2_000;
const MB = 1024 * 1024;

/** A full collection: `global.gc` when the process exposes it, else V8's own, exposed for this process. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function settledHeap(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

/** A contact's message in the shape Chatwoot sends, minimal but complete for the adapter. */
function body(n: number): string {
  const conversation = 1 + (n % CONVERSATIONS);
  return JSON.stringify({
    event: 'message_created',
    id: 10_000_000 + n,
    content: `message ${n}`,
    content_type: 'text',
    message_type: 'incoming',
    private: false,
    created_at: new Date(1_772_445_600_000 + n * 10).toISOString(),
    sender: { id: 900_000 + conversation, name: 'Contact', type: 'contact' },
    conversation: {
      id: conversation,
      status: 'pending',
      labels: [],
      updated_at: 1_772_445_600 + n / 100,
      meta: { sender: { id: 900_000 + conversation, name: 'Contact', email: 'contact@example.com' } },
    },
  });
}

describe('memory under 1,000,000 in-process deliveries', () => {
  it('grows the heap by less than 50 MB between 10,000 and 1,000,000 deliveries (MemoryStore defaults)', { timeout: 240_000 }, async () => {
    const gc = collector();
    const store = new MemoryStore();
    // Unsigned deliveries (secret: false): the signature is checked per delivery in the load test; here it would
    // only add HMAC time, not memory.
    const agent = chatwootAgent({ store }, { secret: false });
    let handled = 0;
    agent.on('message_created', () => {
      handled += 1;
    });
    const headers = { 'content-type': 'application/json' };
    const statuses = new Map<number, number>();
    let baseline = 0;
    let sizeAtBaseline = 0;
    const started = performance.now();
    let baselineAt = started;
    for (let sent = 0; sent < TOTAL; sent += BATCH) {
      const answers = await Promise.all(
        Array.from({ length: BATCH }, (_, i) => agent.receive({ method: 'POST', url: '/webhook', headers, body: body(sent + i) })),
      );
      for (const answer of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (sent + BATCH === BASELINE_AT) {
        baseline = await settledHeap(gc);
        sizeAtBaseline = store.size;
        baselineAt = performance.now();
      }
    }
    const elapsed = performance.now() - started;
    const final = await settledHeap(gc);
    const growth = (final - baseline) / MB;
    console.log(
      `[reliability] memory: ${TOTAL} deliveries in ${(elapsed / 1000).toFixed(1)} s (${Math.round((TOTAL - BASELINE_AT) / ((performance.now() - baselineAt) / 1000))} deliveries/s after the baseline); ` +
        `heap ${(baseline / MB).toFixed(1)} MB after ${BASELINE_AT} → ${(final / MB).toFixed(1)} MB after ${TOTAL} (growth ${growth.toFixed(1)} MB); ` +
        `store entries ${sizeAtBaseline} → ${store.size}`,
    );

    expect(Object.fromEntries(statuses)).toEqual({ 200: TOTAL });
    expect(handled).toBe(TOTAL);
    // The default bound holds: a million dedupe keys (and 2,000 ownership records) fit in 100,000 entries.
    expect(store.size).toBeLessThanOrEqual(100_000);
    expect(growth).toBeLessThan(50);
  });

  it('drops expired dedupe keys as new deliveries come (dedupeTtlMs 100 ms)', { timeout: 60_000 }, async () => {
    const store = new MemoryStore();
    const agent = chatwootAgent({ store, dedupeTtlMs: 100 }, { secret: false });
    let handled = 0;
    agent.on('message_created', () => {
      handled += 1;
    });
    const headers = { 'content-type': 'application/json' };
    const deliveries = 50_000;
    let peak = 0;
    for (let sent = 0; sent < deliveries; sent += BATCH) {
      await Promise.all(Array.from({ length: BATCH }, (_, i) => agent.receive({ method: 'POST', url: '/webhook', headers, body: body(sent + i) })));
      peak = Math.max(peak, store.size);
      // Spread the deliveries over time, so that keys written early have expired when the later ones come.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    console.log(
      `[reliability] memory: ${deliveries} deliveries with dedupeTtlMs 100: at most ${peak} store entries (${CONVERSATIONS} of them ownership records)`,
    );
    expect(handled).toBe(deliveries);
    // Without expiry the store would hold every key (52,000 entries); expired ones go as new ones are written.
    expect(peak).toBeLessThan(CONVERSATIONS + 20_000);
  });
});
