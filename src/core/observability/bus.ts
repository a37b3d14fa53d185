import { errorMessage } from '../../errors.js';
import { EventEmitter } from 'eventemitter3';
import type { HelperName } from '../actions.js';
import type { Owner } from '../events.js';

/** `delivery`: one answer left the agent. */
export interface DeliveryObservation {
  /** The adapter's name. */
  platform: string;
  /** The HTTP status of the answer. */
  status: number;
  /** How many normalized events the delivery held. */
  events: number;
  /** From the start of `receive` to the answer, in ms. */
  durationMs: number;
  /** At least one of its events had been handled before (a redelivery). */
  duplicate: boolean;
  /** Answered at the ack deadline while handlers still ran. */
  acked: boolean;
}

/** `accepted`: a delivery was verified and parsed (the first stages of the pipeline). */
export interface AcceptObservation {
  /** The adapter's name. */
  platform: string;
  /** Time spent verifying the signature, in ms. */
  verifyMs: number;
  /** Time spent reading the JSON and normalizing it, in ms. */
  parseMs: number;
  /** How many normalized events it held. */
  events: number;
}

/** `event`: one normalized event was handled. */
export interface EventObservation {
  /** The normalized event name. */
  name: string;
  /** The platform's conversation id. */
  conversationId: string;
  /** The owner when the event arrived. */
  ownerBefore: Owner;
  /** The owner once its handlers ran. */
  ownerAfter: Owner;
  /** Whether at least one handler ran for it. */
  handled: boolean;
  /** The time its handlers took, in ms (0 when none ran). */
  handlerMs: number;
}

/** `handoff`: a conversation changed hands. */
export interface HandoffObservation {
  /** The platform's conversation id. */
  conversationId: string;
  /** The owner before. */
  from: Owner;
  /** The owner after. */
  to: Owner;
  /** Who made the change. */
  initiator: 'bot' | 'platform';
  /** The reason, when known. */
  reason: string | undefined;
  /** Inferred from an event's state rather than announced. */
  inferred: boolean;
}

/** Who started an escalation: a handler, the agent's fail-safe after a handler failure, or the platform. */
export type EscalationTrigger = 'bot' | 'fail-safe' | 'platform';

/** What came of an escalation. */
export type EscalationOutcome = 'escalated' | 'failed' | 'unsupported';

/** `escalation`: a conversation was (or was to be) handed to humans. */
export interface EscalationObservation {
  /** The adapter's name. */
  platform: string;
  /** The bot's own id on the platform, when the adapter names one per conversation (`Adapter.botIdOf`). */
  botId: string | undefined;
  /** The platform's conversation id. */
  conversationId: string;
  /** The reason given, `unspecified` when none. */
  reason: string;
  /** Who started it. */
  trigger: EscalationTrigger;
  /** Where to: `default`, `team`, `group`, `agent`, `rule` (a distribution rule), `target` (a platform-specific id), `call` (a phone call through the call provider) or `platform` (the platform's own move). */
  channel: string;
  /** What came of it. */
  outcome: EscalationOutcome;
}

/** `api_call`: one outbound platform call finished. */
export interface ApiCallObservation {
  /** The adapter's name. */
  platform: string;
  /** The helper that made it, when a helper did. */
  helper: HelperName | undefined;
  /** The HTTP method. */
  method: string;
  /** The path as a template (`/api/v1/accounts/:account/conversations/:conversation/messages`), never with a token. */
  route: string;
  /** The final HTTP status, 0 when no answer came. */
  status: number;
  /** The call's duration including retries, in ms. */
  durationMs: number;
  /** How many times it was retried. */
  retries: number;
}

/** `timeout`: a deadline passed. */
export interface TimeoutObservation {
  /** The ack deadline (answered while work continues) or a handler's `handlerTimeoutMs`. */
  kind: 'ack' | 'handler';
  /** The deadline, in ms. */
  afterMs: number;
  /** The conversation, for a handler timeout. */
  conversationId: string | undefined;
}

