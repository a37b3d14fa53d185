// The public entry points of the package, in one place. tsup.config.ts builds from this list, and
// `node scripts/package-entries.mjs` writes the matching `exports` and `typesVersions` of package.json
// (`--check` only compares and fails on a difference; the build test runs it).
//
// A platform is one folder under src/adapters/ with an index.ts: it becomes the subpath `handoffkit/<folder>`
// without any edit here. Folders that are not platforms (the shared adapter toolkit) are listed in NOT_PLATFORMS.
// Any other public subpath is one line of FIXED_ENTRIES.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);

/** Folders under src/adapters/ that hold shared code, not a platform. */
export const NOT_PLATFORMS = ['kit', 'meta'];

/** Public subpaths that are not platforms: subpath → source file (the dist name follows the source path). */
export const FIXED_ENTRIES = {
  '.': 'src/index.ts',
  './express': 'src/http/express.ts',
  './node': 'src/http/node.ts',
  './lambda': 'src/http/lambda.ts',
  './redis': 'src/store/redis.ts',
  './testing': 'src/testing/index.ts',
  './otel': 'src/otel/index.ts',
  './calls': 'src/calls/index.ts',
  './model': 'src/core/model/index.ts',
};

/**
 * Every public entry: `subpath` as in package.json exports, `source` (relative to the root) and `name`, the
 * path of the built file under dist/ without extension.
 * @returns {{ subpath: string, source: string, name: string }[]}
 */
export function publicEntries(root = ROOT) {
  const adaptersDir = new URL('src/adapters/', root);
  const platforms = readdirSync(adaptersDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !NOT_PLATFORMS.includes(d.name) && existsSync(new URL(`${d.name}/index.ts`, adaptersDir)))
    .map((d) => d.name)
    .sort();
  const [main, ...others] = Object.entries(FIXED_ENTRIES).map(([subpath, source]) => ({ subpath, source }));
  const adapters = platforms.map((platform) => ({ subpath: `./${platform}`, source: `src/adapters/${platform}/index.ts` }));
  return [main, ...adapters, ...others].map((e) => ({ ...e, name: e.source.replace(/^src\//, '').replace(/\.ts$/, '') }));
}

/** The tsup `entry` map: dist name → source file. */
export function tsupEntries(root = ROOT) {
  return Object.fromEntries(publicEntries(root).map((e) => [e.name, e.source]));
}

/** The `exports` and `typesVersions` fields package.json must hold for these entries. */
export function packageFields(entries = publicEntries()) {
  const exports = {};
  const typesVersions = {};
  for (const { subpath, name } of entries) {
    const file = `./dist/${name}`;
    exports[subpath] = {
      import: { types: `${file}.d.ts`, default: `${file}.js` },
      require: { types: `${file}.d.cts`, default: `${file}.cjs` },
    };
    // typesVersions is read only by resolutions that ignore exports (TypeScript's node10 / `moduleResolution:
    // node`); those load packages as CommonJS, so they get the CommonJS declarations.
    if (subpath !== '.') typesVersions[subpath.slice(2)] = [`${file}.d.cts`];
  }
  exports['./package.json'] = './package.json';
  return { exports, typesVersions: { '*': typesVersions } };
}

/** The differences between package.json and the fields the entries call for, one line each. */
export function packageMismatches(pkg, entries = publicEntries()) {
  const want = packageFields(entries);
  const problems = [];
  for (const field of ['exports', 'typesVersions']) {
    if (JSON.stringify(pkg[field]) !== JSON.stringify(want[field])) {
      problems.push(`package.json "${field}" differs from the entries: run node scripts/package-entries.mjs`);
    }
  }
  const root = want.exports['.'];
  if (pkg.main !== root.require.default) problems.push(`package.json "main" should be ${root.require.default}`);
  if (pkg.module !== root.import.default) problems.push(`package.json "module" should be ${root.import.default}`);
  if (pkg.types !== root.require.types) problems.push(`package.json "types" should be ${root.require.types}`);
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = new URL('package.json', ROOT);
  const pkg = JSON.parse(readFileSync(path, 'utf8'));
  if (process.argv.includes('--check')) {
    const problems = packageMismatches(pkg);
    for (const problem of problems) console.error(problem);
    process.exit(problems.length === 0 ? 0 : 1);
  }
  const { exports, typesVersions } = packageFields();
  const root = exports['.'];
  // Rebuilt in a fixed order so the file keeps its layout: the entry fields, then exports and typesVersions.
  const next = {};
  for (const [key, value] of Object.entries(pkg)) {
    if (key === 'typesVersions') continue;
    if (key === 'main') next.main = root.require.default;
    else if (key === 'module') next.module = root.import.default;
    else if (key === 'types') next.types = root.require.types;
    else if (key === 'exports') {
      next.exports = exports;
      next.typesVersions = typesVersions;
    } else next[key] = value;
  }
  writeFileSync(path, `${JSON.stringify(next, null, 2)}\n`);
  console.log(`package.json: ${Object.keys(exports).length - 1} entries`);
}
