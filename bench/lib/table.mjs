// The one table `npm run bench` prints (Markdown, so that it can go into docs/performance.md as is).
import { formatValue, SIGNS } from './budgets.mjs';

const int = (n) => Math.round(n).toLocaleString('en');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value) => `${value.toFixed(1)} ms`;
const us = (value) => `${value.toFixed(1)} µs`;
const times = (value) => `${value.toFixed(2)}×`;

/** The budget cell of a measurement: the limit and the verdict. */
function budgetCell(report, id) {
  const check = report.checks.find((c) => c.id === id);
  if (check === undefined) return '';
  const limit = `${SIGNS[check.comparator]} ${formatValue(check.limit, check.unit)}`;
  const value = check.per === undefined || check.value === undefined ? '' : `${formatValue(check.value, check.unit)} `;
  return `${value}${limit} ${check.status === 'pass' ? 'pass' : check.status === 'fail' ? '**FAIL**' : 'not measured'}`;
}

const NOTES = [
  'In-process: every delivery is new (own ids, signed ahead of the timing), a new agent each round; the cases take turns in blocks of 20 deliveries (5 Messenger batches); blocks during which the kernel gave the core to another process are left out. "vs baseline": the median over the rounds of each round\'s ratio to the floor.',
  "HTTP: one autocannon process on one core, the servers on the other; the servers take turns in short slots; \"vs baseline\": the median of each slot's ratio to the bare server's slot of the same round. CPU/req: the server's CPU time per request.",
];

