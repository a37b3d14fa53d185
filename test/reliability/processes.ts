// The load of test/reliability/load.test.ts on several real agent processes (test/reliability/agent-process.ts,
// each its own node process and Redis connection) sharing one redis-server: what the platform sent, what every
// process received and handled, merged on the machine's monotonic clock, and the checks of load-plan.ts.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProcessMessage } from './agent-process.js';
import { type Findings, findings, type Handled, type Plan, sendPlan, type SentRecord } from './load-plan.js';
import { adapterOptions, type Arrival, Client } from './support.js';

const CHILD = fileURLToPath(new URL('./agent-process.ts', import.meta.url));

/** One run on `processes` agent processes. */
export interface ProcessesRun {
  found: Findings;
  sent: SentRecord[];
  handled: Handled[];
  wrongOwner: number;
}

/**
 * Sends `plan` (planned for `processes` instances) to that many agent processes; `redisUrl` undefined: a MemoryStore
 * each (one process). `built`: the processes run the built package (dist/) rather than the sources.
 */
export async function runOnProcesses(plan: Plan, processes: number, redisUrl: string | undefined, senders: number, built = false): Promise<ProcessesRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, AGENT_OPTIONS: JSON.stringify(adapterOptions()), AGENT_BUILT: built ? '1' : '0' };
  if (redisUrl !== undefined) env.REDIS_URL = redisUrl;
  else delete env.REDIS_URL;
  const children = Array.from({ length: processes }, () =>
    fork(CHILD, [], { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const client = new Client(senders);
  try {
    const ports = await Promise.all(children.map((child) => next(child, 'listening').then((m) => m.port)));
    const { sent, wallMs } = await sendPlan(plan, client, ports, senders);
    const reports = await Promise.all(
      children.map((child) => {
        const report = next(child, 'report');
        child.send('report');
        return report;
      }),
    );
    const arrivals = reports
      .flatMap((report, instance) => report.arrivals.map(([at, messageId]) => ({ at, instance, messageId })))
      .sort((a, b) => a.at - b.at)
      .map(({ instance, messageId }, order): Arrival => ({ order, instance, messageId }));
    const handled = reports
      .flatMap((report, instance) => report.handled.map(([at, messageId, conversationId]) => ({ at, handled: { messageId, conversationId, instance } })))
      .sort((a, b) => a.at - b.at)
      .map((h) => h.handled);
    const wrongOwner = reports.reduce((n, report) => n + report.wrongOwner, 0);
    return { found: findings(plan, sent, arrivals, handled, wallMs), sent, handled, wrongOwner };
  } finally {
    client.close();
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

type Of<K extends ProcessMessage['kind']> = Extract<ProcessMessage, { kind: K }>;

/** The next message of `kind` from a child; rejects if it exits first. */
function next<K extends ProcessMessage['kind']>(child: ChildProcess, kind: K): Promise<Of<K>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ProcessMessage): void => {
      if (message.kind !== kind) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Of<K>);
    };
    const onExit = (code: number | null): void => reject(new Error(`an agent process exited with ${code} before sending ${kind}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
