import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The transports stay thin: no framework at runtime, no framework type in the published declarations.

const root = fileURLToPath(new URL('../../', import.meta.url));
const transports = ['express.ts', 'node.ts', 'lambda.ts', 'transport.ts', 'incoming.ts'];

function importsOf(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] as string);
}

describe('src/http transports', () => {
  it.each(transports)('%s imports only relative modules and node: builtins', (file) => {
    const source = readFileSync(`${root}src/http/${file}`, 'utf8');
    for (const specifier of importsOf(source)) expect(specifier).toMatch(/^(\.\.?\/|node:)/);
    expect(source).not.toMatch(/:\s*any\b|<any>|as any\b/);
  });

  const built = existsSync(`${root}dist/http/express.d.ts`);
  it.skipIf(!built)('published declarations name neither express nor aws-lambda', () => {
    const files = readdirSync(`${root}dist`, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts') || f.endsWith('.d.cts'));
    for (const file of files) {
      const text = readFileSync(`${root}dist/${file}`, 'utf8');
      expect(
        importsOf(text).filter((s) => /express|aws-lambda|@types/.test(s)),
        file,
      ).toEqual([]);
    }
  });
});
