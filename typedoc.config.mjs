// The API reference: `npm run docs` writes it to docs/api/ (not committed). Every public subpath is one module,
// taken from the same entry list as the build; a warning (a type used by a public signature but exported by no
// entry, a broken {@link}, an exported declaration without a doc comment) fails the run.
import { existsSync } from 'node:fs';
import { publicEntries } from './scripts/package-entries.mjs';

// The in-house payload checker's types show through the Qualtrics payload types (`Infer<typeof mentionSchema>`)
// for as long as that checker exists; they are not part of the API.
const checkerTypes = existsSync(new URL('./src/core/schema.ts', import.meta.url)) ? ['Infer', 'mentionSchema', 'contactSchema'] : [];

/** @type {Partial<import('typedoc').TypeDocOptions>} */
const config = {
  name: 'handoffkit',
  entryPoints: publicEntries().map((entry) => entry.source),
  out: 'docs/api',
  tsconfig: 'tsconfig.docs.json',
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  intentionallyNotExported: checkerTypes,
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: true, unusedMergeModuleWith: true },
  // Every exported declaration has a doc comment (members and nested object types may go without).
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
  sort: ['source-order'],
  // Source links point into the repository whatever the clone's remote (CI clones have none on GitHub).
  disableGit: true,
  sourceLinkTemplate: 'https://github.com/handoffkit/handoffkit/blob/main/{path}#L{line}',
  plugin: ['./scripts/typedoc-subpaths.mjs'],
};

export default config;