/** Renders the results as one Markdown table, with a header line naming the machine. */
export function renderTable(results, report) {
  const { machine, date } = results.meta;
  const rows = [];
  const row = (group, what, result, ratio = '', budget = '') => rows.push([group, what, result, ratio, budget]);

  const inProcess = results.inProcess;
  if (inProcess !== undefined) {
    for (const [key, title] of [
      ['chatwoot', 'Chatwoot message_created'],
      ['messenger', 'Messenger 10-item batch'],
    ]) {
      const suite = inProcess[key];
      if (suite === undefined) continue;
      const group = `in-process, ${title}, ${int(suite.bytes)} B (µs per delivery, median of ${suite.rounds} rounds)`;
      let first = true;
      for (const [id, kase] of Object.entries(suite.cases)) {
        row(first ? group : '', kase.label, us(kase.medianUs), times(kase.ratio), id === 'handoffkit' ? budgetCell(report, `inprocess.${key}`) : '');
        first = false;
      }
      const further = suite.furtherEvent;
      if (further !== undefined) row('', further.label, us(further.medianUs), times(further.ratio), budgetCell(report, 'inprocess.further'));
      const transcript = suite.transcript;
      if (transcript !== undefined) row('', transcript.label, us(transcript.medianUs), times(transcript.ratio), budgetCell(report, 'inprocess.transcript'));
    }
  }

  const http = results.http;
  if (http !== undefined) {
    const group = `HTTP on 127.0.0.1, autocannon, ${http.connections} connections (median of ${http.rounds} slots of ${http.seconds} s)`;
    let first = true;
    for (const [id, server] of Object.entries(http.servers)) {
      const ratio = id === 'bare' ? '1.00×' : `${times(server.rpsRatio)} req/s, p99 ${times(server.p99Ratio)}`;
      const result = `${int(server.rps)} req/s, p99 ${server.p99Ms} ms, ${int(server.cpuUsPerRequest)} µs CPU/req`;
      row(first ? group : '', server.label, result, ratio, id === 'handoffkit' ? budgetCell(report, 'http.rps') : '');
      first = false;
    }
  }

  const cold = results.coldStart;
  if (cold !== undefined) {
    const group = `cold start: import in a fresh process (median of ${cold.runs})`;
    let first = true;
    const add = (...cells) => {
      row(first ? group : '', ...cells);
      first = false;
    };
    for (const entry of Object.values(cold.unbundled)) add(entry.label, ms(entry.medianMs));
    for (const [adapter, entry] of Object.entries(cold.bundled)) add(entry.label, ms(entry.medianMs), '', budgetCell(report, `cold.bundled.${adapter}`));
    for (const entry of Object.values(cold.peers)) {
      add(`${entry.label} (peer)`, `${ms(entry.unbundled.medianMs)}${entry.bundled ? `, bundled ${ms(entry.bundled.medianMs)}` : ''}`);
    }
  }

  const bundle = results.bundle;
  if (bundle !== undefined) {
    const group = 'bundle: minimal bot, esbuild --minify --platform=node, all dependencies';
    let first = true;
    const add = (...cells) => {
      row(first ? group : '', ...cells);
      first = false;
    };
    for (const [adapter, entry] of Object.entries(bundle.handoffkit)) {
      add(`handoffkit + ${adapter} + node transport`, `${kb(entry.bytes)}, ${kb(entry.gzipBytes)} gzip`, '', budgetCell(report, `bundle.${adapter}`));
    }
    for (const entry of Object.values(bundle.peers)) add(`${entry.label} (peer)`, `${kb(entry.bytes)}, ${kb(entry.gzipBytes)} gzip`);
  }

  const memory = results.memory;
  if (memory !== undefined) {
    const group = 'memory: heap used after a full GC, one Chatwoot agent, MemoryStore';
    const early = memory.snapshots[memory.early];
    const late = memory.snapshots[memory.total];
    const mid = memory.snapshots[memory.total / 2];
    row(group, `after ${int(memory.early)} deliveries`, `${mb(early.heapUsedBytes)} (${int(early.storeEntries)} store entries)`);
    if (mid !== undefined) {
      row(
        '',
        `after ${int(memory.total / 2)} deliveries`,
        `${mb(mid.heapUsedBytes)} (${int(mid.storeEntries)} store entries)`,
        times(mid.heapUsedBytes / early.heapUsedBytes),
      );
    }
    row(
      '',
      `after ${int(memory.total)} deliveries`,
      `${mb(late.heapUsedBytes)} (${int(late.storeEntries)} store entries)`,
      times(late.heapUsedBytes / early.heapUsedBytes),
      budgetCell(report, 'memory.heap'),
    );
    if (memory.perDelivery !== undefined) {
      row(
        '',
        `agent.receive per delivery: deliveries ${int(memory.early)}–${int(2 * memory.early)} vs the last ${int(memory.early)}`,
        `${us(memory.perDelivery.firstUs)} → ${us(memory.perDelivery.lastUs)}`,
        times(memory.perDelivery.lastUs / memory.perDelivery.firstUs),
      );
    }
  }

  const load = results.load;
  if (load !== undefined) {
    const group = 'load over HTTP: agent processes, 10% repeats, 5% reordered (deliveries/s, p99)';
    let first = true;
    for (const [id, setup] of Object.entries(load.setups)) {
      const what = `${setup.processes} process${setup.processes > 1 ? 'es' : ''} on ${setup.store === 'redis' ? 'one shared Redis' : 'a MemoryStore'}, ${int(setup.deliveries)} deliveries`;
      const checks = `${setup.notExactlyOnce === 0 ? 'exactly once' : `${setup.notExactlyOnce} not exactly once`}, ${setup.misorderedConversations === 0 ? 'in order' : `${setup.misorderedConversations} conversations out of order`}, statuses ${JSON.stringify(setup.statuses)}`;
      const base = load.setups.memory1;
      row(
        first ? group : '',
        what,
        `${int(setup.deliveriesPerSecond)}/s, p99 ${ms(setup.p99Ms)}; ${checks}`,
        base === undefined ? '' : times(setup.deliveriesPerSecond / base.deliveriesPerSecond),
        id === 'redis2' ? budgetCell(report, 'load.redis2') : '',
      );
      first = false;
    }
  }

  const header = `handoffkit benchmarks, ${date.slice(0, 10)}: ${machine.cpu}, ${machine.cores} cores, ${machine.platform}, Node ${machine.node}${
    machine.pinned ? ', server and load generator pinned to different cores (taskset)' : ', not pinned'
  }, ${results.meta.mode} run, load average ${results.meta.loadAverageBefore ?? '?'} at the start`;
  const lines = [
    header,
    '',
    '| group | measurement | result | vs baseline | budget |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
  for (const note of NOTES) if ((note.startsWith('In-process') ? inProcess : http) !== undefined) lines.push('', note);
  return lines.join('\n');
}
