// The performance budgets and their checker: a pure function from a results object (bench/results.json's shape)
// to a verdict per budget. A budget whose measurement is missing fails: what is not measured is not within budget.

/** The adapters every per-adapter budget covers. */
export const ADAPTERS = ['chatwoot', 'messenger', 'qualtrics', 'hootsuite'];

/** The budgets. `path` leads to the measured value in the results; `comparator` says which side passes. */
export const BUDGETS = [
  {
    id: 'inprocess.chatwoot',
    label: 'agent.receive / floor, Chatwoot message_created 2 KB',
    path: ['inProcess', 'chatwoot', 'cases', 'handoffkit', 'ratio'],
    comparator: '<=',
    limit: 1.5,
    unit: '×',
  },
  {
    id: 'inprocess.messenger',
    label: 'agent.receive / floor, Messenger 10-item batch',
    path: ['inProcess', 'messenger', 'cases', 'handoffkit', 'ratio'],
    comparator: '<=',
    limit: 1.5,
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
    label: `import of a bundled minimal ${adapter} bot`,
    path: ['coldStart', 'bundled', adapter, 'medianMs'],
    comparator: '<=',
    limit: 15,
    unit: 'ms',
  })),
  ...ADAPTERS.map((adapter) => ({
    id: `cold.unbundled.${adapter}`,
    label: `import of handoffkit + handoffkit/${adapter}`,
    path: ['coldStart', 'unbundled', adapter, 'medianMs'],
    comparator: '<=',
    limit: 80,
    unit: 'ms',
  })),
  ...ADAPTERS.map((adapter) => ({
    id: `bundle.${adapter}`,
    label: `min+gzip of core + ${adapter} + node transport`,
    path: ['bundle', 'handoffkit', adapter, 'gzipBytes'],
    comparator: '<=',
    limit: 20 * 1024,
    unit: 'B',
  })),
];

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
    const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    let status = 'missing';
    if (value !== undefined) {
      const within = budget.comparator === '<=' ? value <= budget.limit : value >= budget.limit;
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
  if (unit === 'B') return `${(value / 1024).toFixed(1)} KB`;
  return `${value} ${unit}`;
}

/** One line per check: `PASS agent.receive / floor …: 1.32× (budget ≤ 1.50×)`. */
export function formatCheck(check) {
  const budget = `budget ${check.comparator === '<=' ? '≤' : '≥'} ${formatValue(check.limit, check.unit)}`;
  const verdict = check.status === 'pass' ? 'PASS' : check.status === 'fail' ? 'FAIL' : 'MISSING';
  const value = check.value === undefined ? 'not measured' : formatValue(check.value, check.unit);
  return `${verdict.padEnd(7)} ${check.label}: ${value} (${budget})`;
}
