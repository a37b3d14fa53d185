import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

// Runs the examples as their READMEs say (a script started with tsx, configured by env vars) against stand-in
// platform REST servers on 127.0.0.1.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BOT_TOKEN = 'example-bot-token';
export const SECRET = 'example-secret';

/** One request the stand-in Chatwoot server received. */
export interface StandInRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A stand-in platform REST API on 127.0.0.1 that records every call. */
export interface StandIn {
  url: string;
  requests: StandInRequest[];
  /** Resolves with the first recorded request that `match` accepts, waiting for it if needed. */
  waitFor(match: (request: StandInRequest) => boolean, timeoutMs?: number): Promise<StandInRequest>;
  close(): Promise<void>;
}

/** What a stand-in answers to one request: a JSON value (status 200) or a status with one. */
export type StandInAnswer = (request: StandInRequest) => unknown | { status: number; json: unknown };

/** Starts the stand-in Chatwoot server on a free port of 127.0.0.1. */
export function startChatwootStandIn(): Promise<StandIn> {
  let messageId = 9000;
  return startStandIn('Chatwoot', (request) => {
    const isMessage = request.method === 'POST' && /\/conversations\/\d+\/messages$/.test(request.url);
    return isMessage ? { id: ++messageId, ...(request.body as object) } : {};
  });
}

/**
 * Starts a stand-in platform API on a free port of 127.0.0.1 that records every request (JSON and form bodies
 * parsed) and answers with `answer`'s JSON.
 */
export async function startStandIn(platform: string, answer: StandInAnswer): Promise<StandIn> {
  const requests: StandInRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      if (text === '') body = undefined;
      else if (req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(text));
      else {
        try {
          body = JSON.parse(text);
        } catch {
          // kept as text
        }
      }
      const request: StandInRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(request);
      const answered = answer(request);
      const { status, json } = isStatusAnswer(answered) ? answered : { status: 200, json: answered };
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async waitFor(match, timeoutMs = 10_000) {
      const start = Date.now();
      for (;;) {
        const found = requests.find(match);
        if (found) return found;
        if (Date.now() - start > timeoutMs) throw new Error(`the stand-in ${platform} server got no matching call; it got: ${JSON.stringify(requests)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function isStatusAnswer(value: unknown): value is { status: number; json: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'number' && 'json' in value;
}

/** The env vars every example reads. */
export function exampleEnv(standIn: StandIn): Record<string, string> {
  return {
    CHATWOOT_URL: standIn.url,
    CHATWOOT_ACCOUNT_ID: '1',
    CHATWOOT_BOT_TOKEN: BOT_TOKEN,
    CHATWOOT_SECRET: SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
  };
}

/** A finished run of an example script. */
export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnExample(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', `examples/${script}`], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_OPTIONS: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** A running example server. */
export interface RunningExample {
  /** The webhook URL it printed. */
  url: string;
  /** What it wrote so far. */
  output(): string;
  /** Stops it with SIGTERM and waits for it to exit. */
  stop(): Promise<number | null>;
}

/** Starts an example server and waits for its "listening on <url>" line. */
export function startExample(script: string, env: Record<string, string>, timeoutMs = 15_000): Promise<RunningExample> {
  const child = spawnExample(script, env);
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`examples/${script} did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onOutput = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1] as string,
        output: () => out,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`examples/${script} exited with ${String(code)} before listening:\n${out}`));
    });
  });
}

/** Runs an example script to completion with `input` on stdin. */
export function runExample(script: string, env: Record<string, string>, input: string, timeoutMs = 15_000): Promise<ExampleRun> {
  const child = spawnExample(script, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin?.end(input);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`examples/${script} did not finish in ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Whether a stand-in request is the bot's reply `content` in conversation `conversationId`. */
export function isReply(conversationId: number, content: string): (request: StandInRequest) => boolean {
  return (request) =>
    request.method === 'POST' &&
    request.url === `/api/v1/accounts/1/conversations/${conversationId}/messages` &&
    (request.body as { content?: unknown } | undefined)?.content === content;
}
