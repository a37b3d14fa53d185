// handoffkit benchmarks: the built package (dist/, through its own exports) against the floor and its peers.
//
//   npm run bench         full run: builds, prints the table, writes bench/results.json
//   npm run bench:check   fewer iterations, checks every budget, exits 1 naming each one exceeded or not measured
//
// Options: --check, --only inprocess,http,bundle,cold,memory,load, --no-build, --out <file>,
// --from <results.json> (check the budgets of earlier results without measuring).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkBudgets, formatCheck, sectionOf } from './lib/budgets.mjs';
import { ensureBuilt } from './lib/build.mjs';
import { bundleBench } from './lib/bundle.mjs';
import { coldBench } from './lib/cold.mjs';
import { httpBench } from './lib/http.mjs';
import { machine, pinning, progress, round, runJsonChild } from './lib/stats.mjs';
import { renderTable } from './lib/table.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SECTIONS = ['inprocess', 'http', 'bundle', 'cold', 'memory', 'load'];

const { values: opts } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string' },
    from: { type: 'string' },
  },
});
const check = opts.check;
const only = opts.only === undefined ? SECTIONS : opts.only.split(',');
for (const section of only) if (!SECTIONS.includes(section)) throw new Error(`unknown section ${section}: ${SECTIONS.join(', ')}`);

// Full runs measure more and compare with the peers; the check measures handoffkit against the floor only.
const PLAN = check
  ? {
      inprocess: { rounds: 11, chatwoot: 1500, messenger: 300, peers: false },
      http: { modes: ['bare', 'handoffkit'], rounds: 6, seconds: 1, warmup: 1.5 },
      // The cold-start budget is a ratio to a bundled @octokit/webhooks bot of the same run.
      cold: { runs: 10, peers: ['octokit'] },
      bundle: { peers: ['octokit'] },
      memory: { deliveries: 1_000_000, early: 10_000 },
      // The ratio of the budget only; fewer conversations than the full run.
      load: { conversations: 150, messages: 40, senders: 64, setups: 'memory1,redis2' },
    }
  : {
      inprocess: { rounds: 15, chatwoot: 3000, messenger: 600, peers: true },
      http: { modes: ['bare', 'transport', 'handoffkit', 'octokit'], rounds: 8, seconds: 2, warmup: 3 },
      cold: { runs: 10, peers: true },
      bundle: { peers: true },
      memory: { deliveries: 1_000_000, early: 10_000 },
      load: { conversations: 500, messages: 40, senders: 64, setups: 'memory1,redis1,redis2,redis4' },
    };

if (opts.from !== undefined) {
  // Budgets of results measured earlier (a CI artifact, a crafted file): every budget is checked.
  const earlier = JSON.parse(readFileSync(opts.from, 'utf8'));
  const report = checkBudgets(earlier);
  process.stdout.write(`Budgets of ${opts.from}:\n${report.checks.map((c) => `  ${formatCheck(c)}`).join('\n')}\n`);
  process.stdout.write(report.ok ? '\nbudgets met.\n' : '\nbudgets exceeded or not measured.\n');
  process.exit(report.ok ? 0 : 1);
}

const started = Date.now();
// What else the machine was doing, before this run's own build adds to it.
const loadAverageBefore = round(loadavg()[0]);
if (!opts['no-build']) ensureBuilt({ onlyWhenStale: check });
const pin = pinning();
const results = {
  meta: { date: new Date().toISOString(), mode: check ? 'check' : 'full', sections: only, machine: machine(pin), loadAverageBefore },
};

/** Runs one section; a failure is reported and recorded, and the other sections still run. */
async function attempt(section, run) {
  if (!only.includes(section)) return;
  const begun = Date.now();
  try {
    await run();
    (results.meta.sectionSeconds ??= {})[section] = Math.round((Date.now() - begun) / 1000);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress(`${section} failed: ${message}`);
    (results.errors ??= {})[section] = message;
  }
}

