// Cold start: the time to import the given modules (specifiers or file URLs) in this fresh process, in ms, and
// whether the kernel took the thread off its core meanwhile (Linux; another process's turn is not import time).
//
//   node bench/children/import-probe.mjs handoffkit handoffkit/chatwoot
import { readFileSync } from 'node:fs';

const preemptions = () => {
  try {
    return /nonvoluntary_ctxt_switches:\s*(\d+)/.exec(readFileSync('/proc/thread-self/status', 'latin1'))?.[1] ?? '';
  } catch {
    return '';
  }
};
const before = preemptions();
const start = performance.now();
for (const specifier of process.argv.slice(2)) await import(specifier);
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ ms, preempted: preemptions() !== before })}\n`);
