// Shared builders for the iAdvize adapter tests: the documented bodies, a real node:http server for the agent,
// signed calls the way iAdvize makes them.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { iadvize, type IadvizeAdapterOptions } from '../../../src/adapters/iadvize/index.js';
import { toNodeHandler } from '../../../src/http/node.js';
import { VirtualAgent, silentLogger, type VirtualAgentOptions } from '../../../src/index.js';
import externalBots from '../../fixtures/iadvize/get_external_bots.response.json' with { type: 'json' };

export const SECRET = 'iadvize-connector-secret-7Hq2';
export const RULE = 'ef4670c3-d715-4a21-8226-ed17f354fc44';
export const OPERATOR = 'ha-456678';
export const CONVERSATION = 'ce41ba2c-c25a-4351-b946-09527d8b940b';

/** The scenarios of the `GET /external-bots` sample, as the adapter's `bots` option. */
export const BOTS = externalBots;

/** The adapter's options in the tests. */
export function adapterOptions(overrides: Partial<IadvizeAdapterOptions> = {}): IadvizeAdapterOptions {
  return { secret: SECRET, bots: BOTS, transferRule: RULE, ...overrides };
}

/** An agent over the iAdvize adapter. */
export function makeAgent(adapter: Partial<IadvizeAdapterOptions> = {}, agent: Partial<Omit<VirtualAgentOptions, 'adapter'>> = {}): VirtualAgent {
  return new VirtualAgent({ adapter: iadvize(adapterOptions(adapter)), logger: silentLogger, ...agent });
}

/** The agent behind a real server on 127.0.0.1. */
export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves the agent on a free port of 127.0.0.1 under `/iadvize` (the connector URL given to iAdvize). */
export async function serve(agent: VirtualAgent): Promise<Served> {
  const handler = toNodeHandler(agent);
  const server: Server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/iadvize`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** `sha256=<hex HMAC-SHA256(secret, bytes)>`. */
export function sign(bytes: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;
}

/** Options of one connector call. */
export interface CallShape {
  /** The signature header; `null` sends none. Default: a correct one. */
  signature?: string | null;
  /** The query string (without `?`). Default `idConnectorVersion=cv-1&idWebsite=42`. */
  query?: string;
}

/** Calls the connector as iAdvize does: a JSON body for POST/PUT, the query string signed for GET. */
export function call(served: Served, method: string, path: string, body?: unknown, shape: CallShape = {}): Promise<Response> {
  const query = shape.query ?? 'idConnectorVersion=cv-1&idWebsite=42';
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const signed = method === 'GET' ? query : (text ?? '');
  const signature = shape.signature === undefined ? sign(signed) : shape.signature;
  return fetch(`${served.url}${path}${query === '' ? '' : `?${query}`}`, {
    method,
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-iadvize-signature': signature }) },
    ...(text === undefined ? {} : { body: text }),
  });
}

/** The body of `POST /conversations`. */
export function startBody(idConversation = CONVERSATION): Record<string, unknown> {
  return { idConversation, idOperator: OPERATOR, history: [] };
}

let counter = 0;
/** The body of `POST /conversations/:id/messages`: a visitor's text (or another author's). */
export function messageBody(text: string, role = 'visitor'): Record<string, unknown> {
  counter += 1;
  return {
    idOperator: OPERATOR,
    message: { idMessage: `msg-${counter}`, author: { role }, payload: { contentType: 'text', value: text }, createdAt: '2017-11-22T12:04:00Z' },
  };
}
