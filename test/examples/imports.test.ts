import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { publicEntries } from '../../scripts/package-entries.mjs';

// The examples are written as an application would write them: the package by its name, never its sources, and
// every platform of the package has one.

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const files = readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file, source: readFileSync(`${EXAMPLES}${file}`, 'utf8') }));

/** The module specifiers a source imports. */
function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => (m[1] ?? m[2]) as string);
}

describe('examples/', () => {
  it('import handoffkit by its package name, never from src/', () => {
    expect(files.length).toBeGreaterThan(5);
    for (const { file, source } of files) {
      const relative = importsOf(source).filter((specifier) => specifier.startsWith('.'));
      expect(
        relative.filter((specifier) => !specifier.startsWith('./')),
        file,
      ).toEqual([]);
      expect(source, file).not.toMatch(/\bsrc\//);
    }
  });

  it('show every platform subpath and the Redis store', () => {
    const used = new Set(files.flatMap(({ source }) => importsOf(source)));
    const platforms = publicEntries()
      .filter((entry) => entry.source.startsWith('src/adapters/'))
      .map((entry) => `handoffkit${entry.subpath.slice(1)}`);
    for (const specifier of [...platforms, 'handoffkit/redis']) expect(used, specifier).toContain(specifier);
  });
});
