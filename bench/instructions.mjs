// Instructions per delivery, counted by valgrind (callgrind), not timed: the same count on every run, whatever else
// the machine does, so that a change of a few per cent shows. Each stage of bench/children/instructions.mjs runs twice
// (two delivery counts) and the difference over the extra deliveries is its cost per delivery; start-up, signing and
// most of the compiler's warm-up cancel out. Counts say how much work, not how long: native code (SHA-256, JSON.parse)
// does several times more instructions per cycle than the JavaScript around it (docs/performance.md).
//
//   npm run bench:instructions                 # Chatwoot and Messenger stages, about 7 minutes on 2 cores
//   node bench/instructions.mjs --functions    # also the functions the agent adds to the adapter's work
//   node bench/instructions.mjs --only chatwoot --out /tmp/instructions.json
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuilt } from './lib/build.mjs';
import { functionCosts } from './lib/callgrind.mjs';

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string', default: 'chatwoot,messenger' },
    functions: { type: 'boolean', default: false },
    out: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CHILD = fileURLToPath(new URL('children/instructions.mjs', import.meta.url));

if (spawnSync('valgrind', ['--version'], { stdio: 'ignore' }).status !== 0) {
  process.stderr.write('bench:instructions needs valgrind (Debian: apt-get install -y valgrind)\n');
  process.exit(1);
}
if (!opts['no-build']) ensureBuilt({ onlyWhenStale: true });

// Per group: the stages and their two counts (the second minus the first is what is divided by). A 10-item batch runs
// the per-event code ten times, so a third as many batches as single deliveries still run it more often.
const SINGLE = [3000, 9000];
const BATCH = [1000, 3000];
const GROUPS = {
  chatwoot: { stages: { signing: SINGLE, floor: SINGLE, adapter: SINGLE, receive: SINGLE } },
  messenger: { stages: { 'messenger-signing': BATCH, 'messenger-floor': BATCH, 'messenger-1-signing': SINGLE, 'messenger-1': SINGLE, 'messenger-10': BATCH } },
};
const groups = opts.only.split(',').map((name) => {
  if (GROUPS[name] === undefined) throw new Error(`--only takes ${Object.keys(GROUPS).join(', ')}`);
  return [name, GROUPS[name]];
});

const work = mkdtempSync(join(tmpdir(), 'handoffkit-instructions-'));

/** One counted run: the total instructions, and (with `functions`) the callgrind file and the V8 code map. */
function countRun(stage, count) {
  const dir = mkdtempSync(join(work, `${stage}-${count}-`));
  const args = ['--tool=callgrind', `--callgrind-out-file=${join(dir, 'callgrind.%p')}`, process.execPath, '--single-threaded'];
  if (opts.functions) args.push('--perf-basic-prof');
  args.push(CHILD, stage, String(count));
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (err += chunk));
    child.on('close', (code) => {
      const total = /Collected : (\d+)/.exec(err);
      if (code !== 0 || total === null) {
        reject(new Error(`${stage} ${count}: exited with ${code}\n${err.slice(-1500)}`));
        return;
      }
      const file = readdirSync(dir).find((name) => name.startsWith('callgrind.'));
      const pid = file?.slice('callgrind.'.length);
      resolve({ total: Number(total[1]), out: file && join(dir, file), map: pid && join('/tmp', `perf-${pid}.map`) });
    });
  });
}

