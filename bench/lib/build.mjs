// The package the benchmarks measure is the built one (dist/, through its own exports): building before measuring.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { progress } from './stats.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest modification time under a directory (files only). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Runs `npm run build`; with `onlyWhenStale`, only when dist/ is older than src/ or the build's configuration. */
export function ensureBuilt({ onlyWhenStale }) {
  let stale = true;
  try {
    stale = statSync(join(ROOT, 'dist/index.js')).mtimeMs < Math.max(newest(join(ROOT, 'src')), statSync(join(ROOT, 'tsup.config.ts')).mtimeMs);
  } catch {
    stale = true;
  }
  if (onlyWhenStale && !stale) return;
  progress(onlyWhenStale ? 'dist/ is older than src/: building' : 'building the package (npm run build)');
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('npm run build failed');
}
