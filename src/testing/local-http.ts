// The driver's real HTTP mode: the agent behind a node:http server on 127.0.0.1, and deliveries posted to it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Answer, Delivery } from '../core/delivery.js';
import type { ReceiveOptions } from '../core/agent.js';
import { toNodeHandler } from '../http/node.js';

/** What the local server needs of an agent. */
interface Receiver {
  receive(delivery: Delivery, options?: ReceiveOptions): Promise<Answer>;
}

/** The local server of `{ http: true }`. */
export interface Local {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts the agent behind a node:http server on a free port of 127.0.0.1. */
export async function listen(agent: Receiver): Promise<Local> {
  const server: Server = createServer(toNodeHandler(agent, { ackTimeoutMs: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Posts `delivery` to the local server and reads its answer. */
export async function post(origin: string, delivery: Delivery): Promise<Answer> {
  const url = new URL(delivery.url, 'http://127.0.0.1');
  const headers = new Headers();
  for (const [name, value] of Object.entries(delivery.headers as Record<string, string | readonly string[] | undefined>)) {
    if (value !== undefined) headers.set(name, typeof value === 'string' ? value : value.join(', '));
  }
  const response = await fetch(`${origin}${url.pathname}${url.search}`, {
    method: delivery.method,
    headers,
    ...(delivery.method === 'GET' || delivery.method === 'HEAD'
      ? {}
      : { body: typeof delivery.body === 'string' ? delivery.body : Buffer.from(delivery.body) }),
  });
  const answerHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    answerHeaders[name] = value;
  });
  return { status: response.status, headers: answerHeaders, body: await response.text() };
}
