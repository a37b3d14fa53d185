// What the Lambda example tests share: a Function URL event, and the example run as a script.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LambdaHttpEvent } from '../../src/http/lambda.js';

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