/** Runs every (stage, count) pair, as many at once as there are cores. */
async function countAll(jobs) {
  const results = new Map();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const started = Date.now();
      results.set(`${job.stage}:${job.count}`, await countRun(job.stage, job.count));
      process.stderr.write(`  ${job.stage} × ${job.count}: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  return results;
}

const jobs = groups.flatMap(([, group]) => Object.entries(group.stages).flatMap(([stage, counts]) => counts.map((count) => ({ stage, count }))));
process.stderr.write(`counting instructions: ${jobs.length} runs under valgrind\n`);
const runs = await countAll(jobs);
const perDelivery = {};
for (const [, group] of groups) {
  for (const [stage, [low, high]] of Object.entries(group.stages)) {
    perDelivery[stage] = (runs.get(`${stage}:${high}`).total - runs.get(`${stage}:${low}`).total) / (high - low);
  }
}

const round = (n) => Math.round(n);
const ratio = (n, floor) => Number((n / floor).toFixed(2));
const results = {
  date: new Date().toISOString(),
  node: process.version,
  perDelivery: Object.fromEntries(Object.entries(perDelivery).map(([k, v]) => [k, round(v)])),
};
const lines = ['| measurement | instructions per delivery | vs floor |', '| --- | --- | --- |'];
if (perDelivery.receive !== undefined) {
  const floor = perDelivery.floor - perDelivery.signing;
  const adapter = perDelivery.adapter - perDelivery.signing;
  const receive = perDelivery.receive - perDelivery.signing;
  results.chatwoot = { floor: round(floor), adapter: round(adapter), receive: round(receive), ratio: ratio(receive, floor) };
  lines.push(
    `| Chatwoot floor: HMAC-SHA256 + timingSafeEqual + JSON.parse | ${round(floor).toLocaleString('en-US')} | 1.00× |`,
    `| the adapter: verify + JSON.parse + schemas + normalize | ${round(adapter).toLocaleString('en-US')} | ${ratio(adapter, floor)}× |`,
    `| agent.receive (the adapter's work + dedupe, ownership, lanes, dispatch) | ${round(receive).toLocaleString('en-US')} | ${ratio(receive, floor)}× |`,
    `| of which the agent's own (agent.receive − the adapter) | ${round(receive - adapter).toLocaleString('en-US')} | ${ratio(receive - adapter, floor)}× |`,
  );
}
if (perDelivery['messenger-10'] !== undefined) {
  const floor = perDelivery['messenger-floor'] - perDelivery['messenger-signing'];
  const ten = perDelivery['messenger-10'] - perDelivery['messenger-signing'];
  const one = perDelivery['messenger-1'] - perDelivery['messenger-1-signing'];
  const further = (ten - one) / 9;
  results.messenger = { floor: round(floor), oneEvent: round(one), tenEvents: round(ten), furtherEvent: round(further), ratio: ratio(further, floor) };
  lines.push(
    `| Messenger floor, 10-item batch | ${round(floor).toLocaleString('en-US')} | 1.00× |`,
    `| agent.receive, 10 events | ${round(ten).toLocaleString('en-US')} | ${ratio(ten, floor)}× |`,
    `| each further event: (10 events − 1 event) / 9 | ${round(further).toLocaleString('en-US')} | ${ratio(further, floor)}× |`,
  );
}
process.stdout.write(`\nInstructions per delivery (valgrind callgrind, Node ${process.version}, ${results.date.slice(0, 10)}):\n\n${lines.join('\n')}\n`);

if (opts.functions && perDelivery.receive !== undefined) {
  // What agent.receive adds to the adapter's stage, function by function (V8's code map names the JavaScript).
  const [low, high] = SINGLE;
  const costs = (stage, count) =>
    functionCosts(readFileSync(runs.get(`${stage}:${count}`).out, 'utf8'), readFileSync(runs.get(`${stage}:${count}`).map, 'utf8'));
  const slope = (stage) => {
    const a = costs(stage, low);
    const b = costs(stage, high);
    return new Map([...new Set([...a.keys(), ...b.keys()])].map((k) => [k, ((b.get(k) ?? 0) - (a.get(k) ?? 0)) / (high - low)]));
  };
  const adapter = slope('adapter');
  const added = [...slope('receive')].map(([name, n]) => [name, n - (adapter.get(name) ?? 0)]).sort((a, b) => b[1] - a[1]);
  results.agentFunctions = added.slice(0, 40).map(([name, n]) => ({ name, instructions: round(n) }));
  process.stdout.write('\nWhat agent.receive adds to the adapter, per delivery (top 40):\n');
  for (const { name, instructions } of results.agentFunctions) process.stdout.write(`${String(instructions).padStart(8)}  ${name.slice(0, 140)}\n`);
}
if (opts.out) writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
for (const run of runs.values()) if (run.map) rmSync(run.map, { force: true });
rmSync(work, { recursive: true, force: true });
