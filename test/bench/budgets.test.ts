import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ADAPTERS, BUDGETS, type Budget, checkBudgets, formatCheck } from '../../bench/lib/budgets.mjs';

// Crafted results in the shape of bench/results.json: every budgeted value, each within its budget.
function withinBudget() {
  const perAdapter = <T>(value: T) => Object.fromEntries(ADAPTERS.map((adapter) => [adapter, value]));
  return {
    inProcess: {
      chatwoot: { cases: { floor: { medianUs: 10.5, ratio: 1 }, handoffkit: { medianUs: 19.2, ratio: 1.83 } }, transcript: { medianUs: 0.9, ratio: 0.09 } },
      messenger: { cases: { floor: { medianUs: 12.1, ratio: 1 }, handoffkit: { medianUs: 40, ratio: 3.3 } }, furtherEvent: { medianUs: 3.5, ratio: 0.29 } },
    },
    http: { servers: { bare: { rps: 22_600, rpsRatio: 1 }, handoffkit: { rps: 18_000, rpsRatio: 0.8 } } },
    coldStart: {
      bundled: perAdapter({ medianMs: 40 }),
      unbundled: perAdapter({ medianMs: 80 }),
      peers: { octokit: { unbundled: { medianMs: 30 }, bundled: { medianMs: 30 } } },
    },
    bundle: { handoffkit: perAdapter({ bytes: 80_000, gzipBytes: 29_000 }) },
    memory: { snapshots: { '1000000': { heapUsedBytes: 45 * 1024 * 1024 } } },
    load: { redis2: { ratio: 0.75 } },
  };
}

const byId = (report: ReturnType<typeof checkBudgets>, id: string) => report.checks.find((check) => check.id === id);

describe('checkBudgets', () => {
  it('passes results within every budget', () => {
    const report = checkBudgets(withinBudget());
    expect(report.ok).toBe(true);
    expect(report.checks).toHaveLength(BUDGETS.length);
    expect(report.checks.every((check) => check.status === 'pass')).toBe(true);
  });

  it('fails when agent.receive is over 2.0× the floor', () => {
    const results = withinBudget();
    results.inProcess.chatwoot.cases.handoffkit.ratio = 2.12;
    const report = checkBudgets(results);
    expect(report.ok).toBe(false);
    expect(byId(report, 'inprocess.chatwoot')).toMatchObject({ status: 'fail', value: 2.12, limit: 2 });
    expect(report.checks.filter((check) => check.status !== 'pass').map((check) => check.id)).toEqual(['inprocess.chatwoot']);
    expect(formatCheck(byId(report, 'inprocess.chatwoot')!)).toBe('FAIL    agent.receive / floor, Chatwoot message_created 2 KB: 2.12× (budget ≤ 2.00×)');
  });

  it('passes a ratio exactly at the budget, and fails just over it', () => {
    const results = withinBudget();
    results.inProcess.messenger.furtherEvent.ratio = 0.35;
    expect(checkBudgets(results).ok).toBe(true);
    results.inProcess.messenger.furtherEvent.ratio = 0.351;
    expect(byId(checkBudgets(results), 'inprocess.further')?.status).toBe('fail');
  });

  it('checks the cold start as a ratio to the bundled @octokit/webhooks bot of the same run', () => {
    const results = withinBudget();
    results.coldStart.bundled.messenger = { medianMs: 46 };
    const report = checkBudgets(results);
    expect(byId(report, 'cold.bundled.messenger')).toMatchObject({ status: 'fail', value: 46 / 30 });
    expect(byId(report, 'cold.bundled.chatwoot')).toMatchObject({ status: 'pass', value: 40 / 30 });
    delete (results.coldStart.peers as { octokit?: unknown }).octokit;
    expect(byId(checkBudgets(results), 'cold.bundled.chatwoot')?.status).toBe('missing');
  });

  it('heap after 1,000,000 deliveries must be under 50 MB; the multi-process load at least 0.7×', () => {
    const results = withinBudget();
    results.memory.snapshots['1000000'].heapUsedBytes = 50 * 1024 * 1024;
    results.load.redis2.ratio = 0.45;
    const report = checkBudgets(results);
    expect(report.checks.filter((check) => check.status === 'fail').map((check) => check.id)).toEqual(['memory.heap', 'load.redis2']);
    expect(formatCheck(byId(report, 'memory.heap')!)).toBe('FAIL    heap after 1,000,000 deliveries (full GC), MemoryStore: 50.0 MB (budget < 50.0 MB)');
  });

  it('fails when the HTTP transport falls under 0.7× the bare server (a lower bound)', () => {
    const results = withinBudget();
    results.http.servers.handoffkit.rpsRatio = 0.69;
    const report = checkBudgets(results);
    expect(report.ok).toBe(false);
    expect(byId(report, 'http.rps')).toMatchObject({ status: 'fail', comparator: '>=' });
  });

  it('fails on a slow cold start and on a bundle over 30 KB gzip', () => {
    const results = withinBudget();
    results.coldStart.bundled.messenger = { medianMs: 45.1 };
    results.bundle.handoffkit.hootsuite = { bytes: 90_000, gzipBytes: 30 * 1024 + 1 };
    const report = checkBudgets(results);
    expect(report.checks.filter((check) => check.status === 'fail').map((check) => check.id)).toEqual(['cold.bundled.messenger', 'bundle.hootsuite']);
  });

  it('fails when a budgeted value is missing or not a finite number', () => {
    const missing = withinBudget() as { http?: unknown };
    delete missing.http;
    expect(byId(checkBudgets(missing), 'http.rps')?.status).toBe('missing');
    expect(checkBudgets(missing).ok).toBe(false);

    const nan = withinBudget();
    nan.inProcess.chatwoot.cases.handoffkit.ratio = Number.NaN;
    expect(byId(checkBudgets(nan), 'inprocess.chatwoot')?.status).toBe('missing');
    expect(checkBudgets(undefined).ok).toBe(false);
    expect(checkBudgets(null).checks.every((check) => check.status === 'missing')).toBe(true);
  });

  it('checks the budgets it is given', () => {
    const strict: Budget[] = [
      { id: 'strict', label: 'strict', path: ['inProcess', 'chatwoot', 'cases', 'handoffkit', 'ratio'], comparator: '<=', limit: 1.1, unit: '×' },
    ];
    expect(checkBudgets(withinBudget(), strict)).toMatchObject({ ok: false, checks: [{ id: 'strict', status: 'fail', value: 1.83 }] });
    expect(checkBudgets(withinBudget(), []).ok).toBe(false);
  });
});

describe('npm run bench:check on earlier results (--from)', () => {
  const run = promisify(execFile);
  const script = fileURLToPath(new URL('../../bench/run.mjs', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'handoffkit-budgets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const check = async (results: unknown) => {
    const file = join(dir, `results-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(results));
    try {
      const { stdout } = await run(process.execPath, [script, '--check', '--from', file]);
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, stdout: failed.stdout };
    }
  };

  it('exits 1 and names the budget when a ratio is over budget', async () => {
    const results = withinBudget();
    results.inProcess.chatwoot.cases.handoffkit.ratio = 2.8;
    const { code, stdout } = await check(results);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL    agent.receive / floor, Chatwoot message_created 2 KB: 2.80× (budget ≤ 2.00×)');
  });

  it('exits 0 when every budget is met', async () => {
    const { code, stdout } = await check(withinBudget());
    expect(code).toBe(0);
    expect(stdout).not.toContain('FAIL');
  });
});
