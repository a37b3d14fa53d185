import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicEntries } from '../../scripts/package-entries.mjs';
import { packedFiles, ROOT } from './packed.js';

// The README is a front page; the rest of the documentation is docs/**/*.md, shipped in the tarball. Every link
// between these pages resolves (file and heading) inside the tarball; every link into the repository names a
// file or folder that exists; every page is reachable from the README, and every platform has its page.

const REPOSITORY = 'https://github.com/handoffkit/handoffkit/';

/** The Markdown pages: README.md and docs/**\/*.md, without the generated API reference. */
function pages(): string[] {
  const found: string[] = ['README.md'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory() && path !== 'docs/api') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(path);
    }
  };
  walk('docs');
  return found;
}

/** The page's text without fenced code blocks and inline code, where brackets are not links. */
function prose(page: string): string {
  return readFileSync(join(ROOT, page), 'utf8')
    .replace(/^```[\s\S]*?^```/gm, '')
    .replace(/`[^`\n]*`/g, '');
}

/** Every Markdown link target of a page, as written. */
function links(page: string): string[] {
  return [...prose(page).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string);
}

/** GitHub's anchors for a page's headings (lowercased, punctuation dropped, spaces to hyphens, repeats numbered). */
function anchors(page: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  const text = readFileSync(join(ROOT, page), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = (heading as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

describe('the documentation pages', () => {
  const all = pages();
  const packed = new Set(packedFiles());

  it('are all in the tarball, and nothing of the generated API reference is', () => {
    expect(all.length).toBeGreaterThan(10);
    for (const page of all) expect(packed, page).toContain(page);
    expect([...packed].filter((file) => file.startsWith('docs/api/'))).toEqual([]);
  });

  it('link each other by relative paths that resolve to a packed page and an existing heading', () => {
    let checked = 0;
    for (const page of all) {
      for (const link of links(page)) {
        if (/^[a-z]+:/.test(link)) continue;
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? page : normalize(join(dirname(page), path)).replaceAll('\\', '/');
        expect(packed, `${page} → ${link}: the tarball has no ${target}`).toContain(target);
        if (anchor !== undefined) expect(anchors(target), `${page} → ${link}`).toContain(anchor);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('link files outside the tarball through the repository, naming files and folders that exist', () => {
    let checked = 0;
    for (const page of all) {
      for (const link of links(page).filter((target) => target.startsWith(REPOSITORY))) {
        const match = /^https:\/\/github\.com\/handoffkit\/handoffkit\/(?:blob|tree)\/main\/([^#]+)/.exec(link);
        if (match === null) continue;
        const path = match[1] as string;
        expect(existsSync(join(ROOT, path)), `${page} → ${link}`).toBe(true);
        if (link.includes('/tree/')) expect(statSync(join(ROOT, path)).isDirectory(), `${page} → ${link}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('are all reachable from the README', () => {
    const linked = new Set(links('README.md').map((link) => link.split('#')[0]));
    for (const page of all.filter((path) => path !== 'README.md')) expect(linked, page).toContain(page);
  });

  it('give every platform a page, linked from the README', () => {
    const platforms = publicEntries()
      .map((entry) => /^src\/adapters\/([^/]+)\/index\.ts$/.exec(entry.source)?.[1])
      .filter((name): name is string => name !== undefined);
    expect(platforms).toEqual(expect.arrayContaining(['chatwoot', 'messenger', 'qualtrics', 'hootsuite']));
    const readme = links('README.md');
    for (const platform of platforms) {
      expect(existsSync(join(ROOT, `docs/platforms/${platform}.md`)), platform).toBe(true);
      expect(readme, platform).toContain(`docs/platforms/${platform}.md`);
    }
  });

  it('keep the quick start verbatim and the example at 15 lines', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/^npm ci && npm run demo {3}# /m);
    expect(readme).toMatch(/^npm test {17}# /m);
    const example = /## Example\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const code = example.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('//'));
    expect(code.length).toBeLessThanOrEqual(15);
  });
});
