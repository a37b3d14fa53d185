// Bundle size: each minimal bot of bench/bots/ bundled with esbuild (minified, platform node, ESM, every dependency
// inlined, node builtins left out), in bytes and gzip bytes (level 9). The bundles are kept in `outDir` for the
// cold-start measurement.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ADAPTERS } from './budgets.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BOTS = fileURLToPath(new URL('../bots/', import.meta.url));

/** The peers' minimal bots, for comparison. */
export const PEER_BOTS = {
  octokit: { label: '@octokit/webhooks + createNodeMiddleware' },
  stripe: { label: 'stripe + constructEvent in node:http' },
  // Bolt's CommonJS dependencies require() node builtins at run time, which an ES module bundle needs a require for.
  bolt: { label: '@slack/bolt App', requireShim: true },
  'zod-mini': { label: 'zod/mini alone (one schema)' },
};

const REQUIRE_SHIM = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

async function bundleOne(name, outDir, { requireShim = false } = {}) {
  const result = await build({
    ...(requireShim ? { banner: { js: REQUIRE_SHIM } } : {}),
    absWorkingDir: ROOT,
    entryPoints: [join(BOTS, `${name}.mjs`)],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  const file = join(outDir, `${name}.mjs`);
  writeFileSync(file, output.contents);
  // The largest inputs, by the bytes they contribute to the minified output.
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  const byPackage = {};
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = match ? match[1] : path.startsWith('dist/') ? `handoffkit/${path}` : path;
    byPackage[key] = (byPackage[key] ?? 0) + bytesInOutput;
  }
  const top = Object.entries(byPackage)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([input, bytes]) => ({ input, bytes }));
  return { file, bytes: output.contents.byteLength, gzipBytes: gzipSync(output.contents, { level: 9 }).byteLength, top };
}

/** Bundles the handoffkit bots (one per adapter) and, with `peers`, the peers' bots. */
export async function bundleBench(outDir, { peers }) {
  const handoffkit = {};
  for (const adapter of ADAPTERS) handoffkit[adapter] = await bundleOne(`handoffkit-${adapter}`, outDir);
  const others = {};
  if (peers) {
    // `peers`: true for every peer, or the names of some.
    const wanted = Object.entries(PEER_BOTS).filter(([name]) => peers === true || peers.includes(name));
    for (const [name, { label, requireShim }] of wanted) others[name] = { label, ...(await bundleOne(name, outDir, { requireShim })) };
  }
  return { handoffkit, peers: others };
}
