// What the Lambda example tests share: a Function URL event, the example run as a script, the example loaded
// as Lambda loads it, and (for Meta's platforms) signed events and the checks every such example passes.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { LambdaHandler, LambdaHttpEvent } from '../../src/http/lambda.js';
import { metaJson, metaSignature, metaSigned } from '../adapters/meta/support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Options of {@link functionUrlEvent}. */
export interface EventOptions {
  query?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Send the body base64-encoded, as Lambda does for binary content types. */
  base64?: boolean;
}

/** A Function URL / HTTP API (payload 2.0) event. */
export function functionUrlEvent(method: 'GET' | 'POST', options: EventOptions = {}): LambdaHttpEvent {
  const body = options.body ?? null;
  return {
    version: '2.0',
    rawPath: '/',
    rawQueryString: options.query ?? '',
    headers: { host: 'abc123.lambda-url.eu-west-1.on.aws', 'x-forwarded-proto': 'https', ...options.headers },
    requestContext: { http: { method, path: '/' } },
    body: body !== null && options.base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: options.base64 === true,
  };
}

/** Runs `example` (a path under the repository) as a script with `event` on stdin; what it printed and its exit code. */
export async function runAsScript(
  example: string,
  env: Record<string, string>,
  event: LambdaHttpEvent,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', example], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_OPTIONS: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(JSON.stringify(event));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

/**
 * Loads `examples/<name>.js` for the file's tests as Lambda loads it, with `env` set and `stand` (msw handlers of
 * the platform's API) served before; a handler that calls the example's once loaded.
 */
export function loadLambdaExample(name: string, env: Record<string, string>, stand: { graph: { reset(): void }; handlers: HttpHandler[] }): LambdaHandler {
  const server = setupServer(...stand.handlers);
  let handler: LambdaHandler | undefined;
  const importExample = (specifier: string): Promise<unknown> => import(specifier);
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'error' });
    for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
    // Through a variable: the example imports the built package, which typechecking (before the build) cannot see.
    ({ handler } = (await importExample(`../../examples/${name}.js`)) as { handler: LambdaHandler });
  });
  afterEach(() => stand.graph.reset());
  afterAll(() => {
    server.close();
    vi.unstubAllEnvs();
  });
  return (event, context) => {
    if (handler === undefined) throw new Error(`examples/${name}.js is not loaded yet`);
    return handler(event, context);
  };
}

/** A POST event of `payload` serialized and signed like Meta (with `secret`), the body base64-encoded if asked. */
export function metaSignedEvent(payload: unknown, secret: string, options: { base64?: boolean; headers?: Record<string, string> } = {}): LambdaHttpEvent {
  const { text, headers } = metaSigned(payload, secret, options.headers);
  return functionUrlEvent('POST', { body: text, headers, base64: options.base64 });
}

/** What a Meta Lambda example (Messenger, WhatsApp) is checked on besides its bot. */
export interface MetaLambdaChecks {
  /** The example's name under examples/. */
  name: string;
  env: Record<string, string>;
  verifyToken: string;
  handler: LambdaHandler;
  graph: { readonly calls: readonly unknown[] };
  /** A delivery to forge a signature for. */
  delivery: () => unknown;
}

/** The tests every Meta Lambda example passes: the setup check, a forged delivery refused, the example run as a script. */
export function metaLambdaChecks(checks: MetaLambdaChecks): void {
  const setupQuery = `hub.mode=subscribe&hub.verify_token=${encodeURIComponent(checks.verifyToken)}&hub.challenge=987654321`;

  it("answers Meta's setup check with the challenge, 403 to a wrong token", async () => {
    const { handler } = checks;
    const result = await handler(functionUrlEvent('GET', { query: setupQuery }));
    expect(result).toMatchObject({ statusCode: 200, body: '987654321', headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect((await handler(functionUrlEvent('GET', { query: 'hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1' }))).statusCode).toBe(403);
  });

  it('answers 401 to a forged delivery and calls nobody', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const body = metaJson(checks.delivery());
    const result = await checks.handler(functionUrlEvent('POST', { body, headers: { 'x-hub-signature-256': metaSignature(body, 'not-the-app-secret') } }));
    expect(result.statusCode).toBe(401);
    expect(checks.graph.calls).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/delivery rejected: Signature mismatch/), { code: 'E_SIGNATURE' });
    warn.mockRestore();
  });

  it('runs as a script: the event on stdin, the Lambda result on stdout', async () => {
    const { code, stdout, stderr } = await runAsScript(`examples/${checks.name}.ts`, checks.env, functionUrlEvent('GET', { query: setupQuery }));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ statusCode: 200, body: '987654321', isBase64Encoded: false });
  }, 30_000);
}
