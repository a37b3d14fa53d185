// Small statistics and process helpers shared by the benchmarks.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';

/** The median of a list of numbers (the mean of the two middle values for an even count). */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Rounds to `digits` decimals (for results.json: no false precision). */
export function round(value, digits = 2) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The CPU pinning available here: `taskset` with two cores or more, else none. */
export function pinning() {
  const cores = availableParallelism();
  if (process.platform !== 'linux' || cores < 2) return { available: false, cores };
  const probe = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
  return { available: probe.status === 0, cores };
}

/** The command line of a Node child, pinned to `core` when pinning is available. */
export function nodeCommand(pin, core, args) {
  return pin.available && core !== undefined
    ? { command: 'taskset', args: ['-c', String(core), process.execPath, ...args] }
    : { command: process.execPath, args };
}

/**
 * Runs a Node child to completion and parses the JSON it prints as its last stdout line.
 * Its stderr (progress) is passed through when `verbose`.
 */
export function runJsonChild(pin, core, args, { verbose = false, env, cwd } = {}) {
  const { command, args: argv } = nodeCommand(pin, core, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', verbose ? 'inherit' : 'pipe'], env: env ?? process.env, cwd });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`${args.join(' ')} exited with ${code}${err ? `:\n${err.trim().slice(-2000)}` : ''}`));
        return;
      }
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${args.join(' ')} printed no JSON result:\n${out.slice(-2000)}${err.slice(-2000)}`));
      }
    });
  });
}

/** The machine, as the results describe it. */
export function machine(pin) {
  const list = cpus();
  return {
    cpu: list[0]?.model?.trim() ?? 'unknown',
    cores: pin.cores,
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    v8: process.versions.v8,
    pinned: pin.available,
  };
}

/** Writes one progress line to stderr (stdout carries the results). */
export function progress(message) {
  process.stderr.write(`${message}\n`);
}
