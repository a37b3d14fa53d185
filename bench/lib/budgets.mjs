// The performance budgets and their checker: a pure function from a results object (bench/results.json's shape)
// to a verdict per budget. A budget whose measurement is missing fails: what is not measured is not within budget.

/** The adapters every per-adapter budget covers. */
export const ADAPTERS = ['chatwoot', 'messenger', 'qualtrics', 'hootsuite'];

/**
 * The budgets of issue 21 (scale) and of the structure issue (zod at run time). `path` leads to the measured value in
 * the results; with `per`, the value is divided by the one at `per` (a ratio of two measurements of the same run).
 * `comparator` says which side passes.
 */
export const BUDGETS = [
  {
    id: 'inprocess.chatwoot',
    label: 'agent.receive / floor, Chatwoot message_created 2 KB',
    path: ['inProcess', 'chatwoot', 'cases', 'handoffkit', 'ratio'],
    comparator: '<=',
    limit: 2.0,
    unit: '×',
  },
  {
    id: 'inprocess.further',
    label: 'each further event of a Messenger batch / floor',
    path: ['inProcess', 'messenger', 'furtherEvent', 'ratio'],
    comparator: '<=',
    limit: 0.35,
    unit: '×',
  },
  {
    id: 'inprocess.transcript',
    label: 'the transcript per delivery / floor, Chatwoot message_created 2 KB (MemoryStore)',
    path: ['inProcess', 'chatwoot', 'transcript', 'ratio'],
    comparator: '<=',
    limit: 0.2,
    unit: '×',
  },
  {
    id: 'http.rps',
    label: 'toNodeHandler req/s / bare node:http server',
    path: ['http', 'servers', 'handoffkit', 'rpsRatio'],
    comparator: '>=',
    limit: 0.7,
    unit: '×',
  },
  ...ADAPTERS.map((adapter) => ({
    id: `cold.bundled.${adapter}`,
    label: `import of a bundled minimal ${adapter} bot / a bundled @octokit/webhooks bot's`,
    path: ['coldStart', 'bundled', adapter, 'medianMs'],
    per: ['coldStart', 'peers', 'octokit', 'bundled', 'medianMs'],
    comparator: '<=',
    limit: 1.5,
    unit: '×',
  })),
  ...ADAPTERS.map((adapter) => ({
    id: `bundle.${adapter}`,
    label: `min+gzip of a minimal ${adapter} bot, all dependencies`,
    path: ['bundle', 'handoffkit', adapter, 'gzipBytes'],
    comparator: '<=',
    limit: 30 * 1024,
    unit: 'B',
  })),
  {
    id: 'memory.heap',
    label: 'heap after 1,000,000 deliveries (full GC), MemoryStore',
    path: ['memory', 'snapshots', '1000000', 'heapUsedBytes'],
    comparator: '<',
    limit: 50 * 1024 * 1024,
    unit: 'B',
  },
  {
    id: 'load.redis2',
    label: 'deliveries/s of 2 processes on Redis / 1 process on MemoryStore (HTTP)',
    path: ['load', 'redis2', 'ratio'],
    comparator: '>=',
    limit: 0.7,
    unit: '×',
  },
];

/** The section of `bench/run.mjs` that measures a budget. */
export function sectionOf(id) {
  return id.split('.')[0];
}

/** The value at `path` in `results`, or `undefined`. */
function valueAt(results, path) {
  let value = results;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

/** Checks every budget against a results object; `ok` only when every budget is measured and met. */
export function checkBudgets(results, budgets = BUDGETS) {
  const checks = budgets.map((budget) => {
    const raw = valueAt(results, budget.path);
    const per = budget.per === undefined ? 1 : valueAt(results, budget.per);
    const ratio = typeof raw === 'number' && typeof per === 'number' && per > 0 ? raw / per : undefined;
    const value = ratio !== undefined && Number.isFinite(ratio) ? ratio : undefined;
    let status = 'missing';
    if (value !== undefined) {
      const within = budget.comparator === '<=' ? value <= budget.limit : budget.comparator === '<' ? value < budget.limit : value >= budget.limit;
      status = within ? 'pass' : 'fail';
    }
    return { ...budget, value, status };
  });
  return { ok: checks.length > 0 && checks.every((check) => check.status === 'pass'), checks };
}

/** A number with its unit, as the reports write it. */
export function formatValue(value, unit) {
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (unit === 'ms') return `${value.toFixed(1)} ms`;
  if (unit === 'B') return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(1)} MB` : `${(value / 1024).toFixed(1)} KB`;
  return `${value} ${unit}`;
}

/** How a comparator is written. */
export const SIGNS = { '<=': '≤', '<': '<', '>=': '≥' };

/** One line per check: `PASS agent.receive / floor …: 1.32× (budget ≤ 1.50×)`. */
export function formatCheck(check) {
  const budget = `budget ${SIGNS[check.comparator]} ${formatValue(check.limit, check.unit)}`;
  const verdict = check.status === 'pass' ? 'PASS' : check.status === 'fail' ? 'FAIL' : 'MISSING';
  const value = check.value === undefined ? 'not measured' : formatValue(check.value, check.unit);
  return `${verdict.padEnd(7)} ${check.label}: ${value} (${budget})`;
}
