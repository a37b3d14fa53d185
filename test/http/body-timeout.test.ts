// A client that trickles its body (one byte per interval) is answered 408 at bodyTimeoutMs and its socket closed,
// over a real node:http server and a raw TCP client.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toNodeHandler } from '../../src/http/node.js';
import { isHandoffkitError } from '../../src/index.js';
import { listen, type Listening, signed, spyAgent } from './support.js';

const servers: Listening[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface Trickled {
  status: number | undefined;
  text: string;
  elapsedMs: number;
  /** Whether the server closed the socket. */
  closed: boolean;
}

/** Sends the head of a POST announcing `length` bytes, then one byte every `everyMs` until the server answers. */
function trickle(port: number, length: number, everyMs: number, limitMs = 6_000): Promise<Trickled> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    const done = (closed: boolean): void => {
      clearInterval(timer);
      clearTimeout(guard);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text, elapsedMs: Date.now() - started, closed });
      socket.destroy();
    };
    const guard = setTimeout(() => done(false), limitMs);
    socket.on('connect', () => {
      socket.write(`POST /webhook HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`);
      timer = setInterval(() => socket.write('{'), everyMs);
    });
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
    });
    socket.on('close', () => done(true));
    socket.on('error', () => undefined);
  });
}

describe('toNodeHandler: bodyTimeoutMs', () => {
  it('answers 408 to a body trickling in a byte at a time, and closes the connection', async () => {
    const { agent, deliveries } = spyAgent();
    const server = await listen(toNodeHandler(agent, { bodyTimeoutMs: 400 }));
    servers.push(server);
    const result = await trickle(server.port, 10_000, 50);
    expect(result.status, result.text).toBe(408);
    expect(result.text).toContain('"code":"E_TIMEOUT"');
    expect(result.text).toMatch(/bodyTimeoutMs/);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(350);
    expect(result.elapsedMs).toBeLessThan(3_000);
    expect(result.closed).toBe(true);
    expect(deliveries).toHaveLength(0);
  });

  it('has a default of a few seconds', async () => {
    const { agent } = spyAgent();
    const server = await listen(toNodeHandler(agent));
    servers.push(server);
    const result = await trickle(server.port, 10_000, 200, 9_000);
    expect(result.status, result.text).toBe(408);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(4_500);
    expect(result.elapsedMs).toBeLessThan(8_000);
  }, 15_000);

  it('a body that arrives in time is delivered', async () => {
    const { agent, deliveries } = spyAgent();
    const server = await listen(toNodeHandler(agent, { bodyTimeoutMs: 2_000 }));
    servers.push(server);
    const { body, headers } = signed('hello');
    const response = await fetch(`${server.url}/webhook`, { method: 'POST', headers, body });
    expect(response.status).toBe(200);
    expect(deliveries).toHaveLength(1);
  });

  it('refuses a bodyTimeoutMs that is not a positive number, without echoing it', () => {
    const { agent } = spyAgent();
    let error: unknown;
    try {
      toNodeHandler(agent, { bodyTimeoutMs: 'tok_live_123' as unknown as number });
    } catch (caught) {
      error = caught;
    }
    expect(isHandoffkitError(error, 'E_CONFIG')).toBe(true);
    expect((error as Error).message).toMatch(/bodyTimeoutMs/);
    expect((error as Error).message).not.toContain('tok_live_123');
  });
});
