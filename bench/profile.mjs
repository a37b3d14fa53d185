// Profiles agent.receive with V8's CPU profiler (node --cpu-prof) and prints the functions with the most self time.
//
//   npm run bench:profile                      # agent.receive, Chatwoot message_created, 100,000 deliveries
//   node bench/profile.mjs messenger 20000     # agent.receive, the 10-item Messenger batch
//   node bench/profile.mjs http 6              # the toNodeHandler server under autocannon for 6 s
//   node bench/profile.mjs http-bare 6         # the bare node:http floor server, for comparison
//
// The .cpuprofile is kept in <tmpdir>/handoffkit-profiles/ (open it in Chrome DevTools → Performance, or speedscope).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { nodeCommand, pinning, runJsonChild } from './lib/stats.mjs';

const [kind = 'chatwoot', count = kind === 'chatwoot' ? '100000' : kind.startsWith('http') ? '6' : '20000'] = process.argv.slice(2);

if (process.env.HANDOFFKIT_PROFILE_CHILD === '1') {
  // The profiled process: deliveries are signed in batches before each timed batch, so signing shows up apart.
  const { chatwootAgent, messengerAgent } = await import('./lib/agents.mjs');
  const { chatwootDelivery, messengerDelivery } = await import('./lib/payloads.mjs');
  const agent = kind === 'chatwoot' ? chatwootAgent() : messengerAgent();
  const make = kind === 'chatwoot' ? chatwootDelivery : messengerDelivery;
  const total = Number(count);
  for (let done = 0; done < total; done += 5_000) {
    const batch = Array.from({ length: Math.min(5_000, total - done) }, (_, i) => make(done + i));
    for (const delivery of batch) await agent.receive(delivery);
  }
  process.exit(0);
}

const dir = join(tmpdir(), 'handoffkit-profiles');
mkdirSync(dir, { recursive: true });
const started = Date.now();
const PROFILE_FLAGS = ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir];
if (kind === 'http' || kind === 'http-bare') {
  // The server is profiled (on one core) while autocannon loads it from another; it writes the profile as it exits.
  const pin = pinning();
  const server = nodeCommand(pin, 1, [
    ...PROFILE_FLAGS,
    fileURLToPath(new URL('children/server.mjs', import.meta.url)),
    kind === 'http' ? 'handoffkit' : 'bare',
  ]);
  const child = spawn(server.command, server.args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (line) => resolve(JSON.parse(line).port));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  try {
    const target = `${kind === 'http' ? 'handoffkit' : 'bare'}=${port}:chatwoot`;
    const load = await runJsonChild(pin, 0, [
      fileURLToPath(new URL('children/load.mjs', import.meta.url)),
      '--target',
      target,
      '--rounds',
      '1',
      '--seconds',
      count,
      '--warmup',
      '1',
    ]);
    const slot = load.slots[0];
    process.stdout.write(`${Math.round(slot.rps)} req/s, p99 ${slot.p99Ms} ms, ${slot.cpuUsPerRequest.toFixed(0)} µs CPU/req\n`);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
} else {
  const child = spawnSync(process.execPath, [...PROFILE_FLAGS, fileURLToPath(import.meta.url), kind, count], {
    stdio: 'inherit',
    env: { ...process.env, HANDOFFKIT_PROFILE_CHILD: '1' },
  });
  if (child.status !== 0) throw new Error(`the profiled run failed (${child.status})`);
}
const file = readdirSync(dir)
  .filter((name) => name.endsWith('.cpuprofile'))
  .map((name) => join(dir, name))
  .filter((path) => statSync(path).mtimeMs >= started)
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
if (file === undefined) throw new Error('no .cpuprofile written');

// Self time per function: each sample is charged to the node on top of the stack. Samples taken while the harness
// signs deliveries (bench/lib/payloads.mjs on the stack) are left out. "Own" time charges node internals and
// builtins (crypto, JSON.parse) to the nearest package function up the stack; "total" is inclusive time.
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const keyOf = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^file:\/\/.*?\/(dist|node_modules|bench)\//, '$1/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}\t${where}`;
};
const isPackage = (node) => /\/(dist|node_modules)\//.test(node.callFrame.url);
const self = new Map();
const own = new Map();
const inclusive = new Map();
const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
let total = 0;
let harness = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const us = profile.timeDeltas[i] ?? 0;
  const stack = [];
  for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) stack.push(byId.get(id));
  if (stack.some((node) => node.callFrame.url.includes('/bench/lib/payloads.mjs'))) {
    harness += us;
    continue;
  }
  total += us;
  add(self, keyOf(stack[0]), us);
  add(own, keyOf(stack.find(isPackage) ?? stack[0]), us);
  for (const key of new Set(stack.filter(isPackage).map(keyOf))) add(inclusive, key, us);
}
const print = (title, map, limit) => {
  process.stdout.write(`\n${title}\n    %       ms  function  (file:line)\n`);
  for (const [key, us] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    const [name, where] = key.split('\t');
    process.stdout.write(`  ${((us / total) * 100).toFixed(1).padStart(5)}  ${(us / 1000).toFixed(0).padStart(7)}  ${name}  ${where}\n`);
  }
};
process.stdout.write(
  `\n${kind}, ${Number(count).toLocaleString('en')} ${kind.startsWith('http') ? 'seconds' : 'deliveries'}: ${file}\n${(total / 1000).toFixed(0)} ms profiled (${(harness / 1000).toFixed(0)} ms of signing deliveries left out)\n`,
);
print('Self time (top of stack)', self, 25);
print('Own time (node internals and builtins charged to the calling package function)', own, 25);
print('Total time (inclusive), package functions', inclusive, 30);
