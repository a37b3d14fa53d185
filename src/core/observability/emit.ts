import { errorMessage } from '../../errors.js';
// The agent's emission points, one call each: every function checks for a listener before it builds a payload.
import type { EscalateOptions } from '../actions.js';
import type { Answer } from '../delivery.js';
import type { HandoffInfo, NormalizedEvent, Owner } from '../events.js';
import type { AgentEvents, EscalationOutcome, EscalationTrigger } from './bus.js';

/** What a delivery's trace reads from each event's progress. */
interface Tracked {
  duplicate?: boolean;
}

/** One delivery under observation: its stage times, and its `delivery` event when the answer leaves. */
export class DeliveryTrace {
  readonly #bus: AgentEvents;
  readonly #platform: string;
  readonly #began = performance.now();
  #stage = this.#began;
  #verifyMs = 0;
  #events = 0;
  #acked = false;
  #progress: readonly Tracked[] = [];

  private constructor(bus: AgentEvents, platform: string) {
    this.#bus = bus;
    this.#platform = platform;
  }

  /** A trace when anybody listens to deliveries, their stages or deadlines; otherwise `undefined`. */
  static start(bus: AgentEvents, platform: string): DeliveryTrace | undefined {
    if (!bus.listening('delivery') && !bus.listening('accepted') && !bus.listening('timeout')) return undefined;
    return new DeliveryTrace(bus, platform);
  }

  /** The signature was checked. */
  verified(): void {
    const now = performance.now();
    this.#verifyMs = now - this.#stage;
    this.#stage = now;
  }

  /** The body was parsed into `events` (kept to read which were duplicates). */
  parsed(events: number, progress: readonly Tracked[] = []): void {
    this.#events = events;
    this.#progress = progress;
    if (this.#bus.listening('accepted')) {
      this.#bus.emit('accepted', { platform: this.#platform, verifyMs: this.#verifyMs, parseMs: performance.now() - this.#stage, events });
    }
  }

  /** The progress of each event, once known. */
  track(progress: readonly Tracked[]): void {
    this.#progress = progress;
  }

  /** Answered at the ack deadline while work continues. */
  acked(afterMs: number): void {
    this.#acked = true;
    if (this.#bus.listening('timeout')) this.#bus.emit('timeout', { kind: 'ack', afterMs, conversationId: undefined });
  }

  /** Emits `delivery` once `answer` settles, and passes it on unchanged. */
  async finish(answer: Promise<Answer>): Promise<Answer> {
    const done = await answer;
    if (this.#bus.listening('delivery')) {
      this.#bus.emit('delivery', {
        platform: this.#platform,
        status: done.status,
        events: this.#events,
        durationMs: performance.now() - this.#began,
        duplicate: this.#progress.some((p) => p.duplicate === true),
        acked: this.#acked,
      });
    }
    return done;
  }
}

/** One normalized event under observation, from its state to the end of its handlers. */
class EventWatch {
  firstHandler: number | undefined;
  constructor(
    readonly event: NormalizedEvent,
    readonly ownerBefore: Owner,
  ) {}
}

const watches = new WeakMap<object, EventWatch>();

/** Starts watching an event's handling in `state` (when anybody listens to `event`). */
export function watchEvent(bus: AgentEvents, state: object, event: NormalizedEvent, ownerBefore: Owner | undefined): void {
  if (bus.listening('event')) watches.set(state, new EventWatch(event, ownerBefore ?? 'none'));
}

/** Handlers are about to run in `state`. */
export function handlersStarted(state: object): void {
  const watch = watches.get(state);
  if (watch !== undefined) watch.firstHandler ??= performance.now();
}

/** Emits `event` for the event handled in `state`. */
export function eventHandled(bus: AgentEvents, state: { owner(): Owner }): void {
  const watch = watches.get(state);
  if (watch === undefined) return;
  watches.delete(state);
  const { event, ownerBefore, firstHandler } = watch;
  bus.emit('event', {
    name: event.name,
    conversationId: event.conversationId,
    ownerBefore,
    ownerAfter: state.owner(),
    handled: firstHandler !== undefined,
    handlerMs: firstHandler === undefined ? 0 : performance.now() - firstHandler,
  });
}

/** Which platform and bot an escalation belongs to. */
export interface EscalationSource {
  /** The adapter's name. */
  platform: string;
  /** The bot's own id on the platform, when the adapter names one. */
  botId: string | undefined;
}

/** Emits `handoff` for a change of owner, and `escalation` when the platform moved it to humans. */
export function handedOver(bus: AgentEvents, source: EscalationSource, conversationId: string, handoff: HandoffInfo): void {
  if (bus.listening('handoff')) {
    const { from, to, initiator, reason, inferred } = handoff;
    bus.emit('handoff', { conversationId, from, to, initiator, reason, inferred });
  }
  if (handoff.initiator === 'platform' && handoff.to === 'human' && bus.listening('escalation')) {
    bus.emit('escalation', {
      ...source,
      conversationId,
      reason: handoff.reason ?? 'unspecified',
      trigger: 'platform',
      channel: 'platform',
      outcome: 'escalated',
    });
  }
}

/** Runs an escalation helper's platform work and emits `escalation` with its outcome. */
export async function observeEscalation<T>(
  bus: AgentEvents | undefined,
  source: EscalationSource,
  conversationId: string,
  trigger: EscalationTrigger,
  options: EscalateOptions,
  work: () => Promise<T>,
): Promise<T> {
  if (bus === undefined || !bus.listening('escalation')) return work();
  const emit = (outcome: EscalationOutcome): void => {
    bus.emit('escalation', { ...source, conversationId, reason: options.reason ?? 'unspecified', trigger, channel: channelOf(options), outcome });
  };
  let result: T;
  try {
    result = await work();
  } catch (error) {
    emit((error as { code?: unknown }).code === 'E_UNSUPPORTED' ? 'unsupported' : 'failed');
    throw error;
  }
  emit('escalated');
  return result;
}

function channelOf(options: EscalateOptions): string {
  if (options.call !== undefined) return 'call';
  const to = options.to;
  if (to === undefined) return 'default';
  if (typeof to === 'object' && 'call' in to) return 'call';
  if (typeof to === 'object') return 'agent' in to ? 'agent' : 'group' in to ? 'group' : 'rule' in to ? 'rule' : 'team';
  return 'target';
}

/** Emits `duplicate` for a skipped event, and marks its progress. */
export function skippedDuplicate(bus: AgentEvents, event: NormalizedEvent, progress: Tracked): void {
  progress.duplicate = true;
  if (bus.listening('duplicate')) bus.emit('duplicate', { conversationId: event.conversationId, idempotencyKey: event.idempotencyKey });
}

/** Emits `timeout` for a handler that ran past its deadline. */
export function handlerTimedOut(bus: AgentEvents, afterMs: number, conversationId: string | undefined): void {
  if (bus.listening('timeout')) bus.emit('timeout', { kind: 'handler', afterMs, conversationId });
}

/** Emits `store_error`. */
export function storeFailed(bus: AgentEvents, operation: string, error: unknown): void {
  if (bus.listening('store_error')) bus.emit('store_error', { operation, message: errorMessage(error) });
}

/** Emits `error` (what `onError` receives). */
export function reported(bus: AgentEvents, error: Error, conversationId: string | undefined): void {
  if (!bus.listening('error')) return;
  const code = (error as { code?: unknown }).code;
  bus.emit('error', { error, code: typeof code === 'string' ? code : undefined, conversationId });
}
