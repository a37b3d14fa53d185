import { AsyncLocalStorage } from 'node:async_hooks';
import { context, metrics, SpanKind, SpanStatusCode, trace, type Context, type Meter, type Span, type Tracer } from '@opentelemetry/api';
import type { VirtualAgent } from '../core/agent.js';
import type { Answer, Delivery } from '../core/delivery.js';
import { traceCalls, type CallTracer } from '../core/observability/calls.js';

/** Options of {@link instrument}. */
export interface InstrumentOptions {
  /** Where spans go. Default: the global tracer provider's `handoffkit` tracer. */
  tracer?: Tracer;
  /** Where metrics go. Default: the global meter provider's `handoffkit` meter. */
  meter?: Meter;
}

/** Span and metric names, for dashboards and tests. */
export const OTEL_NAMES = {
  delivery: 'handoffkit.delivery',
  verify: 'handoffkit.verify',
  parse: 'handoffkit.parse',
  handler: 'handoffkit.handler',
  call: 'handoffkit.platform_call',
  deliveries: 'handoffkit.deliveries',
  handlerDuration: 'handoffkit.handler.duration',
  handoffs: 'handoffkit.handoffs',
  escalations: 'handoffkit.escalations',
  callDuration: 'handoffkit.platform_call.duration',
  callErrors: 'handoffkit.platform_call.errors',
} as const;

/** The context of the delivery being handled, kept by this module so no global context manager is needed. */
const deliveryContext = new AsyncLocalStorage<Context>();

const wallClock = (): number => performance.timeOrigin + performance.now();

/**
 * Traces and measures an agent with OpenTelemetry: a span per delivery with child spans for verify, parse, each
 * event's handlers and each platform call (W3C `traceparent` sent on the call), and metrics of deliveries, handler
 * durations, handoffs, escalations and platform calls. Call it before mounting the agent; returns an undo function.
 */
export function instrument(agent: VirtualAgent, options: InstrumentOptions = {}): () => void {
  const tracer = options.tracer ?? trace.getTracer('handoffkit');
  const meter = options.meter ?? metrics.getMeter('handoffkit');
  const platform = agent.adapter.name;
  const parent = (): Context => deliveryContext.getStore() ?? context.active();
  /** A span that already happened, `durationMs` long and ending now. */
  const past = (name: string, durationMs: number, attributes: Record<string, string | number | boolean>, end = wallClock()): Span => {
    const span = tracer.startSpan(name, { startTime: end - durationMs, attributes: { 'handoffkit.platform': platform, ...attributes } }, parent());
    span.end(end);
    return span;
  };

  const deliveries = meter.createCounter(OTEL_NAMES.deliveries, { description: 'Deliveries answered, by platform and HTTP status.' });
  const handlerDuration = meter.createHistogram(OTEL_NAMES.handlerDuration, { description: 'Time the handlers of one event took.', unit: 'ms' });
  const handoffs = meter.createCounter(OTEL_NAMES.handoffs, { description: 'Changes of owner, by direction and reason.' });
  const escalations = meter.createCounter(OTEL_NAMES.escalations, { description: 'Escalations, by trigger, channel and outcome.' });
  const callDuration = meter.createHistogram(OTEL_NAMES.callDuration, { description: 'Platform API call duration, retries included.', unit: 'ms' });
  const callErrors = meter.createCounter(OTEL_NAMES.callErrors, { description: 'Platform API calls that failed (status 0 = no answer).' });

  const bus = agent.events;
  const listeners = {
    delivery: (e: { status: number }) => deliveries.add(1, { platform, status: e.status }),
    accepted: (e: { verifyMs: number; parseMs: number; events: number }) => {
      const end = wallClock();
      past(OTEL_NAMES.verify, e.verifyMs, {}, end - e.parseMs);
      past(OTEL_NAMES.parse, e.parseMs, { 'handoffkit.events': e.events }, end);
    },
    event: (e: { name: string; conversationId: string; handled: boolean; handlerMs: number; ownerBefore: string; ownerAfter: string }) => {
      if (!e.handled) return;
      past(`${OTEL_NAMES.handler} ${e.name}`, e.handlerMs, {
        'handoffkit.event': e.name,
        'handoffkit.conversation_id': e.conversationId,
        'handoffkit.owner_before': e.ownerBefore,
        'handoffkit.owner_after': e.ownerAfter,
      });
      handlerDuration.record(e.handlerMs, { platform, event: e.name });
    },
    handoff: (e: { from: string; to: string; reason: string | undefined }) =>
      handoffs.add(1, { platform, direction: `${e.from}->${e.to}`, reason: e.reason ?? 'unspecified' }),
    escalation: (e: { trigger: string; channel: string; outcome: string }) =>
      escalations.add(1, { platform, trigger: e.trigger, channel: e.channel, outcome: e.outcome }),
    api_call: (e: { method: string; route: string; status: number; durationMs: number }) => {
      const attributes = { platform, method: e.method, route: e.route, status: e.status };
      callDuration.record(e.durationMs, attributes);
      if (e.status === 0 || e.status >= 400) callErrors.add(1, attributes);
    },
  };
  for (const [name, listener] of Object.entries(listeners)) bus.on(name as 'delivery', listener as never);

  const callTracer: CallTracer = (start) => {
    const span = tracer.startSpan(
      `${OTEL_NAMES.call} ${start.method} ${start.route}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'handoffkit.platform': start.platform,
          'http.request.method': start.method,
          'url.template': start.route,
          ...(start.helper ? { 'handoffkit.helper': start.helper } : {}),
        },
      },
      parent(),
    );
    return {
      headers: traceHeaders(span),
      end(status) {
        span.setAttribute('http.response.status_code', status);
        if (status === 0 || status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, message: status === 0 ? 'no answer' : `HTTP ${status}` });
        span.end();
      },
    };
  };
  traceCalls(bus, callTracer);

  const original = agent.receive;
  agent.receive = (delivery: Delivery, receiveOptions?: Parameters<VirtualAgent['receive']>[1]): Promise<Answer> => {
    const span = tracer.startSpan(
      OTEL_NAMES.delivery,
      { kind: SpanKind.SERVER, attributes: { 'handoffkit.platform': platform, 'http.request.method': delivery.method } },
      context.active(),
    );
    const ctx = trace.setSpan(context.active(), span);
    const answered = (answer: Answer): Answer => {
      span.setAttribute('http.response.status_code', answer.status);
      if (answer.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${answer.status}` });
      span.end();
      return answer;
    };
    return deliveryContext.run(ctx, () => context.with(ctx, () => original(delivery, receiveOptions))).then(answered);
  };

  return () => {
    agent.receive = original;
    for (const [name, listener] of Object.entries(listeners)) bus.off(name as 'delivery', listener as never);
    traceCalls(bus, undefined);
  };
}

/** The W3C trace-context headers of a span: `traceparent`, and `tracestate` when there is one. */
function traceHeaders(span: Span): Record<string, string> {
  const { traceId, spanId, traceFlags, traceState } = span.spanContext();
  const headers: Record<string, string> = { traceparent: `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}` };
  const state = traceState?.serialize();
  if (state !== undefined && state !== '') headers.tracestate = state;
  return headers;
}
