// Memory: the heap after 10,000 deliveries, half-way and after 1,000,000 (after a full GC each time), through one
// Chatwoot agent with the default MemoryStore (bounded at 100,000 entries). Run with --expose-gc.
//
//   node --expose-gc bench/children/memory.mjs [--deliveries 1000000]
import { parseArgs } from 'node:util';
import { calls, chatwootAgent, logged } from '../lib/agents.mjs';
import { chatwootDelivery } from '../lib/payloads.mjs';
import { progress } from '../lib/stats.mjs';

const { values: opts } = parseArgs({ options: { deliveries: { type: 'string', default: '1000000' }, early: { type: 'string', default: '10000' } } });
const total = Number(opts.deliveries);
const early = Number(opts.early);
if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');

function heap() {
  globalThis.gc();
  globalThis.gc();
  const usage = process.memoryUsage();
  return { heapUsedBytes: usage.heapUsed, rssBytes: usage.rss, externalBytes: usage.external };
}

const agent = chatwootAgent();
const baseline = heap();
const snapshots = {};
const started = Date.now();
// The time spent in agent.receive (signing left out) over deliveries early..2×early (warm, the store small) and
// over the last `early` deliveries.
const windows = { firstUs: 0, lastUs: 0 };
let seconds = Math.floor(Date.now() / 1000);
for (let n = 0; n < total; n++) {
  if ((n & 1023) === 0) seconds = Math.floor(Date.now() / 1000);
  const delivery = chatwootDelivery(n, seconds);
  const t0 = performance.now();
  await agent.receive(delivery);
  const spent = performance.now() - t0;
  if (n >= early && n < 2 * early) windows.firstUs += spent;
  else if (n >= total - early) windows.lastUs += spent;
  const done = n + 1;
  if (done === early || done === total / 2 || done === total) snapshots[done] = { ...heap(), storeEntries: agent.store.size };
  if (done % 100_000 === 0) progress(`  memory: ${done.toLocaleString('en')} deliveries, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
if (calls.message_created !== total || logged.warn + logged.error > 0) {
  throw new Error(`memory: ${calls.message_created} handler calls for ${total} deliveries (${logged.last})`);
}
const perDelivery = { firstUs: (windows.firstUs * 1000) / early, lastUs: (windows.lastUs * 1000) / early };
process.stdout.write(`${JSON.stringify({ baseline, early, total, snapshots, perDelivery, seconds: (Date.now() - started) / 1000 })}\n`);
