import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import { signedChatwootDelivery } from '../../src/testing/index.js';
import { instrument, OTEL_NAMES } from '../../src/otel/index.js';
import { agentMessage, conversation, fakeChatwoot, makeAgent, message, SECRET } from '../adapters/chatwoot/support.js';
import { serve } from './support.js';

const { state: api, handlers } = fakeChatwoot();
const server = setupServer(...handlers);
const traceparents: (string | null)[] = [];
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'bypass' });
  server.events.on('request:start', ({ request }) => {
    if (request.url.startsWith('https://chat.example.test/')) traceparents.push(request.headers.get('traceparent'));
  });
});
afterEach(() => {
  api.reset();
  traceparents.length = 0;
});
afterAll(() => server.close());

/** A pull reader: collects on demand. */
class TestReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

function telemetry() {
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
  const reader = new TestReader();
  const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
  const points = async (name: string): Promise<DataPoint<unknown>[]> => {
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
    return (metric?.dataPoints ?? []) as DataPoint<unknown>[];
  };
  return { exporter, tracer, meter, points };
}

const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

describe('instrument(agent) with the OpenTelemetry SDK', () => {
  it('spans a delivery with verify, parse, handler and platform-call children, and sends traceparent', async () => {
    const { exporter, tracer, meter } = telemetry();
    const agent = makeAgent({ retries: 0 });
    agent.on('message_created', (ctx) => ctx.reply('hi'));
    instrument(agent, { tracer, meter });
    const http = await serve(agent);
    try {
      const answer = await http.post(signedChatwootDelivery({ secret: SECRET, body: message({ id: 1 }) }));
      expect(answer.status).toBe(200);
    } finally {
      await http.close();
    }
    const spans = exporter.getFinishedSpans();
    const root = spans.find((s) => s.name === OTEL_NAMES.delivery);
    expect(root).toBeDefined();
    expect(parentOf(root!)).toBeUndefined();
    expect(root!.attributes).toMatchObject({ 'handoffkit.platform': 'chatwoot', 'http.response.status_code': 200 });
    const children = spans.filter((s) => s !== root);
    expect(children.map((s) => s.name).sort()).toEqual(
      [
        OTEL_NAMES.verify,
        OTEL_NAMES.parse,
        `${OTEL_NAMES.handler} message_created`,
        `${OTEL_NAMES.call} POST /api/v1/accounts/:account/conversations/:conversation/messages`,
      ].sort(),
    );
    for (const child of children) {
      expect(parentOf(child)).toBe(root!.spanContext().spanId);
      expect(child.spanContext().traceId).toBe(root!.spanContext().traceId);
    }
    const call = children.find((s) => s.name.startsWith(OTEL_NAMES.call))!;
    expect(call.attributes).toMatchObject({ 'handoffkit.helper': 'reply', 'http.response.status_code': 200, 'http.request.method': 'POST' });
    // W3C trace context on the outbound call: this trace, the call span as parent, sampled.
    expect(traceparents).toEqual([`00-${call.spanContext().traceId}-${call.spanContext().spanId}-01`]);
  });

  it('counts deliveries, handoffs, escalations, platform calls and errors, and records handler durations', async () => {
    const { tracer, meter, points } = telemetry();
    const agent = makeAgent({ retries: 0 }, { onHandlerError: 'ignore' });
    agent.on('message_created', async (ctx) => {
      if (/human/.test(ctx.message.text ?? '')) return ctx.escalate({ reason: 'asked' });
      await ctx.reply('hi');
    });
    instrument(agent, { tracer, meter });
    api.respond = (call, attempt) => (call.path.endsWith('/messages') && attempt === 1 ? new Response('{"error":"down"}', { status: 503 }) : undefined);
    const post = (body: unknown) => agent.receive(signedChatwootDelivery({ secret: SECRET, body }));
    expect((await post(message({ id: 1 }))).status).toBe(200);
    expect((await post(message({ id: 2 }))).status).toBe(200);
    expect((await post(message({ id: 3, content: 'a human' }))).status).toBe(200);
    expect((await post(agentMessage({ id: 4, status: 'open' }))).status).toBe(200);
    expect((await post(conversation({ status: 'pending', previous: 'open' }))).status).toBe(200);
    expect((await agent.receive(signedChatwootDelivery({ secret: 'forged', body: message({ id: 5 }) }))).status).toBe(401);

    const sums = async (name: string) => (await points(name)).map((p) => ({ ...p.attributes, value: p.value }));
    expect(await sums(OTEL_NAMES.deliveries)).toEqual([
      { platform: 'chatwoot', status: 200, value: 5 },
      { platform: 'chatwoot', status: 401, value: 1 },
    ]);
    expect(await sums(OTEL_NAMES.handoffs)).toEqual([
      { platform: 'chatwoot', direction: 'bot->human', reason: 'asked', value: 1 },
      { platform: 'chatwoot', direction: 'human->bot', reason: 'unspecified', value: 1 },
    ]);
    expect(await sums(OTEL_NAMES.escalations)).toEqual([{ platform: 'chatwoot', trigger: 'bot', channel: 'default', outcome: 'escalated', value: 1 }]);
    const messages = '/api/v1/accounts/:account/conversations/:conversation/messages';
    expect(await sums(OTEL_NAMES.callErrors)).toEqual([{ platform: 'chatwoot', method: 'POST', route: messages, status: 503, value: 1 }]);
    const calls = (await points(OTEL_NAMES.callDuration)).map((p) => ({ ...p.attributes, count: (p.value as Histogram).count }));
    expect(calls).toEqual([
      { platform: 'chatwoot', method: 'POST', route: messages, status: 503, count: 1 },
      { platform: 'chatwoot', method: 'POST', route: messages, status: 200, count: 1 },
      { platform: 'chatwoot', method: 'POST', route: `/api/v1/accounts/:account/conversations/:conversation/toggle_status`, status: 200, count: 1 },
    ]);
    const handlers = (await points(OTEL_NAMES.handlerDuration)).map((p) => ({ ...p.attributes, count: (p.value as Histogram).count }));
    // Every handled event: the failed one, the reply, the escalation (the human's message ran no handler).
    expect(handlers).toEqual([{ platform: 'chatwoot', event: 'message_created', count: 3 }]);
  });

  it('the undo function restores the agent', async () => {
    const { exporter, tracer, meter } = telemetry();
    const agent = makeAgent({ retries: 0 });
    agent.on('message_created', (ctx) => ctx.reply('hi'));
    const undo = instrument(agent, { tracer, meter });
    undo();
    expect((await agent.receive(signedChatwootDelivery({ secret: SECRET, body: message({ id: 1 }) }))).status).toBe(200);
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(traceparents).toEqual([null]);
    expect(agent.events.eventNames()).toEqual(['escalation']);
  });
});
