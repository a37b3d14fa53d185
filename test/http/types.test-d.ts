import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createHttp2Server } from 'node:http2';
import type { Handler, APIGatewayProxyEvent, APIGatewayProxyResult, ALBEvent, ALBResult, LambdaFunctionURLHandler } from 'aws-lambda';
import express, { type RequestHandler } from 'express';
import { expectTypeOf, test } from 'vitest';
import { VirtualAgent } from '../../src/index.js';
import { chatwoot } from '../../src/adapters/chatwoot/index.js';
import { toExpress, type ExpressHandler } from '../../src/http/express.js';
import { toLambda, type LambdaHandler } from '../../src/http/lambda.js';
import { toNodeHandler, type NodeHandler } from '../../src/http/node.js';

declare const agent: VirtualAgent;

test('a VirtualAgent fits every transport', () => {
  expectTypeOf(toExpress(agent)).toEqualTypeOf<ExpressHandler>();
  expectTypeOf(toNodeHandler(agent)).toEqualTypeOf<NodeHandler>();
  expectTypeOf(toLambda(agent)).toEqualTypeOf<LambdaHandler>();
  expectTypeOf(new VirtualAgent({ adapter: chatwoot({ baseUrl: 'https://x', accountId: 1, botToken: 't', secret: 's' }) })).toExtend<
    Parameters<typeof toNodeHandler>[0]
  >();
});

test('toExpress mounts on Express routes and routers', () => {
  const app = express();
  app.post('/webhook', toExpress(agent));
  app.post('/raw', express.raw({ type: '*/*' }), toExpress(agent));
  express.Router().all('/hook', toExpress(agent));
  expectTypeOf(toExpress(agent)).toExtend<RequestHandler>();
});

test('toNodeHandler is a request listener of node:http, node:https and the http2 compatibility API', () => {
  createServer(toNodeHandler(agent));
  createHttpsServer({}, toNodeHandler(agent));
  createHttp2Server(toNodeHandler(agent));
});

test('toLambda fits the aws-lambda handler types of every HTTP trigger', () => {
  expectTypeOf(toLambda(agent)).toExtend<Handler<APIGatewayProxyEvent, APIGatewayProxyResult>>();
  expectTypeOf(toLambda(agent)).toExtend<Handler<ALBEvent, ALBResult>>();
  expectTypeOf(toLambda(agent)).toExtend<LambdaFunctionURLHandler>();
});
