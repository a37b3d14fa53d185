// In-process cost per delivery: the floor (HMAC-SHA256 + timingSafeEqual + JSON.parse) against agent.receive and,
// for comparison, @octokit/webhooks verifyAndReceive and Stripe's constructEvent on a body of the same size.
// Run with --expose-gc; prints one JSON line: µs per delivery, the median of the rounds, and the ratios to the floor
// (the median of each round's ratio). In each round the cases take turns in blocks of a few deliveries.
//
//   node --expose-gc bench/children/inprocess.mjs --rounds 15 --chatwoot 3000 --messenger 600 [--peers]
import { openSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { calls, chatwootAgent, instrumentedChatwootAgent, logged, messengerAgent, observedChatwootAgent } from '../lib/agents.mjs';
import { chatwootFloor, messengerFloor } from '../lib/floors.mjs';
import { CHATWOOT_BYTES, chatwootDelivery, GITHUB_SECRET, githubDelivery, messengerDelivery, STRIPE_SECRET, stripeDelivery } from '../lib/payloads.mjs';
import { median, progress, round } from '../lib/stats.mjs';

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    chatwoot: { type: 'string', default: '4000' },
    messenger: { type: 'string', default: '800' },
    peers: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(opts.rounds);
const gc = globalThis.gc ?? (() => {});

// ── the cases ────────────────────────────────────────────────────────────────────────────────────────────

let serial = 0;
const pool = (size, make) => Array.from({ length: size }, () => make(serial++));

// How often the kernel took this thread off its core (Linux: /proc/thread-self/status), read with one pread.
let preemptions = () => 0;
try {
  const fd = openSync('/proc/thread-self/status', 'r');
  const buffer = Buffer.alloc(4096);
  preemptions = () => {
    const text = buffer.toString('latin1', 0, readSync(fd, buffer, 0, buffer.length, 0));
    const at = text.indexOf('nonvoluntary_ctxt_switches:');
    return at === -1 ? 0 : Number.parseInt(text.slice(at + 27), 10);
  };
  preemptions();
} catch {
  preemptions = () => 0;
}

/**
 * One round: a fresh pool of deliveries per case, then the cases interleaved in blocks of `block` deliveries (in a
 * rotating order), so that whatever else the machine does at a given moment weighs on every case alike.
 * Per case: `us`, the wall-clock time per delivery over the blocks during which the kernel did not take this
 * thread off its core (another process's turn is not the code's cost; GC, on this thread, stays in); `meanUs`,
 * over every block.
 */
async function timedRound(cases, size, block) {
  for (const kase of cases) await kase.reset?.();
  const pools = cases.map((kase) => pool(size, kase.make));
  const blocks = cases.map(() => []);
  gc();
  for (let start = 0, turn = 0; start < size; start += block, turn++) {
    const end = Math.min(start + block, size);
    for (let j = 0; j < cases.length; j++) {
      const c = (turn + j) % cases.length;
      const kase = cases[c];
      const items = pools[c];
      const switches = preemptions();
      const t0 = performance.now();
      if (kase.sync) for (let i = start; i < end; i++) kase.sync(items[i]);
      else for (let i = start; i < end; i++) await kase.run(items[i]);
      const t1 = performance.now();
      blocks[c].push({ ms: t1 - t0, n: end - start, preempted: preemptions() !== switches });
    }
  }
  return blocks.map((list) => {
    const perDelivery = (some) => (some.reduce((sum, b) => sum + b.ms, 0) / some.reduce((sum, b) => sum + b.n, 0)) * 1000;
    const clean = list.filter((b) => !b.preempted);
    // Should nearly every block have been interrupted, the plain mean is all there is.
    const enough = clean.length >= list.length / 4;
    return { us: perDelivery(enough ? clean : list), meanUs: perDelivery(list), kept: enough ? clean.length / list.length : 1 };
  });
}

async function suite(name, size, block, cases, bytes, itemsPerDelivery) {
  await timedRound(cases, size, block); // warm-up
  const runs = Object.fromEntries(cases.map((kase) => [kase.id, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const result = await timedRound(cases, size, block);
    cases.forEach((kase, i) => runs[kase.id].push(result[i]));
    progress(`  ${name} round ${r + 1}/${ROUNDS}: ${cases.map((k, i) => `${k.id} ${result[i].us.toFixed(1)} µs`).join(', ')}`);
  }
  const floor = runs.floor;
  const result = { bytes, itemsPerDelivery, deliveriesPerRound: size, block, rounds: ROUNDS, cases: {} };
  for (const kase of cases) {
    const list = runs[kase.id];
    result.cases[kase.id] = {
      label: kase.label,
      // µs per delivery: the median of the rounds; the ratio: the median of each round's ratio to the floor's.
      medianUs: round(median(list.map((run) => run.us))),
      ratio: round(median(list.map((run, i) => run.us / floor[i].us)), 3),
      // The same over every block, interrupted ones included (what other processes cost too).
      meanUs: round(median(list.map((run) => run.meanUs))),
      meanRatio: round(median(list.map((run, i) => run.meanUs / floor[i].meanUs)), 3),
      // The share of blocks kept.
      kept: round(median(list.map((run) => run.kept)), 2),
      runsUs: list.map((run) => round(run.us)),
    };
  }
  return result;
}

// ── Chatwoot ─────────────────────────────────────────────────────────────────────────────────────────────

const chatwootSize = Number(opts.chatwoot);
// A new agent (and MemoryStore) each round, so that every round starts from the same store.
let cw;
let cwTranscribed;
const chatwootCases = [
  { id: 'floor', label: 'floor: node:crypto HMAC-SHA256 + timingSafeEqual + JSON.parse', make: chatwootDelivery, sync: chatwootFloor },
  {
    id: 'handoffkit',
    label: 'handoffkit agent.receive (verify, parse, validate, normalize, dedupe, ownership, dispatch)',
    make: chatwootDelivery,
    run: (d) => cw.receive(d),
    reset: () => (cw = chatwootAgent()),
  },
  {
    // The same agent keeping the transcript: the difference is what the transcript costs per delivery.
    id: 'transcribed',
    label: 'handoffkit agent.receive with transcript: true',
    make: chatwootDelivery,
    run: (d) => cwTranscribed.receive(d),
    reset: () => (cwTranscribed = chatwootAgent({ transcript: true })),
    handles: true,
  },
];
if (opts.peers) {
  const { Webhooks } = await import('@octokit/webhooks');
  const { default: Stripe } = await import('stripe');
  const webhooks = new Webhooks({ secret: GITHUB_SECRET });
  let octokitCalls = 0;
  webhooks.on('issue_comment.created', () => {
    octokitCalls += 1;
  });
  const stripe = new Stripe('sk_test_bench');
  // What observing costs: a listener on every agent.events name, and instrument() with the OpenTelemetry SDK.
  let observed;
  let instrumented;
  chatwootCases.push(
    {
      id: 'events',
      label: 'handoffkit agent.receive, a listener on every agent.events name',
      make: chatwootDelivery,
      run: (d) => observed.receive(d),
      reset: () => (observed = observedChatwootAgent()),
      handles: true,
    },
    {
      id: 'otel',
      label: 'handoffkit agent.receive under instrument() (OpenTelemetry SDK)',
      make: chatwootDelivery,
      run: (d) => instrumented.receive(d),
      reset: async () => (instrumented = await instrumentedChatwootAgent()),
      handles: true,
    },
  );
  chatwootCases.push(
    {
      id: 'octokit',
      label: '@octokit/webhooks verifyAndReceive',
      make: githubDelivery,
      run: (d) => webhooks.verifyAndReceive(d),
      check: () => octokitCalls,
    },
    {
      id: 'stripe',
      label: 'stripe.webhooks.constructEvent',
      make: (n) => stripeDelivery(n),
      sync: (d) => stripe.webhooks.constructEvent(d.payload, d.header, STRIPE_SECRET),
    },
  );
}

progress(`in-process: Chatwoot message_created, ${CHATWOOT_BYTES} B, ${chatwootSize} deliveries × ${ROUNDS} rounds`);
const before = calls.message_created;
const chatwootResult = await suite('chatwoot', chatwootSize, 20, chatwootCases, CHATWOOT_BYTES, 1);
const handled = calls.message_created - before;
const expected = chatwootSize * (ROUNDS + 1) * (1 + chatwootCases.filter((kase) => kase.handles).length);
if (handled !== expected || logged.warn + logged.error > 0) {
  throw new Error(`chatwoot: ${handled} handler calls for ${expected} deliveries, ${logged.warn + logged.error} log lines (${logged.last})`);
}

{
  // The transcript's cost per delivery (one contact message appended), against the floor: the median over the rounds.
  const { floor, handoffkit, transcribed } = chatwootResult.cases;
  const perRound = transcribed.runsUs.map((us, i) => (us - handoffkit.runsUs[i]) / floor.runsUs[i]);
  chatwootResult.transcript = {
    label: 'the transcript per delivery: agent.receive with transcript: true − without',
    medianUs: round(transcribed.medianUs - handoffkit.medianUs),
    ratio: round(median(perRound), 3),
  };
}

// ── Messenger ────────────────────────────────────────────────────────────────────────────────────────────

const messengerSize = Number(opts.messenger);
let ms;
let ms1;
const sample = messengerDelivery(0);
// The same delivery with one item: the batch minus it, over 9, is what each further event of a batch costs.
const single = (n) => messengerDelivery(n, Date.now(), 1);
const messengerCases = [
  { id: 'floor', label: 'floor: node:crypto HMAC-SHA256 + timingSafeEqual + JSON.parse', make: messengerDelivery, sync: messengerFloor },
  { id: 'handoffkit', label: 'handoffkit agent.receive (10 events)', make: messengerDelivery, run: (d) => ms.receive(d), reset: () => (ms = messengerAgent()) },
  {
    id: 'single',
    label: 'handoffkit agent.receive, the same delivery with 1 event',
    make: single,
    run: (d) => ms1.receive(d),
    reset: () => (ms1 = messengerAgent()),
  },
];
progress(`in-process: Messenger 10-item batch, ${sample.body.length} B, ${messengerSize} deliveries × ${ROUNDS} rounds`);
const beforeMs = calls.message_created;
const messengerResult = await suite('messenger', messengerSize, 5, messengerCases, sample.body.length, 10);
const handledMs = calls.message_created - beforeMs;
if (handledMs !== messengerSize * (ROUNDS + 1) * 11 || logged.warn + logged.error > 0) {
  throw new Error(`messenger: ${handledMs} handler calls for ${messengerSize * (ROUNDS + 1) * 11} items (${logged.last})`);
}
{
  // Each further event of a batch, against the floor of the 10-item body: the median over the rounds.
  const { floor, handoffkit, single: one } = messengerResult.cases;
  const perRound = handoffkit.runsUs.map((us, i) => (us - one.runsUs[i]) / 9 / floor.runsUs[i]);
  messengerResult.furtherEvent = {
    label: 'each further event of the batch: (10 events − 1 event) / 9',
    medianUs: round((handoffkit.medianUs - one.medianUs) / 9),
    ratio: round(median(perRound), 3),
  };
}

process.stdout.write(`${JSON.stringify({ chatwoot: chatwootResult, messenger: messengerResult })}\n`);
