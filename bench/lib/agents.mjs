// The agents under test, built from the package's own exports (dist/, through package.json "exports").
import { VirtualAgent } from 'handoffkit';
import { chatwoot } from 'handoffkit/chatwoot';
import { messenger } from 'handoffkit/messenger';
import { CHATWOOT_SECRET, MESSENGER_APP_ID, MESSENGER_SECRET } from './payloads.mjs';

/** Counts handler calls, so that a run can prove the deliveries reached the handler. */
export const calls = { message_created: 0 };
const noop = () => {
  calls.message_created += 1;
};

/** Logs nothing but counts what would have been logged: a benchmark delivery must never be rejected. */
export const logged = { warn: 0, error: 0, last: '' };
const logger = {
  debug() {},
  info() {},
  warn(message) {
    logged.warn += 1;
    logged.last = message;
  },
  error(message) {
    logged.error += 1;
    logged.last = message;
  },
};

/** The Chatwoot adapter every Chatwoot agent of the bench uses (also measured alone by bench:instructions). */
export function chatwootAdapter() {
  return chatwoot({ baseUrl: 'https://chat.example.com', accountId: 3, botToken: 'bench-bot-token', secret: CHATWOOT_SECRET });
}

/** A Chatwoot agent with a no-op message_created handler and the default MemoryStore; `options` go to the agent. */
export function chatwootAgent(options = {}) {
  const agent = new VirtualAgent({
    adapter: chatwootAdapter(),
    logger,
    ...options,
  });
  agent.on('message_created', noop);
  return agent;
}

/** A Messenger agent with a no-op message_created handler and the default MemoryStore. */
export function messengerAgent() {
  const agent = new VirtualAgent({
    adapter: messenger({ appSecret: MESSENGER_SECRET, pageAccessToken: 'bench-page-token', verifyToken: 'bench-verify', appId: MESSENGER_APP_ID }),
    logger,
  });
  agent.on('message_created', noop);
  return agent;
}

/** The Chatwoot agent with a listener on every `agent.events` name (each only counts). */
export function observedChatwootAgent() {
  const agent = chatwootAgent();
  const heard = { count: 0 };
  const listener = () => {
    heard.count += 1;
  };
  for (const name of ['delivery', 'accepted', 'event', 'handoff', 'escalation', 'api_call', 'timeout', 'duplicate', 'store_error', 'error'])
    agent.events.on(name, listener);
  return agent;
}

/** The Chatwoot agent under `instrument()`, with the OpenTelemetry SDK (spans to an exporter that drops them, metrics aggregated). */
export async function instrumentedChatwootAgent() {
  const { instrument } = await import('handoffkit/otel');
  const { BasicTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { MeterProvider } = await import('@opentelemetry/sdk-metrics');
  const dropping = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(dropping)] }).getTracer('bench');
  const meter = new MeterProvider().getMeter('bench');
  const agent = chatwootAgent();
  instrument(agent, { tracer, meter });
  return agent;
}
