// The HTTP benchmark: the servers on one core, one autocannon process on another giving each server short slots
// in a rotating order; requests/s and p99 of each server as ratios to the bare node:http server's slot of the same
// round, and each server's CPU time per request.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { median, nodeCommand, progress, round, runJsonChild } from './stats.mjs';

const SERVER = fileURLToPath(new URL('../children/server.mjs', import.meta.url));
const LOAD = fileURLToPath(new URL('../children/load.mjs', import.meta.url));

export const SERVERS = {
  bare: { label: 'bare node:http server doing the floor', kind: 'chatwoot' },
  // The transport alone: toNodeHandler reading the body and writing the answer of an agent that answers at once.
  transport: { label: 'node:http + toNodeHandler(an agent answering at once)', kind: 'chatwoot' },
  handoffkit: { label: 'node:http + toNodeHandler(agent)', kind: 'chatwoot' },
  octokit: { label: '@octokit/webhooks createNodeMiddleware', kind: 'github' },
};

const SERVER_CORE = 1;
const LOAD_CORE = 0;

/** Starts a server child; resolves once it listens, with its port and a `stop()` that resolves its final stats. */
async function startServer(pin, mode) {
  const { command, args } = nodeCommand(pin, SERVER_CORE, [SERVER, mode]);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`server ${mode} exited with ${child.exitCode}`);
    return JSON.parse(value);
  };
  const { port } = await next();
  return {
    mode,
    port,
    stop() {
      const stats = next();
      child.kill('SIGTERM');
      return stats;
    },
  };
}

/**
 * Runs the HTTP benchmark. `modes` lists the servers (bare first); one load generator gives each `warmup` seconds,
 * then `rounds` slots of `seconds` each, the servers in a rotating order.
 */
export async function httpBench(pin, { modes, rounds, seconds, warmup, connections = 10 }) {
  progress(
    `http: ${modes.join(', ')}; ${rounds} rounds of ${seconds} s each, ${connections} connections, ${pin.available ? `servers on core ${SERVER_CORE}, load generator on core ${LOAD_CORE}` : 'not pinned'}`,
  );
  const servers = [];
  try {
    for (const mode of modes) servers.push(await startServer(pin, mode));
    const args = [LOAD, '--rounds', String(rounds), '--seconds', String(seconds), '--warmup', String(warmup), '--connections', String(connections)];
    for (const server of servers) args.push('--target', `${server.mode}=${server.port}:${SERVERS[server.mode].kind}`);
    const { slots, okTotal } = await runJsonChild(pin, LOAD_CORE, args, { verbose: true });
    const final = {};
    for (const server of servers.splice(0)) final[server.mode] = await server.stop();
    const out = { seconds, rounds, warmupSeconds: warmup, connections, servers: {} };
    const bare = slots.filter((slot) => slot.name === 'bare');
    for (const mode of modes) {
      // Every 2xx answer must have reached the handler (a few more may have been in flight when a slot ended).
      const handled = final[mode].handled;
      if (handled < okTotal[mode] || handled - okTotal[mode] > connections * (rounds + 1)) {
        throw new Error(`http ${mode}: ${handled} deliveries handled for ${okTotal[mode]} answered 2xx`);
      }
      const runs = slots.filter((slot) => slot.name === mode);
      out.servers[mode] = {
        label: SERVERS[mode].label,
        rps: Math.round(median(runs.map((run) => run.rps))),
        p50Ms: median(runs.map((run) => run.p50Ms)),
        p99Ms: median(runs.map((run) => run.p99Ms)),
        // Each slot against the bare server's slot of the same round.
        rpsRatio: round(median(runs.map((run, i) => run.rps / bare[i].rps)), 3),
        p99Ratio: round(median(runs.map((run, i) => run.p99Ms / Math.max(bare[i].p99Ms, 1))), 2),
        // Server CPU per request, and the bare server's over this one's: the req/s ratio of servers that each had
        // a core to themselves, which other processes on the machine hardly move.
        cpuUsPerRequest: round(median(runs.map((run) => run.cpuUsPerRequest)), 1),
        cpuRatio: round(median(runs.map((run, i) => bare[i].cpuUsPerRequest / run.cpuUsPerRequest)), 3),
        serverCpu: round(median(runs.map((run) => run.serverCpu)), 2),
        loadCpu: round(median(runs.map((run) => run.loadCpu)), 2),
        runs: runs.map((run) => ({ rps: Math.round(run.rps), p99Ms: run.p99Ms, cpuUsPerRequest: round(run.cpuUsPerRequest, 1) })),
      };
    }
    return out;
  } finally {
    for (const server of servers) await server.stop().catch(() => undefined);
  }
}
