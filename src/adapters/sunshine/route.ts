import type { ReceiveOptions } from '../../core/agent.js';
import { type Answer, bodyText, type Delivery } from '../../core/delivery.js';
import { ConfigError } from '../../errors.js';
import { jsonText } from '../../core/json-text.js';
import { BoundedMap, MEMORY_LIMIT } from './memory.js';

// One webhook URL, one agent per channel: each event of a delivery goes to the agent of its channel.

/** What the router drives: a `VirtualAgent` fits, as does anything with the same `receive`. */
export interface RoutedAgent {
  /** Handles one delivery and resolves with the HTTP answer. */
  receive(delivery: Delivery, options?: ReceiveOptions): Promise<Answer>;
  /** The agent's body limit, when it exposes one. */
  readonly maxBodyBytes?: number;
}

/** Options of {@link route}. */
export interface RouteOptions {
  /** The agent of events whose channel no key names (or is not known). Default: the first agent given. */
  fallback?: RoutedAgent;
}

/** The router: a receiving agent for the node, Express and Lambda transports. */
export interface SunshineRouter {
  /** Splits a delivery by channel, hands each agent its events (same headers), and answers for all of them. */
  receive(delivery: Delivery, options?: ReceiveOptions): Promise<Answer>;
  /** The smallest body limit of the agents, when they expose one. */
  readonly maxBodyBytes?: number;
}

type RawEvent = { payload?: { conversation?: { id?: unknown }; message?: Sided; activity?: Sided; source?: { type?: unknown } } };
type Sided = { author?: { type?: unknown }; source?: { type?: unknown } };

/**
 * Serves several agents on one webhook URL, one per channel type (`{ web: webBot, whatsapp: whatsappBot }`): each
 * event goes to the agent of its channel (the contact-side `source.type`, else the channel its conversation was
 * last seen on), others to `fallback`. Each agent verifies `X-API-Key` itself. The answer is the first failing
 * agent's, else the first agent's (so Sunshine redelivers when any part failed; the others drop the repeats).
 */
export function route(agentsByChannel: Readonly<Record<string, RoutedAgent>>, options: RouteOptions = {}): SunshineRouter {
  const entries = agentsByChannel !== null && typeof agentsByChannel === 'object' ? Object.entries(agentsByChannel) : [];
  if (entries.length === 0 || entries.some(([, agent]) => typeof agent?.receive !== 'function')) {
    throw new ConfigError(
      'agentsByChannel',
      'route(agentsByChannel) needs an object of agents by channel type, e.g. route({ web: webAgent, whatsapp: whatsappAgent }).',
    );
  }
  if (options.fallback !== undefined && typeof options.fallback.receive !== 'function') {
    throw new ConfigError('fallback', 'route(agents, { fallback }) must be an agent (an object with receive()).');
  }
  const byChannel = new Map(entries);
  const fallback = options.fallback ?? (entries[0] as [string, RoutedAgent])[1];
  const channels = new BoundedMap<string>(MEMORY_LIMIT);
  const limits = [...entries.map(([, agent]) => agent), fallback].map((agent) => agent.maxBodyBytes).filter((n): n is number => typeof n === 'number');

  const receive = async (delivery: Delivery, receiveOptions?: ReceiveOptions): Promise<Answer> => {
    const envelope = envelopeOf(delivery);
    // Not a delivery the router can split: one agent answers it (401, 400) as it would alone.
    if (envelope === undefined) return fallback.receive(delivery, receiveOptions);
    const groups = new Map<RoutedAgent, unknown[]>();
    // What this delivery says, applied to later events of it at once and to the memory once it is known authentic.
    const learned = new Map<string, string>();
    for (const event of envelope.events) {
      const conversation = conversationOf(event);
      const said = channelOf(event);
      if (said !== undefined && conversation !== undefined) learned.set(conversation, said);
      const channel = said ?? (conversation === undefined ? undefined : (learned.get(conversation) ?? channels.get(conversation)));
      const agent = (channel === undefined ? undefined : byChannel.get(channel)) ?? fallback;
      groups.set(agent, [...(groups.get(agent) ?? []), event]);
    }
    const answers = await Promise.all(
      [...groups].map(([agent, events]) => agent.receive({ ...delivery, body: jsonText({ ...envelope, events }) }, receiveOptions)),
    );
    const failed = answers.find((answer) => answer.status >= 300);
    // Learned from authentic deliveries only: a forged one cannot steer later events.
    if (failed === undefined) for (const [conversation, channel] of learned) channels.set(conversation, channel);
    return failed ?? (answers[0] as Answer);
  };
  return limits.length === 0 ? { receive } : { receive, maxBodyBytes: Math.min(...limits) };
}

function envelopeOf(delivery: Delivery): ({ events: unknown[] } & Record<string, unknown>) | undefined {
  try {
    const body: unknown = JSON.parse(bodyText(delivery.body));
    if (typeof body !== 'object' || body === null || !Array.isArray((body as { events?: unknown }).events)) return undefined;
    return (body as { events: unknown[] }).events.length === 0 ? undefined : (body as { events: unknown[] } & Record<string, unknown>);
  } catch {
    return undefined;
  }
}

function conversationOf(event: unknown): string | undefined {
  const id = (event as RawEvent | null)?.payload?.conversation?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The channel the contact wrote on, as normalization reads it (never a business message's source). */
function channelOf(event: unknown): string | undefined {
  const payload = (event as RawEvent | null)?.payload;
  if (typeof payload !== 'object' || payload === null) return undefined;
  const sided = payload.message ?? payload.activity;
  // A null message or activity (not what Sunshine sends, but JSON allows it) is read like an absent one.
  const type = sided != null ? (sided.author?.type === 'user' ? sided.source?.type : undefined) : payload.source?.type;
  return typeof type === 'string' && type !== '' ? type : undefined;
}
