// Shared by the observability tests: a real node:http server over an agent, signed deliveries posted to it,
// and a recorder of every bus event with its stable fields (durations are checked apart: they vary).
import type { AgentEventMap, AgentEventName, VirtualAgent } from '../../src/index.js';
import type { Delivery } from '../../src/index.js';
import { toNodeHandler } from '../../src/http/node.js';
import { listen, send, type HttpAnswer, type Listening } from '../http/support.js';

/** Every event name of `agent.events`. */
export const EVENT_NAMES: readonly AgentEventName[] = [
  'delivery',
  'accepted',
  'event',
  'handoff',
  'escalation',
  'api_call',
  'timeout',
  'duplicate',
  'store_error',
  'error',
];

/** One recorded bus event. */
export interface Recorded<N extends AgentEventName = AgentEventName> {
  name: N;
  payload: AgentEventMap[N][0];
}

/** Records every bus event of an agent, in order. */
export function record(agent: VirtualAgent): Recorded[] {
  const seen: Recorded[] = [];
  for (const name of EVENT_NAMES) agent.events.on(name, (payload: Recorded['payload']) => void seen.push({ name, payload }));
  return seen;
}

/** A recorded event as one line of its stable fields (no durations, no error objects). */
export function line(event: Recorded): string {
  const fields = Object.entries(event.payload as unknown as Record<string, unknown>)
    .filter(([key, value]) => !key.endsWith('Ms') && !(value instanceof Error))
    .map(([key, value]) => `${key}=${String(value)}`);
  return `${event.name} ${fields.join(' ')}`;
}

/** A real server on 127.0.0.1 serving the agent through `toNodeHandler`. */
export async function serve(agent: VirtualAgent): Promise<Listening & { post(delivery: Delivery): Promise<HttpAnswer> }> {
  const listening = await listen((req, res) => void toNodeHandler(agent)(req, res));
  return {
    ...listening,
    post: (delivery) =>
      send(`${listening.url}/webhook`, {
        method: 'POST',
        headers: delivery.headers as Record<string, string>,
        chunks: [delivery.body as string],
      }),
  };
}
