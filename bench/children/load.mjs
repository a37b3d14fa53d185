// The load generator of the HTTP benchmark: autocannon against several servers in turn (short slots, a rotating
// order, so that whatever else the machine does weighs on every server alike). Every request is a new signed
// delivery (a repeated delivery would be dropped by dedupe). Progress goes to stderr; prints one JSON line.
//
//   node bench/children/load.mjs --target bare=40123:chatwoot --target handoffkit=40124:chatwoot \
//     --rounds 8 --seconds 2 --warmup 2 [--connections 10]
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { chatwootDelivery, githubDelivery } from '../lib/payloads.mjs';

const { values: opts } = parseArgs({
  options: {
    target: { type: 'string', multiple: true },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
  },
});

const KINDS = {
  chatwoot: {
    path: '/webhooks/chatwoot',
    make(n) {
      const { headers, body } = chatwootDelivery(n);
      // autocannon writes Host and Content-Length itself.
      const { 'content-length': _length, host: _host, ...rest } = headers;
      return { headers: rest, body };
    },
  },
  github: {
    path: '/api/github/webhooks',
    make(n) {
      const { id, name, payload, signature } = githubDelivery(n);
      return {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/5f0b3c1',
          'x-github-delivery': id,
          'x-github-event': name,
          'x-github-hook-id': '512345678',
          'x-hub-signature-256': signature,
        },
        body: payload,
      };
    },
  },
};

const targets = (opts.target ?? []).map((spec) => {
  const match = /^([\w-]+)=(\d+):(\w+)$/.exec(spec);
  if (match === null || KINDS[match[3]] === undefined) throw new Error(`--target name=port:kind, got ${spec}`);
  // Ids go on from one slot to the next, so that no server ever sees a delivery twice.
  return { name: match[1], port: Number(match[2]), kind: KINDS[match[3]], serial: 0, rate: 40_000 };
});
if (targets.length === 0) throw new Error('no --target');

const stats = async (target) => (await fetch(`http://127.0.0.1:${target.port}/__stats`)).json();

/** One slot: `seconds` of load on one target, with deliveries signed ahead (signing while sending would slow the load generator down). */
async function slot(target, seconds) {
  const prepared = Array.from({ length: Math.ceil(seconds * target.rate) }, () => target.kind.make(target.serial++));
  let taken = 0;
  const next = () => (taken < prepared.length ? prepared[taken++] : target.kind.make(target.serial++));
  const before = await stats(target);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections: Number(opts.connections),
    pipelining: 1,
    duration: seconds,
    requests: [{ method: 'POST', path: target.kind.path, setupRequest: (req) => ({ ...req, ...next() }) }],
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  const after = await stats(target);
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${target.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  // Sign ahead for a little more than this server's pace next time.
  target.rate = Math.min(40_000, Math.ceil(result.requests.average * 1.5) + 2_000);
  const serverCpuMs = after.cpuMs - before.cpuMs;
  return {
    name: target.name,
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    // The server's CPU time per request, and how busy its core and the load generator's were: a load generator
    // near 100 % sets the pace; a server well under 100 % waited (for the load generator, or for other processes).
    cpuUsPerRequest: (serverCpuMs * 1000) / Math.max(after.handled - before.handled, 1),
    serverCpu: serverCpuMs / wallMs,
    loadCpu: (used.user + used.system) / 1000 / wallMs,
  };
}

const rounds = Number(opts.rounds);
const seconds = Number(opts.seconds);
const okTotal = Object.fromEntries(targets.map((t) => [t.name, 0]));
for (const target of targets) okTotal[target.name] += (await slot(target, Number(opts.warmup))).ok;
const slots = [];
for (let r = 0; r < rounds; r++) {
  const line = [];
  for (let i = 0; i < targets.length; i++) {
    const result = await slot(targets[(r + i) % targets.length], seconds);
    okTotal[result.name] += result.ok;
    slots.push({ round: r, ...result });
    line.push(
      `${result.name} ${Math.round(result.rps)} req/s p99 ${result.p99Ms} ms ${result.cpuUsPerRequest.toFixed(0)} µs CPU/req (server ${Math.round(result.serverCpu * 100)} %, load ${Math.round(result.loadCpu * 100)} %)`,
    );
  }
  process.stderr.write(`  round ${r + 1}/${rounds}: ${line.join(', ')}\n`);
}
process.stdout.write(`${JSON.stringify({ slots, okTotal })}\n`);
