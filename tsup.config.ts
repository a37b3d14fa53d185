import { defineConfig, type Options } from 'tsup';

/** One entry per public subpath; adding a platform adds one line here and one in package.json exports. */
const entry = {
  index: 'src/index.ts',
  'adapters/chatwoot/index': 'src/adapters/chatwoot/index.ts',
  'adapters/messenger/index': 'src/adapters/messenger/index.ts',
  'adapters/qualtrics/index': 'src/adapters/qualtrics/index.ts',
  'adapters/hootsuite/index': 'src/adapters/hootsuite/index.ts',
  'testing/index': 'src/testing/index.ts',
  'store/redis': 'src/store/redis.ts',
  'http/express': 'src/http/express.ts',
  'http/node': 'src/http/node.ts',
  'http/lambda': 'src/http/lambda.ts',
  'otel/index': 'src/otel/index.ts',
};

const shared: Options = {
  entry,
  dts: true,
  // Shared chunks keep one HandoffkitError per format, so instanceof works across subpath imports.
  splitting: true,
  treeshake: true,
  sourcemap: false,
  target: 'node20',
  platform: 'node',
};

export default defineConfig([
  { ...shared, format: ['esm'], clean: true },
  // ky is ESM-only: the CJS build carries its own copy so require() works on every Node 20 release.
  { ...shared, format: ['cjs'], noExternal: ['ky'] },
]);
