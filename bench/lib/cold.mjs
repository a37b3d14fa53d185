// Cold start: the time to import modules in a fresh Node process (measured inside it, around the imports), the
// median of `runs` processes after one discarded run that warms the file cache. Runs during which another process
// took the core are left out of the median while at least half of the runs are clean.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ADAPTERS } from './budgets.mjs';
import { median, progress, round, runJsonChild } from './stats.mjs';

const PROBE = fileURLToPath(new URL('../children/import-probe.mjs', import.meta.url));

async function measure(pin, specifiers, runs) {
  const samples = [];
  for (let i = 0; i <= runs; i++) {
    const sample = await runJsonChild(pin, undefined, [PROBE, ...specifiers]);
    if (i > 0) samples.push(sample);
  }
  const clean = samples.filter((sample) => !sample.preempted);
  const kept = clean.length * 2 >= samples.length ? clean : samples;
  return { medianMs: round(median(kept.map((s) => s.ms))), kept: kept.length, samplesMs: samples.map((s) => round(s.ms)) };
}

/** Unbundled handoffkit + each adapter, each bundled bot, and (with `peers`) the peers, bundled and not. */
export async function coldBench(pin, bundles, { runs, peers }) {
  progress(`cold start: median of ${runs} fresh processes per row`);
  const out = { runs, unbundled: {}, bundled: {}, peers: {} };
  for (const adapter of ADAPTERS) {
    out.unbundled[adapter] = { label: `handoffkit + handoffkit/${adapter}`, ...(await measure(pin, ['handoffkit', `handoffkit/${adapter}`], runs)) };
    out.bundled[adapter] = { label: `bundled minimal ${adapter} bot`, ...(await measure(pin, [pathToFileURL(bundles.handoffkit[adapter].file).href], runs)) };
  }
  if (peers) {
    const unbundled = { octokit: ['@octokit/webhooks'], stripe: ['stripe'], bolt: ['@slack/bolt'], 'zod-mini': ['zod/mini'] };
    // `peers`: true for every peer, or the names of some.
    for (const [name, specifiers] of Object.entries(unbundled).filter(([name]) => peers === true || peers.includes(name))) {
      out.peers[name] = {
        label: specifiers.join(' + '),
        unbundled: await measure(pin, specifiers, runs),
        bundled: bundles.peers[name] ? await measure(pin, [pathToFileURL(bundles.peers[name].file).href], runs) : undefined,
      };
    }
  }
  return out;
}