await attempt('inprocess', async () => {
  const p = PLAN.inprocess;
  const args = [
    '--expose-gc',
    join(ROOT, 'bench/children/inprocess.mjs'),
    '--rounds',
    String(p.rounds),
    '--chatwoot',
    String(p.chatwoot),
    '--messenger',
    String(p.messenger),
  ];
  if (p.peers) args.push('--peers');
  // Not pinned: V8's helper threads (GC, compiler) take the other core, as on a server.
  results.inProcess = await runJsonChild(pin, undefined, args, { verbose: true });
});

await attempt('http', async () => {
  results.http = await httpBench(pin, PLAN.http);
});

const bundleDir = mkdtempSync(join(tmpdir(), 'handoffkit-bench-'));
try {
  let bundles;
  const bundled = async () => {
    if (bundles === undefined) {
      progress('bundle: esbuild, minified, platform node');
      bundles = await bundleBench(bundleDir, PLAN.bundle);
    }
    return bundles;
  };
  await attempt('bundle', async () => {
    results.bundle = structuredClone(await bundled());
    // The temporary paths mean nothing once the run is over.
    for (const group of [results.bundle.handoffkit, results.bundle.peers]) for (const entry of Object.values(group)) delete entry.file;
  });
  await attempt('cold', async () => {
    results.coldStart = await coldBench(pin, await bundled(), PLAN.cold);
  });
} finally {
  rmSync(bundleDir, { recursive: true, force: true });
}

await attempt('memory', async () => {
  if (PLAN.memory === undefined) return;
  progress(`memory: ${PLAN.memory.deliveries.toLocaleString('en')} deliveries through one agent`);
  const args = ['--expose-gc', join(ROOT, 'bench/children/memory.mjs'), '--deliveries', String(PLAN.memory.deliveries), '--early', String(PLAN.memory.early)];
  results.memory = await runJsonChild(pin, undefined, args, { verbose: true });
});

await attempt('load', async () => {
  const p = PLAN.load;
  progress(`load: the reliability load over HTTP on real agent processes (${p.setups}), ${p.conversations} conversations × ${p.messages} messages`);
  const args = ['--import', 'tsx', join(ROOT, 'bench/children/load-processes.ts')];
  args.push('--conversations', String(p.conversations), '--messages', String(p.messages), '--senders', String(p.senders), '--setups', p.setups);
  // Not pinned: the agent processes and the senders share the machine, as several instances on one host would.
  results.load = await runJsonChild(pin, undefined, args, { verbose: true });
});

const report = checkBudgets(results);
results.budgets = report.checks.map(({ id, value, limit, comparator, status }) => ({ id, value, limit, comparator, status }));
results.meta.seconds = Math.round((Date.now() - started) / 1000);

process.stdout.write(`\n${renderTable(results, report)}\n`);
for (const [section, message] of Object.entries(results.errors ?? {})) process.stdout.write(`\n${section} failed: ${message}\n`);
if (results.errors !== undefined) process.exitCode = 1;
const out = opts.out ?? (check ? undefined : join(ROOT, 'bench/results.json'));
if (out !== undefined) {
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  progress(`results written to ${out}`);
}

if (check) {
  // Budgets of sections not run are not checked (--only); a full check checks every budget, measured or not.
  const relevant = opts.only === undefined ? report.checks : report.checks.filter((c) => only.includes(sectionOf(c.id)));
  const timing = Object.entries(results.meta.sectionSeconds ?? {})
    .map(([section, seconds]) => `${section} ${seconds} s`)
    .join(', ');
  process.stdout.write(`\nBudgets (${results.meta.seconds} s: ${timing}):\n${relevant.map((c) => `  ${formatCheck(c)}`).join('\n')}\n`);
  const failed = relevant.filter((c) => c.status !== 'pass');
  if (failed.length > 0) {
    process.stdout.write(`\nbench:check failed: ${failed.length} of ${relevant.length} budgets exceeded or not measured.\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`\nbench:check passed: ${relevant.length} budgets met.\n`);
  }
}