/** `duplicate`: an event already handled was skipped. */
export interface DuplicateObservation {
  /** The platform's conversation id. */
  conversationId: string;
  /** The event's idempotency key. */
  idempotencyKey: string;
}

/** `store_error`: the store failed; the delivery is answered for redelivery or the write is lost. */
export interface StoreErrorObservation {
  /** What the agent was doing. */
  operation: string;
  /** The error's message. */
  message: string;
}

/** `error`: the same errors `onError` receives. */
export interface ErrorObservation {
  /** The error. */
  error: Error;
  /** The error's code, when it is a `HandoffkitError`. */
  code: string | undefined;
  /** The conversation, when known. */
  conversationId: string | undefined;
}

/** The agent's lifecycle events and their payloads. */
export interface AgentEventMap {
  /** An answer left the agent. */
  delivery: [DeliveryObservation];
  /** A delivery was verified and parsed. */
  accepted: [AcceptObservation];
  /** A normalized event was handled. */
  event: [EventObservation];
  /** A conversation changed hands. */
  handoff: [HandoffObservation];
  /** An escalation was attempted. */
  escalation: [EscalationObservation];
  /** An outbound platform call finished. */
  api_call: [ApiCallObservation];
  /** A deadline passed. */
  timeout: [TimeoutObservation];
  /** A repeated event was skipped. */
  duplicate: [DuplicateObservation];
  /** The store failed. */
  store_error: [StoreErrorObservation];
  /** An error was reported. */
  error: [ErrorObservation];
}

/** A lifecycle event name of `agent.events`. */
export type AgentEventName = keyof AgentEventMap;

/** Reports a listener's failure (once per listener). */
type FailureSink = (message: string, meta: Record<string, unknown>) => void;

type Listener = (payload: never) => void;

/**
 * `agent.events`: a typed eventemitter3 emitter of the agent's lifecycle. Emitted synchronously and never awaited;
 * a listener that throws is caught (and logged once), so observers cannot break or slow a delivery down.
 */
export class AgentEvents extends EventEmitter<AgentEventMap> {
  readonly #failed = new WeakSet<object>();
  readonly #sink: FailureSink;

  /** @internal */
  constructor(sink: FailureSink) {
    super();
    this.#sink = sink;
  }

  /** Whether anybody listens to `name` (emit points check it first, so nothing is built for nobody). */
  listening(name: AgentEventName): boolean {
    return this.listenerCount(name) > 0;
  }

  /** Emits `payload` to every listener of `name`, each guarded: a throwing listener is reported once and skipped. */
  override emit<N extends AgentEventName>(name: N, ...args: AgentEventMap[N]): boolean {
    const listeners = this.listeners(name) as Listener[];
    if (listeners.length === 0) return false;
    // eventemitter3 drops `once` listeners during its own emit; a guarded copy keeps that by removing them first.
    const once = (this as unknown as { _events: Record<string, unknown> })._events[name];
    removeOnce(this, name, once);
    for (const listener of listeners) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (error) {
        this.#report(name, listener, error);
      }
    }
    return true;
  }

  #report(name: string, listener: object, error: unknown): void {
    if (this.#failed.has(listener)) return;
    this.#failed.add(listener);
    const message = errorMessage(error);
    this.#sink(`an agent.events '${name}' listener threw (reported once per listener): ${message}`, { code: 'E_LISTENER', event: name });
  }
}

/** eventemitter3's stored listener record. */
interface StoredListener {
  fn: Listener;
  context: unknown;
  once: boolean;
}

function removeOnce(emitter: AgentEvents, name: AgentEventName, stored: unknown): void {
  const records = (Array.isArray(stored) ? stored : stored === undefined ? [] : [stored]) as StoredListener[];
  for (const record of records) if (record.once) emitter.removeListener(name, record.fn as never, record.context, true);
}
