// The timeline's markers of what the agent itself reports on `agent.events`: handler errors and fail-safe
// escalations of one conversation, each placed where it happened among the bot's platform calls.
import type { Owner } from '../core/events.js';
import type { AgentEvents, ErrorObservation, EscalationObservation } from '../core/observability/bus.js';
import { errorMessage } from '../errors.js';

/** What the driver listens to on an agent: a `VirtualAgent`'s `events` fits. */
export type DrivenAgentEvents = Pick<AgentEvents, 'on' | 'off'>;

/** One marker: its entry's fields, and how many platform calls the emulator had recorded when it happened. */
export interface Marker {
  /** The emulator's action count at the time: the marker goes before the action of that index. */
  at: number;
  /** `error` (a handler failed, or a helper's call did) or `failSafe` (the agent escalated after a failure). */
  what: 'error' | 'failSafe';
  /** The error's message, or the fail-safe escalation's reason and outcome. */
  text: string;
  /** The platform-side owner then. */
  owner: Owner;
  /** The observation as JSON. */
  payload: string;
}

/** The markers of a conversation as they come, until `stop()`. */
export interface MarkerFeed {
  /** Takes the markers placed before action index `before` (all of them by default). */
  take(before?: number): Marker[];
  /** Stops listening. */
  stop(): void;
}

/** Listens to `events` for the markers of `conversationId`. */
export function listenForMarkers(events: DrivenAgentEvents | undefined, conversationId: string, position: () => number, owner: () => Owner): MarkerFeed {
  const waiting: Marker[] = [];
  const onError = (observation: ErrorObservation): void => {
    if (observation.conversationId !== conversationId) return;
    const { error, code } = observation;
    const details = (error as { details?: unknown }).details;
    const payload = { event: 'error', code: code ?? null, message: errorMessage(error), name: error.name, details: details ?? null, conversationId };
    waiting.push({ at: position(), what: 'error', text: errorMessage(error), owner: owner(), payload: JSON.stringify(payload) });
  };
  const onEscalation = (observation: EscalationObservation): void => {
    if (observation.conversationId !== conversationId || observation.trigger !== 'fail-safe') return;
    const text = `${observation.reason} (${observation.outcome})`;
    waiting.push({ at: position(), what: 'failSafe', text, owner: owner(), payload: JSON.stringify({ event: 'escalation', ...observation }) });
  };
  events?.on('error', onError);
  events?.on('escalation', onEscalation);
  return {
    take(before = Number.POSITIVE_INFINITY) {
      const due = waiting.filter((marker) => marker.at <= before);
      waiting.splice(0, due.length);
      return due;
    },
    stop() {
      events?.off('error', onError);
      events?.off('escalation', onEscalation);
    },
  };
}
