import { defineConfig, type Options } from 'tsup';
import { tsupEntries } from './scripts/package-entries.mjs';

const shared: Options = {
  // One entry per public subpath: every src/adapters/<platform>/index.ts, plus the fixed list in
  // scripts/package-entries.mjs, which also writes the matching package.json exports.
  entry: tsupEntries(),
  dts: true,
  // Shared chunks keep one HandoffkitError per format, so instanceof works across subpath imports.
  splitting: true,
  treeshake: true,
  // Maps carry the sources inline (sourcesContent), so `node --enable-source-maps` shows readable frames
  // without src/ in the tarball. No declaration maps: the bundled .d.ts files have none to give, and they would
  // point into src/, which is not shipped.
  sourcemap: true,
  target: 'node20',
  platform: 'node',
};

export default defineConfig([
  { ...shared, format: ['esm'], clean: true },
  // ky is ESM-only: the CJS build carries its own copy so require() works on every Node 20 release.
  { ...shared, format: ['cjs'], noExternal: ['ky'] },
]);
