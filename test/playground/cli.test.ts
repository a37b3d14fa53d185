// `handoffkit playground <file>` as a user runs it (the built package's bin): it prints the URL and serves the page;
// a missing file, a file that exports no agent, a port in use and a wrong --platform each get one line saying what to do.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/handoffkit.mjs');
const dir = mkdtempSync(join(tmpdir(), 'handoffkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin until it exits, or until `until` matches its output (then stops it). */
function run(args: string[], until?: RegExp): Promise<Run & { ms: number; url?: string }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  return new Promise((done) => {
    let ms = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = until?.exec(stdout)?.[1];
      if (url !== undefined && ms === 0) {
        ms = Date.now() - started;
        fetch(url)
          .then((page) => page.text())
          .then(
            (html) => {
              stdout += html.includes('id="contact-input"') ? '\n[page served]' : '\n[no page]';
              child.kill('SIGTERM');
            },
            () => child.kill('SIGTERM'),
          );
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => done({ code, stdout, stderr, ms }));
  });
}

describe('handoffkit playground', () => {
  it('starts the example bot, prints its URL and serves the page', async () => {
    const result = await run(['playground', 'examples/playground-bot.ts'], /(http:\/\/127\.0\.0\.1:\d+\/)/);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^handoffkit playground \(chatwoot\): http:\/\/127\.0\.0\.1:\d+\/ {2}\(Ctrl\+C to stop\)\n/);
    expect(result.stdout).toContain('[page served]');
    // About 2 s on a quiet machine (1.8 s of CPU); the bound leaves room for a runner shared with other jobs.
    expect(result.ms).toBeLessThan(45_000);
  }, 60_000);

  // Every example exports its agent and serves only when run as a script: the playground runs any of them, on the
  // platform of its adapter, with stand-ins for the settings the example reads from the environment.
  const examples = readdirSync(join(ROOT, 'examples')).filter((file) => file.endsWith('.ts'));
  it.each(examples)(
    'runs examples/%s',
    async (file) => {
      const result = await run(['playground', `examples/${file}`], /(http:\/\/127\.0\.0\.1:\d+\/)/);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(
        /^handoffkit playground \((chatwoot|messenger|whatsapp|qualtrics|hootsuite|sunshine|iadvize|livechat)\): http:\/\/127\.0\.0\.1:\d+\/ /,
      );
      expect(result.stdout).toContain('[page served]');
    },
    60_000,
  );

  it('says what to do about a missing file', async () => {
    const result = await run(['playground', 'examples/nope.ts']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^handoffkit playground: no file at .*nope\.ts: pass the path of the file that exports your agent\.\n$/);
  }, 60_000);

  it('says what to do about a file that exports no agent', async () => {
    const file = join(dir, 'empty.mjs');
    writeFileSync(file, 'export const answer = 42;\n');
    const result = await run(['playground', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^handoffkit playground: .*empty\.mjs exports no agent: export the VirtualAgent .*\n$/);
  }, 60_000);

  it('says what to do about a port in use', async () => {
    const server: Server = createServer();
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const { port } = server.address() as { port: number };
    const result = await run(['playground', 'examples/playground-bot.ts', '--port', String(port)]);
    await new Promise<void>((closed) => server.close(() => closed()));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`handoffkit playground: port ${port} is in use: pass --port <another port>, or stop what listens on it.\n`);
  }, 60_000);

  it('says what to do about a --platform that is not the adapter own', async () => {
    const result = await run(['playground', 'examples/playground-bot.ts', '--platform', 'messenger']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "handoffkit playground: --platform messenger: the agent's adapter is chatwoot, whose deliveries only its own emulator builds; drop --platform or pass --platform chatwoot.\n",
    );
  }, 60_000);
});
