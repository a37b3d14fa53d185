import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageFields, packageMismatches, publicEntries, tsupEntries } from '../../scripts/package-entries.mjs';
import { packedFiles, ROOT } from './packed.js';

// The package as npm would publish it: package.json agrees with the entry list that tsup builds from, and the
// tarball holds the license, the changelog, every file the exports name, and source maps with their sources.

const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as Record<string, unknown> & { exports: Record<string, unknown> };

/** Every file path named in an exports value. */
function exportedFiles(value: unknown): string[] {
  if (typeof value === 'string') return [value.replace(/^\.\//, '')];
  return Object.values(value as Record<string, unknown>).flatMap(exportedFiles);
}

describe('package.json entries', () => {
  it('exports, typesVersions, main, module and types match the entry list (scripts/package-entries.mjs)', () => {
    expect(packageMismatches(pkg)).toEqual([]);
  });

  it('every platform folder under src/adapters/ is a subpath with its own tsup entry', () => {
    const subpaths = publicEntries().map((entry) => entry.subpath);
    expect(subpaths).toEqual(expect.arrayContaining(['.', './chatwoot', './messenger', './qualtrics', './hootsuite', './redis', './testing']));
    for (const { name, source } of publicEntries()) {
      expect(existsSync(`${ROOT}${source}`), source).toBe(true);
      expect(tsupEntries()[name]).toBe(source);
    }
    expect(Object.keys(pkg.exports).sort()).toEqual([...subpaths, './package.json'].sort());
  });

  it('a subpath missing from package.json is reported', () => {
    const withNewPlatform = [...publicEntries(), { subpath: './newchat', source: 'src/adapters/newchat/index.ts', name: 'adapters/newchat/index' }];
    expect(packageMismatches(pkg, withNewPlatform)).toEqual([
      'package.json "exports" differs from the entries: run node scripts/package-entries.mjs',
      'package.json "typesVersions" differs from the entries: run node scripts/package-entries.mjs',
    ]);
    const fields = packageFields(withNewPlatform);
    expect(fields.typesVersions['*'].newchat).toEqual(['./dist/adapters/newchat/index.d.cts']);
  });
});

describe('the packed tarball', () => {
  const files = packedFiles();

  it('holds the license, the changelog and the readme', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json']));
    expect(readFileSync(`${ROOT}LICENSE`, 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} handoffkit contributors\n/);
    expect(pkg.license).toBe('MIT');
  });

  it('holds every file the exports and typesVersions name, and nothing from src/', () => {
    const typesVersions = Object.values((pkg.typesVersions as { '*': Record<string, string[]> })['*']).flat();
    for (const file of [...exportedFiles(pkg.exports), ...exportedFiles(typesVersions)]) expect(files, file).toContain(file);
    expect(files.filter((file) => file.startsWith('src/'))).toEqual([]);
  });

  it('ships a source map beside every script, with the sources inline', () => {
    const scripts = files.filter((file) => /\.(c?js)$/.test(file));
    expect(scripts.length).toBeGreaterThan(20);
    for (const script of scripts) {
      expect(files, script).toContain(`${script}.map`);
      const text = readFileSync(`${ROOT}${script}`, 'utf8');
      expect(text.trimEnd().endsWith(`//# sourceMappingURL=${script.split('/').pop() as string}.map`), script).toBe(true);
      const map = JSON.parse(readFileSync(`${ROOT}${script}.map`, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      // An entry whose code moved into a shared chunk (another entry imports it) only re-exports: its map has no sources.
      expect(map.sourcesContent?.length ?? 0, script).toBe(map.sources.length);
      expect(
        (map.sourcesContent ?? []).every((source) => typeof source === 'string' && source.length > 0),
        script,
      ).toBe(true);
    }
  });
});
