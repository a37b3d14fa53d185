// The layering rule of src/, checked on the import graph (static and dynamic imports, type-only ones included):
// bottom → top is errors + crypto → store → core → adapters (with their kit) and http. A layer imports only
// from layers below it, and the core knows no platform by name.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NOT_PLATFORMS } from '../../scripts/package-entries.mjs';

// Folders under src/adapters/ that are shared by platforms (the kit, the Meta layer), not platforms.
const SHARED: readonly string[] = NOT_PLATFORMS;

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const FILES = sourceFiles(SRC).map((path) => relative(SRC, path));
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every relative import of a src/ file, as a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => relative(SRC, resolve(SRC, dirname(file), (m[1] as string).replace(/\.js$/, '.ts'))));
}

const GRAPH = new Map(FILES.map((file) => [file, importsOf(file)]));

/** The layer a src/ path belongs to. */
function layerOf(path: string): string {
  if (path === 'errors.ts') return 'errors';
  return path.includes('/') ? (path.split('/')[0] as string) : 'entry';
}

/** What each layer may import from (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  crypto: ['errors'],
  store: ['errors', 'crypto'],
  core: ['errors', 'crypto', 'store'],
  outbound: ['errors', 'crypto', 'core'],
  adapters: ['errors', 'crypto', 'store', 'core', 'outbound'],
  http: ['errors', 'crypto', 'store', 'core'],
  testing: ['errors', 'crypto', 'store', 'core', 'adapters', 'http'],
  otel: ['errors', 'core'],
  calls: ['errors', 'crypto', 'core', 'outbound', 'adapters'],
  entry: ['errors', 'crypto', 'store', 'core', 'http', 'outbound'],
};

function violations(rule: (from: string, to: string) => boolean): string[] {
  return [...GRAPH].flatMap(([from, targets]) => targets.filter((to) => !rule(from, to)).map((to) => `${from} → ${to}`));
}

describe('the layers of src/', () => {
  it('sees the whole source tree and its imports', () => {
    expect(FILES).toContain('core/agent.ts');
    expect(FILES).toContain('errors.ts');
    expect(GRAPH.get('core/agent.ts')?.length).toBeGreaterThan(3);
    for (const [from, targets] of GRAPH) for (const to of targets) expect(FILES, `${from} imports ${to}`).toContain(to);
  });

  it('has every layer known to the rule', () => {
    expect(FILES.map(layerOf).filter((layer) => !(layer in ALLOWED))).toEqual([]);
  });

  it('imports only downwards', () => {
    expect(violations((from, to) => layerOf(from) === layerOf(to) || (ALLOWED[layerOf(from)] ?? []).includes(layerOf(to)))).toEqual([]);
  });

  it('keeps core off http/ and adapters/, and store/ and crypto/ off core/ and http/', () => {
    const forbidden: Record<string, readonly string[]> = { core: ['http', 'adapters'], store: ['core', 'http'], crypto: ['core', 'http'] };
    expect(violations((from, to) => !(forbidden[layerOf(from)] ?? []).includes(layerOf(to)))).toEqual([]);
  });

  it('keeps adapters apart: a platform folder imports no other platform (only the kit and the layers below)', () => {
    const platformOf = (path: string): string | undefined => (path.startsWith('adapters/') ? path.split('/')[1] : undefined);
    expect(
      violations((from, to) => {
        const a = platformOf(from);
        const b = platformOf(to);
        return a === undefined || b === undefined || a === b || SHARED.includes(b);
      }),
    ).toEqual([]);
  });

  it('names no platform in the core (core/, store/, crypto/, errors.ts)', () => {
    const platforms = readdirSync(join(SRC, 'adapters'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !SHARED.includes(d.name))
      .map((d) => d.name);
    expect(platforms.length).toBeGreaterThanOrEqual(4);
    const named = FILES.filter((f) => ['core', 'store', 'crypto', 'errors'].includes(layerOf(f))).flatMap((file) => {
      const text = readFileSync(join(SRC, file), 'utf8').toLowerCase();
      return platforms.filter((p) => new RegExp(`\\b${p}\\b`).test(text)).map((p) => `${file} names ${p}`);
    });
    expect(named).toEqual([]);
  });

  it('keeps every src/ file at 300 lines or fewer', () => {
    const long = FILES.map((f) => [f, readFileSync(join(SRC, f), 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > 300);
    expect(long).toEqual([]);
  });
});
