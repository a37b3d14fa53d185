import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import express5 from 'express';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualAgent } from '../../../src/index.js';
import { toExpress } from '../../../src/http/express.js';
import { toLambda, type LambdaHttpEvent } from '../../../src/http/lambda.js';
import { toNodeHandler } from '../../../src/http/node.js';
import { PAGE_TOKEN, VERIFY_TOKEN, deliveryOf, expectNoSecrets, fakeGraph, handshakeUrl, messengerAgent, signedDelivery, textItem } from './support.js';

// The GET setup check and a signed delivery through every transport: fetch, receive, node:http, Express 4/5, Lambda.

const express4 = createRequire(import.meta.url)('express4') as typeof express5;

const { graph, handlers } = fakeGraph();
const msw = setupServer(...handlers);
beforeAll(() =>
  msw.listen({
    // Requests to the local test servers go through; anything else unexpected fails the test.
    onUnhandledRequest(request, print) {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(() => graph.reset());
afterAll(() => msw.close());

const CHALLENGE = '1158201444';
const GOOD = { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': CHALLENGE };
const WRONG = { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': CHALLENGE };

interface Reply {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** One way to send a request to an agent: each transport gets the same method, path, query, headers and body. */
type Transport = (agent: VirtualAgent, method: 'GET' | 'POST', query: Record<string, string>, headers: Record<string, string>, body: string) => Promise<Reply>;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

async function overHttp(
  listener: RequestListener,
  method: string,
  query: Record<string, string>,
  headers: Record<string, string>,
  body: string,
): Promise<Reply> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(handshakeUrl(query, `http://127.0.0.1:${port}/webhook`), { method, headers, ...(method === 'POST' ? { body } : {}) });
  return { status: response.status, contentType: response.headers.get('content-type') ?? undefined, body: await response.text() };
}

function expressApp(express: typeof express5, agent: VirtualAgent): RequestListener {
  const app = express();
  const handler = toExpress(agent);
  app.get('/webhook', handler);
  app.post('/webhook', handler);
  return app as unknown as RequestListener;
}

function lambdaEvent(kind: 'v1' | 'v2' | 'alb', method: string, query: Record<string, string>, headers: Record<string, string>, body: string): LambdaHttpEvent {
  const payload = { body: method === 'POST' ? body : null, isBase64Encoded: false };
  if (kind === 'v2') {
    return {
      version: '2.0',
      rawPath: '/webhook',
      rawQueryString: new URLSearchParams(query).toString(),
      headers,
      requestContext: { http: { method, path: '/webhook' } },
      ...payload,
    };
  }
  const multi = Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value]]));
  if (kind === 'alb') {
    // An ALB passes the query as sent (still encoded).
    const encoded = Object.fromEntries(Object.entries(query).map(([name, value]) => [encodeURIComponent(name), encodeURIComponent(value)]));
    return {
      httpMethod: method,
      path: '/webhook',
      queryStringParameters: encoded,
      headers,
      requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:tg' } },
      ...payload,
    };
  }
  return {
    httpMethod: method,
    path: '/webhook',
    headers,
    queryStringParameters: query,
    multiValueQueryStringParameters: multi,
    requestContext: {},
    ...payload,
  };
}

function overLambda(kind: 'v1' | 'v2' | 'alb'): Transport {
  return async (agent, method, query, headers, body) => {
    const result = await toLambda(agent)(lambdaEvent(kind, method, query, headers, body));
    return { status: result.statusCode, contentType: result.headers?.['content-type'], body: result.body };
  };
}

const transports: Array<[string, Transport]> = [
  [
    'agent.fetch',
    async (agent, method, query, headers, body) => {
      const response = await agent.fetch(new Request(handshakeUrl(query), { method, headers, ...(method === 'POST' ? { body } : {}) }));
      return { status: response.status, contentType: response.headers.get('content-type') ?? undefined, body: await response.text() };
    },
  ],
  [
    'agent.receive',
    async (agent, method, query, headers, body) => {
      const answer = await agent.receive({ method, url: handshakeUrl(query, '/webhook'), headers, body: method === 'POST' ? body : '' });
      return { status: answer.status, contentType: answer.headers['content-type'], body: answer.body };
    },
  ],
  ['toNodeHandler', (agent, method, query, headers, body) => overHttp(toNodeHandler(agent) as unknown as RequestListener, method, query, headers, body)],
  ['toExpress (Express 5)', (agent, method, query, headers, body) => overHttp(expressApp(express5, agent), method, query, headers, body)],
  ['toExpress (Express 4)', (agent, method, query, headers, body) => overHttp(expressApp(express4, agent), method, query, headers, body)],
  ['toLambda (API Gateway REST)', overLambda('v1')],
  ['toLambda (HTTP API / Function URL)', overLambda('v2')],
  ['toLambda (ALB)', overLambda('alb')],
];

describe.each(transports)('through %s', (_name, transport) => {
  it('answers the setup check with the challenge as plain text when the verify token matches', async () => {
    const reply = await transport(messengerAgent(), 'GET', GOOD, {}, '');
    expect(reply).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: CHALLENGE });
  });

  it('answers 403 to a wrong verify token, without echoing the challenge or the token', async () => {
    const reply = await transport(messengerAgent(), 'GET', WRONG, {}, '');
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toEqual({ error: { code: 'E_SIGNATURE', message: expect.stringMatching(/hub\.verify_token does not match/) } });
    expect(reply.body).not.toContain(CHALLENGE);
    expectNoSecrets(reply.body);
  });

  it('handles a signed delivery: the reply reaches Graph', async () => {
    const agent = messengerAgent();
    agent.on('message_created', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    const delivery = signedDelivery(deliveryOf([textItem('7001', 'Ünïcödé 👋 https://a.example/x')]));
    const reply = await transport(agent, 'POST', {}, delivery.headers as Record<string, string>, delivery.body as string);
    expect(reply.status).toBe(200);
    expect(graph.calls).toEqual([
      {
        method: 'POST',
        path: '/me/messages',
        query: { access_token: PAGE_TOKEN },
        body: { recipient: { id: '7001' }, messaging_type: 'RESPONSE', message: { text: 'echo: Ünïcödé 👋 https://a.example/x' } },
      },
    ]);
  });
});

describe('the setup check', () => {
  it.each([
    ['a GET without hub parameters', {}, 403, /GET answers only the setup check/],
    ['hub.mode other than subscribe', { ...GOOD, 'hub.mode': 'unsubscribe' }, 403, /hub\.mode must be "subscribe", got "unsubscribe"/],
    ['no verify token', { 'hub.mode': 'subscribe', 'hub.challenge': CHALLENGE }, 403, /does not match/],
    ['a matching token without challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN }, 400, /no hub\.challenge/],
  ])('answers %s with %i', async (_title, query, status, message) => {
    const response = await messengerAgent().fetch(new Request(handshakeUrl(query)));
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
  });

  it('needs no signature (Meta does not sign it) and runs no handler', async () => {
    const agent = messengerAgent();
    const seen: string[] = [];
    agent.onAny((ctx) => void seen.push(ctx.event.name));
    expect((await agent.fetch(new Request(handshakeUrl(GOOD)))).status).toBe(200);
    expect(seen).toEqual([]);
  });
});
