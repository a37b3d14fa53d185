// Completes package-lock.json for `npm ci` on machines whose registry serves only their own platform's builds.
// npm then leaves other platforms' optional packages (@rollup/rollup-darwin-arm64, …) out of the lock, and
// `npm ci` calls the lock out of sync. This adds an entry for each, with the os/cpu/libc its name states, so
// the tree is complete and npm skips them on this platform. Run after every `npm install`: npm run lock:complete
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'netbsd', 'sunos', 'aix'];
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32'];
let added = 0;
for (const [key, meta] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const top = `node_modules/${dep}`;
    if (lock.packages[top] || lock.packages[`${key}/node_modules/${dep}`]) continue;
    const parts = dep.split('/').pop().split('-');
    const os = parts.find((p) => OS.includes(p));
    const cpu = parts.map((p) => CPU.find((c) => p === c)).find(Boolean);
    const entry = { version, ...(meta.dev ? { dev: true } : {}), optional: true };
    if (os) entry.os = [os];
    if (cpu) entry.cpu = [cpu];
    if (dep.includes('musl')) entry.libc = ['musl'];
    else if (dep.includes('gnu') && os === 'linux') entry.libc = ['glibc'];
    lock.packages[top] = entry;
    added += 1;
  }
}
const [root, ...rest] = Object.entries(lock.packages);
lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} entries`);
