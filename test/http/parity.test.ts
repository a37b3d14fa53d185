import { createServer } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualAgent } from '../../src/index.js';
import { toExpress } from '../../src/http/express.js';
import { toLambda } from '../../src/http/lambda.js';
import { toNodeHandler } from '../../src/http/node.js';
import { httpApiV2Event } from './lambda-events.js';
import { NON_ASCII, echoAgent, listen, messageCreated, signatureHeaders, type Listening } from './support.js';

// Every transport answers a delivery exactly as agent.fetch does.

interface Case {
  name: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  /** Compare only status and error code (the wording may say "at least" where the size is announced). */
  codeOnly?: boolean;
}

const valid = JSON.stringify(messageCreated(NON_ASCII, 51));
const stale = Math.floor(Date.now() / 1000) - 3600;
const notJson = '{"event":"message_created", ';
const wrongShape = JSON.stringify({ ...messageCreated('x', 52), conversation: { status: 'pending' } });
const large = JSON.stringify(messageCreated('x'.repeat(3000), 53));

const cases: Case[] = [
  { name: 'a valid signed delivery', method: 'POST', headers: signatureHeaders(valid), body: valid },
  { name: 'no signature', method: 'POST', headers: { 'content-type': 'application/json' }, body: valid },
  { name: 'a wrong signature', method: 'POST', headers: signatureHeaders(valid, 'another-secret'), body: valid },
  { name: 'a stale timestamp', method: 'POST', headers: signatureHeaders(valid, undefined, stale), body: valid },
  { name: 'a re-serialized body', method: 'POST', headers: signatureHeaders(valid), body: JSON.stringify(JSON.parse(valid), null, 2) },
  { name: 'a signed body that is not JSON', method: 'POST', headers: signatureHeaders(notJson), body: notJson },
  { name: 'a signed body missing a field', method: 'POST', headers: signatureHeaders(wrongShape), body: wrongShape },
  { name: 'a GET', method: 'GET', headers: {}, body: '' },
  { name: 'a PUT', method: 'PUT', headers: signatureHeaders(valid), body: valid },
  { name: 'a body over the limit', method: 'POST', headers: signatureHeaders(large), body: large, codeOnly: true },
];

interface Seen {
  status: number;
  contentType: string | undefined;
  allow: string | undefined;
  body: unknown;
}

function agent(): VirtualAgent {
  return echoAgent({ reply: false, maxBodyBytes: 2048 }).agent;
}

function normalize(seen: Seen, codeOnly: boolean | undefined): unknown {
  if (!codeOnly) return seen;
  return { status: seen.status, code: (seen.body as { error?: { code?: string } }).error?.code };
}

async function viaFetch(c: Case): Promise<Seen> {
  const request = new Request('http://127.0.0.1/webhook', { method: c.method, headers: c.headers, ...(c.method === 'GET' ? {} : { body: c.body }) });
  const res = await agent().fetch(request);
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? undefined,
    allow: res.headers.get('allow') ?? undefined,
    body: await res.json(),
  };
}

async function viaHttp(url: string, c: Case): Promise<Seen> {
  const res = await fetch(`${url}/webhook`, { method: c.method, headers: c.headers, ...(c.method === 'GET' ? {} : { body: c.body }) });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? undefined,
    allow: res.headers.get('allow') ?? undefined,
    body: await res.json(),
  };
}

async function viaLambda(c: Case): Promise<Seen> {
  const result = await toLambda(agent())(httpApiV2Event({ method: c.method, headers: c.headers, body: c.body }));
  return { status: result.statusCode, contentType: result.headers?.['content-type'], allow: result.headers?.allow, body: JSON.parse(result.body) };
}

describe('every transport answers like agent.fetch', () => {
  let node: Listening;
  let app: Listening;
  beforeAll(async () => {
    const nodeHandler = toNodeHandler(agent());
    node = await listen((req, res) => void nodeHandler(req, res));
    const expressApp = express();
    expressApp.all('/webhook', toExpress(agent()));
    app = await listen(createServer(expressApp));
  });
  afterAll(async () => {
    await node.close();
    await app.close();
  });

  it.each(cases)('$name', async (c) => {
    const expected = normalize(await viaFetch(c), c.codeOnly);
    expect(normalize(await viaHttp(node.url, c), c.codeOnly)).toEqual(expected);
    expect(normalize(await viaHttp(app.url, c), c.codeOnly)).toEqual(expected);
    expect(normalize(await viaLambda(c), c.codeOnly)).toEqual(expected);
  });

  it('covers 200, 400, 401, 405 and 413', async () => {
    const statuses = new Set<number>();
    for (const c of cases) statuses.add((await viaFetch(c)).status);
    expect([...statuses].sort()).toEqual([200, 400, 401, 405, 413]);
  });
});
