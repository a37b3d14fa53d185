import type { ALBResult, APIGatewayProxyEventV2, APIGatewayProxyResult, APIGatewayProxyStructuredResultV2, Handler, LambdaFunctionURLResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { toLambda, type LambdaHttpEvent, type LambdaHttpResult } from '../../src/http/lambda.js';
import { albEvent, functionUrlEvent, httpApiV2Event, restApiV1Event, type EventBody } from './lambda-events.js';
import { NON_ASCII, chatwootApi, echoAgent, memoryLogger, signed, signatureHeaders, spyAgent } from './support.js';

interface ErrorBody {
  error: { code: string; message: string };
}

/** Header names as a client might capitalize them. */
function capitalized(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase()), value]),
  );
}

const shapes = [
  ['API Gateway REST (v1)', (input: EventBody) => restApiV1Event({ ...input, headers: capitalized(input.headers) })],
  ['API Gateway HTTP API (v2)', httpApiV2Event],
  ['Lambda Function URL', functionUrlEvent],
  ['ALB', albEvent],
  ['ALB with multi-value headers', (input: EventBody) => albEvent({ ...input, multiValue: true })],
] as const;

describe('toLambda', () => {
  const api = chatwootApi();
  beforeAll(() => api.server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => api.server.close());

  describe.each(shapes)('%s', (name, makeEvent) => {
    it.each([false, true])('verifies a signed non-ASCII body (base64: %s) and the handler sees the exact text', async (base64) => {
      const { agent, seen } = echoAgent();
      const handler = toLambda(agent);
      const delivery = signed(NON_ASCII, 31);
      const reply = api.nextReply();
      const result = await handler(makeEvent({ ...delivery, base64 }));
      expect(result.statusCode).toBe(200);
      expect(result.isBase64Encoded).toBe(false);
      expect(JSON.parse(result.body)).toEqual({ ok: true });
      expect(seen.texts).toEqual([NON_ASCII]);
      // Lambda freezes after the answer: by default the reply went out before it.
      expect(api.replies.at(-1)?.content).toBe(`echo: ${NON_ASCII}`);
      await reply;
    });

    it("answers 401 with the JSON error body in the trigger's result shape", async () => {
      const { agent, seen } = echoAgent();
      const delivery = signed('forged', 32);
      const result = await toLambda(agent)(makeEvent({ ...delivery, headers: { ...delivery.headers, 'x-chatwoot-signature': `sha256=${'a'.repeat(64)}` } }));
      expect(result.statusCode).toBe(401);
      expect((JSON.parse(result.body) as ErrorBody).error.code).toBe('E_SIGNATURE');
      const contentType = result.headers?.['content-type'] ?? result.multiValueHeaders?.['content-type']?.[0];
      expect(contentType).toMatch(/^application\/json/);
      expect(seen.texts).toEqual([]);
      if (name.startsWith('ALB')) expect(result.statusDescription).toBe('401 Unauthorized');
      else expect(result.statusDescription).toBeUndefined();
      if (name.includes('multi-value')) expect(result.headers).toBeUndefined();
    });

    it('answers 405 with Allow for a GET', async () => {
      const { agent } = echoAgent();
      const result = await toLambda(agent)(makeEvent({ body: '', headers: {}, method: 'GET' }));
      expect(result.statusCode).toBe(405);
      expect(result.headers?.allow ?? result.multiValueHeaders?.allow?.[0]).toBe('POST');
    });
  });

  it('passes method, path with query, merged lower-case headers and cookies to receive', async () => {
    const { agent, deliveries } = spyAgent();
    const handler = toLambda(agent);
    const v1 = restApiV1Event({ body: '{}', headers: { 'X-Chatwoot-Signature': 'sig' } });
    await handler({ ...v1, multiValueHeaders: { ...v1.multiValueHeaders, 'X-Custom': ['a', 'b'] } });
    await handler(httpApiV2Event({ body: '{}', headers: {} }));
    await handler(albEvent({ body: '{}', headers: {}, multiValue: true }));
    const [rest, http, alb] = deliveries;
    expect(rest?.url).toBe('/webhook?inbox=support');
    expect(rest?.method).toBe('POST');
    expect((rest?.headers as Record<string, unknown>)['x-chatwoot-signature']).toBe('sig');
    expect((rest?.headers as Record<string, unknown>)['x-custom']).toEqual(['a', 'b']);
    expect(http?.url).toBe('/webhook?inbox=support&inbox=sales');
    expect((http?.headers as Record<string, unknown>).cookie).toBe('session=abc');
    expect(alb?.url).toBe('/webhook?inbox=support%20team');
  });

  it('answers 400 E_PAYLOAD for events of an unknown shape', async () => {
    const logger = memoryLogger();
    const { agent, deliveries } = spyAgent();
    const handler = toLambda(agent, { logger });
    const sqs = { Records: [{ messageId: '1', eventSource: 'aws:sqs', body: '{}' }] };
    const v2WithoutHttp = { version: '2.0', rawPath: '/', body: '{}' };
    for (const event of [sqs, {}, null, 'POST', v2WithoutHttp]) {
      const result = await handler(event as unknown as LambdaHttpEvent);
      expect(result.statusCode).toBe(400);
      expect(result.isBase64Encoded).toBe(false);
      const body = JSON.parse(result.body) as ErrorBody;
      expect(body.error.code).toBe('E_PAYLOAD');
      expect(body.error.message).toMatch(/not an HTTP request/);
    }
    expect(deliveries).toHaveLength(0);
    expect(logger.warnings).toHaveLength(5);
  });

  it('answers 400 E_PAYLOAD when isBase64Encoded is true but the body is plain JSON', async () => {
    const { agent, seen } = echoAgent();
    const delivery = signed('liar', 33);
    const event = { ...httpApiV2Event(delivery), isBase64Encoded: true };
    const result = await toLambda(agent)(event);
    expect(result.statusCode).toBe(400);
    const body = JSON.parse(result.body) as ErrorBody;
    expect(body.error.code).toBe('E_PAYLOAD');
    expect(body.error.message).toMatch(/isBase64Encoded/);
    expect(seen.texts).toEqual([]);
  });

  it('answers 401 when isBase64Encoded is false but the body is base64 (the signed bytes are not what arrived)', async () => {
    const { agent, seen } = echoAgent();
    const delivery = signed('liar 2', 34);
    const event = { ...httpApiV2Event({ ...delivery, base64: true }), isBase64Encoded: false };
    const result = await toLambda(agent)(event);
    expect(result.statusCode).toBe(401);
    expect((JSON.parse(result.body) as ErrorBody).error.code).toBe('E_SIGNATURE');
    expect(seen.texts).toEqual([]);
  });

  it('decodes base64 to bytes, not through a text encoding: a signature over invalid UTF-8 still verifies', async () => {
    const { agent, deliveries } = spyAgent();
    const bytes = Buffer.from([0x7b, 0xc3, 0xa9, 0xff, 0xfe, 0x00, 0xf0, 0x9f, 0x98, 0x80, 0x7d]);
    await toLambda(agent)({ ...functionUrlEvent({ body: '', headers: {} }), body: bytes.toString('base64'), isBase64Encoded: true });
    expect(Buffer.from(deliveries[0]?.body as Uint8Array).equals(bytes)).toBe(true);
  });

  it('answers 413 for a body over maxBodyBytes without decoding it', async () => {
    const { agent, deliveries } = spyAgent();
    const big = 'x'.repeat(2048);
    const handler = toLambda(agent, { maxBodyBytes: 1024 });
    for (const base64 of [false, true]) {
      const result = await handler(httpApiV2Event({ body: big, headers: signatureHeaders(big), base64 }));
      expect(result.statusCode).toBe(413);
      expect((JSON.parse(result.body) as ErrorBody).error.code).toBe('E_BODY_TOO_LARGE');
    }
    const atLimit = await handler(httpApiV2Event({ body: 'y'.repeat(1024), headers: {}, base64: true }));
    expect(atLimit.statusCode).toBe(200);
    expect(deliveries).toHaveLength(1);
  });

  it('finishes slow handlers before answering by default, even past the agent ack deadline', async () => {
    const { agent } = echoAgent({ delayMs: 300, ackTimeoutMs: 50 });
    const delivery = signed('espera ⏳', 35);
    const started = Date.now();
    const result = await toLambda(agent)(functionUrlEvent(delivery));
    expect(result.statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(api.replies.at(-1)?.content).toBe('echo: espera ⏳');
  });

  it('answers 202 within an overridden ack deadline, and the reply still reaches the platform', async () => {
    const { agent } = echoAgent({ delayMs: 300 });
    const delivery = signed('rápido ⚡', 36);
    const reply = api.nextReply();
    const started = Date.now();
    const result = await toLambda(agent, { ackTimeoutMs: 50 })(httpApiV2Event(delivery));
    expect(result.statusCode).toBe(202);
    expect(Date.now() - started).toBeLessThan(300);
    const sent = await reply;
    expect(sent.content).toBe('echo: rápido ⚡');
    expect(sent.at - started).toBeGreaterThanOrEqual(300);
  });

  it('is a two-argument handler that fits the aws-lambda handler and result types', async () => {
    const { agent } = echoAgent();
    const handler = toLambda(agent);
    expect(handler.length).toBe(2);
    const v2: Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> = handler;
    expect(typeof v2).toBe('function');
    expectTypeOf<LambdaHttpResult>().toExtend<APIGatewayProxyResult>();
    expectTypeOf<LambdaHttpResult>().toExtend<APIGatewayProxyStructuredResultV2>();
    expectTypeOf<LambdaHttpResult>().toExtend<LambdaFunctionURLResult>();
    expectTypeOf<LambdaHttpResult>().toExtend<ALBResult>();
  });
});
