import type { Adapter, ParsedDelivery } from '../adapters/types.js';
import { MemoryStore } from '../store/memory.js';
import { type Store, SYNC_STORE, type SyncStore } from '../store/types.js';
import { toDelivery, toResponse } from '../http/fetch.js';
import { EventContext, type AnyContext } from './context.js';
import { LiveConversation, OWNER_TTL_MS, storeCall, type FollowUp, type StateDeps } from './conversation-state.js';
import { type Answer, type Delivery, bodyText, byteLength, jsonAnswer } from './delivery.js';
import { ConfigError, HandoffkitError, HTTP_STATUS_BY_CODE, isHandoffkitError, PayloadError } from './errors.js';
import { DEFAULT_REDELIVERY, DeliveryFailure, redeliveryAnswer, type RedeliveryStatuses } from './failures.js';
import type { EventName, HandoffInfo, LifecycleEventName, NormalizedEvent } from './events.js';
import { announcedName, applySignal, lifecycleFor, missedChange, type OwnershipRecord, unrecordedAnnouncement } from './handoff.js';
import type { ConversationRef, OutgoingMessage } from './actions.js';
import { ConversationHelpers } from './helpers.js';
import { rememberContact } from './remembered.js';
import { dedupeTtlFor, refuseStale } from './stale.js';
import { Deadlines } from './deadlines.js';
import { LaneLock } from './lane-lock.js';
import { Lanes } from './lanes.js';
import { type Session, StoreSession } from './session.js';
import { ResponseOutbox } from './outbox.js';
import { type AnyHandler, checkedHandler, checkedNames, type Handler, HandlerRegistry, type HandlerOptions } from './registry.js';
import { describeValue } from './options.js';
import { consoleLogger, type Logger, loggerOption, rateLimitedLogger, redactingLogger } from './logger.js';
import { TagOwnershipResolver } from './tag-ownership.js';
import { AgentEvents } from './observability/bus.js';
import * as observe from './observability/emit.js';
import { EscalationTally, type EscalationReport } from './observability/escalations.js';
import { agentLog, isPinoLike, logBus, type LoggerOption } from './observability/log.js';

/** What the agent does when a handler throws or times out. */
export type HandlerErrorPolicy = 'escalate' | 'ignore' | 'throw';

/** Options of {@link VirtualAgent}; `Raw` is the type of the adapter's payloads. */
export interface VirtualAgentOptions<Raw = unknown> {
  /** The platform adapter, e.g. `chatwoot({ … })`. */
  adapter: Adapter<Raw>;
  /** Where dedupe keys and ownership live. Default: a new `MemoryStore`. */
  store?: Store;
  /**
   * When a handler throws or times out: `'escalate'` (default) hands the conversation to a human so no contact
   * is left unanswered; `'ignore'` only reports it; `'throw'` answers with the status the platform retries on
   * (`adapter.redelivery`).
   */
  onHandlerError?: HandlerErrorPolicy;
  /** Sent to the contact before the fail-safe escalation when a handler fails (`onHandlerError: 'escalate'`). */
  fallbackMessage?: string | OutgoingMessage;
  /** With a store that offers locks (RedisStore): how long a conversation lock lives without extension. Default 30 000. */
  lockTtlMs?: number;
  /** How long an untouched `ctx.session` is kept. Default 30 days. */
  sessionTtlMs?: number;
  /** How many conversations are handled at once; the others wait their turn. Default 256. */
  maxConcurrency?: number;
  /** Answer the platform after this long even if handlers still run (202); default per adapter (Chatwoot 4 s). */
  ackTimeoutMs?: number;
  /** A handler running longer than this has failed (`E_TIMEOUT`). Default per adapter, else 25 000. */
  handlerTimeoutMs?: number;
  /** Larger bodies are refused with 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * How long a delivery's idempotency key is remembered, to drop repeats; events whose own time is older are refused.
   * Default per adapter (its platform's retry horizon: Messenger 48 h), else 24 h.
   */
  dedupeTtlMs?: number;
  /** Keeps work alive after the answer on runtimes that stop at the response (Cloudflare, Vercel). */
  waitUntil?: (work: Promise<unknown>) => void;
  /** Where warnings and unhandled errors go: console style `{ warn, error }` or a pino logger. Default: `console` with a `[handoffkit]` prefix. */
  logger?: LoggerOption;
  /** A clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** Per-call options of `agent.receive`, for transports. */
export interface ReceiveOptions {
  /**
   * Overrides the ack deadline for this delivery; `false` waits for every handler before answering
   * (for runtimes that freeze after the response, such as AWS Lambda).
   */
  ackTimeoutMs?: number | false;
}

/** Receives every error the agent reports (handler failures, failed escalations, work after the ack). */
export type ErrorHandler<S = unknown, Raw = unknown> = (error: HandoffkitError | Error, ctx: AnyContext<S, Raw> | undefined) => unknown;

/** The helpers of one conversation outside a webhook (proactive messages, work finished after the ack). */
export class ConversationHandle<S = unknown> extends ConversationHelpers {
  /** The platform's conversation id. */
  readonly id: string;
  readonly #state: LiveConversation;

  /** @internal */
  constructor(state: LiveConversation) {
    super(state);
    this.#state = state;
    this.id = state.ref.id;
  }

  /** The conversation's session, as handlers see it in `ctx.session`. */
  get session(): Session<S> {
    return this.#state.session() as Session<S>;
  }

  /** Who owns the conversation, as far as the agent knows. */
  async owner(): Promise<'bot' | 'human' | 'none'> {
    await this.#state.ready();
    return this.#state.owner();
  }
}

const MIB = 1024 * 1024;
const OK_BODY = '{"ok":true}';
const LIFECYCLE: ReadonlySet<string> = new Set<LifecycleEventName>([
  'handoff_requested',
  'handed_off',
  'handed_back',
  'conversation_resolved',
]);
const OWNERSHIP_EVENTS: ReadonlySet<string> = new Set<LifecycleEventName>(['handed_off', 'handed_back', 'conversation_resolved']);

/**
 * Events whose failed handlers are reported but never escalated: no contact is left waiting on them (a closed
 * conversation, an observer's event, a greeting when the widget opens).
 */
const NO_FAIL_SAFE: ReadonlySet<string> = new Set<NormalizedEvent['name']>(['conversation_resolved', 'platform_event', 'contact_event', 'widget_triggered']);

/** What an event's handling got to, for deciding whether a retry may run it again. */
interface Progress {
  /** The conversation state, once handling began. */
  state: LiveConversation | undefined;
  /**
   * Where the event is: queued in this process's lane, waiting for the store's conversation lock or claiming its
   * dedupe key, or started (its handlers are about to run, it runs to the end whatever the store does), or done.
   */
  phase: 'queued' | 'locking' | 'started' | 'done';
  /** The delivery was answered "redeliver" before handling began: the platform sends it again, so this attempt stops. */
  cancelled: boolean;
  /** The event had been handled before (set when it is skipped). */
  duplicate?: boolean;
}

/** What a dedupe key holds: claimed while an event is being handled, done once it was. */
const CLAIMED = 'claimed';
const DONE = 'done';

/** Thrown inside an event's handling when its delivery was answered "redeliver" before handling began. */
const CANCELLED = Symbol('cancelled');

/**
 * A handoff-aware virtual agent: verifies and parses one platform's webhooks, tracks who owns each
 * conversation, and runs typed handlers with helpers that never talk over a human.
 */
export class VirtualAgent<S = unknown, Raw = unknown> {
  /** The platform adapter. */
  readonly adapter: Adapter<Raw>;
  /** The store of dedupe keys and ownership. */
  readonly store: Store;
  /** The agent's lifecycle as a typed eventemitter3 emitter (synchronous, never awaited, free with no listener). */
  readonly events: AgentEvents;
  readonly #registry = new HandlerRegistry();
  // Kept without the payload type, so that an agent over any adapter is assignable to `VirtualAgent<S>`.
  readonly #errorHandlers: ErrorHandler<S>[] = [];
  readonly #lanes: Lanes;
  readonly #deadlines = new Deadlines();
  readonly #policy: HandlerErrorPolicy;
  readonly #ackTimeoutMs: number;
  readonly #handlerTimeoutMs: number;
  readonly #maxBodyBytes: number;
  readonly #dedupeTtlMs: number;
  readonly #redelivery: RedeliveryStatuses;
  readonly #waitUntil: ((work: Promise<unknown>) => void) | undefined;
  readonly #fallbackMessage: string | OutgoingMessage | undefined;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #deps: StateDeps;
  readonly #prefix: string;
  readonly #tags: TagOwnershipResolver | undefined;
  readonly #lock: LaneLock | undefined;
  /** The store's synchronous access, when it is in-process (MemoryStore). */
  readonly #sync: SyncStore | undefined;
  readonly #escalations: EscalationTally;

  /** Creates an agent for one platform adapter; throws `E_CONFIG` on a bad option. */
  constructor(options: VirtualAgentOptions<Raw>) {
    if (options === undefined || options === null || typeof options.adapter?.parse !== 'function') {
      throw new ConfigError('adapter', 'new VirtualAgent({ adapter }) needs an adapter, e.g. chatwoot({ … }) from handoffkit/chatwoot.');
    }
    const policy = options.onHandlerError ?? 'escalate';
    if (!['escalate', 'ignore', 'throw'].includes(policy)) {
      throw new ConfigError('onHandlerError', `new VirtualAgent({ onHandlerError }) must be 'escalate', 'ignore' or 'throw', got ${describeValue(policy)}.`);
    }
    this.adapter = options.adapter;
    this.store = options.store ?? new MemoryStore();
    this.#sync = (this.store as { [SYNC_STORE]?: SyncStore })[SYNC_STORE];
    this.#policy = policy;
    this.#ackTimeoutMs = positive('ackTimeoutMs', options.ackTimeoutMs ?? options.adapter.ackTimeoutMs ?? 4_000);
    this.#handlerTimeoutMs = positive('handlerTimeoutMs', options.handlerTimeoutMs ?? options.adapter.handlerTimeoutMs ?? 25_000);
    this.#maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes ?? MIB);
    this.#dedupeTtlMs = positive('dedupeTtlMs', options.dedupeTtlMs ?? options.adapter.dedupeTtlMs ?? 24 * 60 * 60 * 1000);
    this.#waitUntil = options.waitUntil;
    this.#redelivery = options.adapter.redelivery ?? DEFAULT_REDELIVERY;
    this.#lanes = new Lanes(positive('maxConcurrency', options.maxConcurrency ?? 256));
    this.#fallbackMessage = options.fallbackMessage;
    this.#now = options.now ?? Date.now;
    // Checked first (E_CONFIG naming `logger`); pino's calls are turned around; every line goes through the adapter's
    // redaction; the default logger writes one warning per code a minute.
    const checked = loggerOption(options.logger);
    const log = agentLog(options.logger !== undefined && isPinoLike(options.logger) ? options.logger : checked, this.adapter.name);
    const base = options.logger === undefined ? rateLimitedLogger(log.logger, { now: this.#now }) : log.logger;
    this.#logger = redactingLogger(base, this.adapter.redact);
    this.events = new AgentEvents((message, meta) => this.#logger.error(message, meta));
    logBus(this.events, { logger: this.#logger, trace: log.trace }, this.adapter.name);
    this.#escalations = new EscalationTally(this.events, this.#now);
    this.#prefix = `hk:${this.adapter.name}:`;
    // Before the answer, a delivery waiting for the lock is answered "redeliver" at the ack deadline; after it (queued behind
    // this instance's own handler), it waits until even a crashed holder's lock has expired.
    const lockTtl = positive('lockTtlMs', options.lockTtlMs ?? 30_000);
    this.#lock = LaneLock.supported(this.store)
      ? new LaneLock(this.store, { ttlMs: lockTtl, waitMs: lockTtl + this.#handlerTimeoutMs }, this.#logger)
      : undefined;
    const sessionTtl = positive('sessionTtlMs', options.sessionTtlMs ?? 30 * 24 * 60 * 60 * 1000);
    const tags = this.adapter.tagOwnership;
    this.#tags = tags === undefined ? undefined : new TagOwnershipResolver(tags, this.store, this.#prefix, this.#logger);
    this.#deps = {
      adapter: this.adapter,
      store: this.store,
      bus: this.events,
      now: this.#now,
      ownerKey: (id) => `${this.#prefix}owner:${id}`,
      targetKey: (id) => `${this.#prefix}target:${id}`,
      session: (id) => new StoreSession(this.store, `${this.#prefix}session:${id}`, sessionTtl),
      ...(this.#tags === undefined ? {} : { forgetOwner: (id: string) => this.#tags!.forget(id) }),
    };
    const onRequest = this.adapter.onHandoffRequest;
    if (typeof onRequest === 'function') this.on('handoff_requested', onRequest as Handler<'handoff_requested', S, Raw>);
    this.fetch = this.fetch.bind(this);
    this.receive = this.receive.bind(this);
  }

  /** The body limit in bytes; transports default to it. */
  get maxBodyBytes(): number {
    return this.#maxBodyBytes;
  }

  /** The agent's logger; transports report through it. */
  get logger(): Logger {
    return this.#logger;
  }

  /** Escalation counts since the agent started, by reason, trigger, channel and outcome. */
  escalations(): EscalationReport {
    return this.#escalations.report();
  }

  /** Registers a handler for one event name or several; the context narrows by name. */
  on<N extends EventName>(names: N | readonly N[], handler: Handler<N, S, Raw>, options: HandlerOptions = {}): this {
    this.#registry.add(checkedNames('on', names), checkedHandler('on', handler) as (ctx: never) => unknown, options ?? {});
    return this;
  }

  /** Removes a handler from some event names, or from every name (and `onAny`) when no name is given. */
  off<N extends EventName>(names: N | readonly N[] | undefined, handler: Handler<N, S, Raw> | AnyHandler<S, Raw>): this {
    this.#registry.remove(names === undefined ? undefined : checkedNames('off', names), handler as (ctx: never) => unknown);
    return this;
  }

  /** Registers a handler of every event, owned or not, including platform events no named handler sees. */
  onAny(handler: AnyHandler<S, Raw>): this {
    this.#registry.addAny(checkedHandler('onAny', handler));
    return this;
  }

  /** Registers a receiver of errors: handler failures, failed escalations, failures after the ack. */
  onError(handler: ErrorHandler<S, Raw>): this {
    this.#errorHandlers.push(checkedHandler('onError', handler) as ErrorHandler<S>);
    return this;
  }

  /** The helpers of one conversation, for work outside a webhook. */
  conversation(id: string | number): ConversationHandle<S> {
    const deps: StateDeps = { ...this.#deps, detached: (state) => this.#dispatchDetached(state) };
    return new ConversationHandle<S>(new LiveConversation(deps, { id: String(id) }, undefined));
  }

  /** Handles a Web-standard `Request` and answers with a `Response` (bound: pass `agent.fetch` as is). */
  async fetch(request: Request): Promise<Response> {
    let delivery: Delivery;
    try {
      delivery = await toDelivery(request, this.#maxBodyBytes);
    } catch (error) {
      return toResponse(this.#reject(error));
    }
    return toResponse(await this.receive(delivery));
  }

  /** Handles one delivery given as plain values (the raw body bytes) and resolves with the HTTP answer (bound). */
  receive(delivery: Delivery, options: ReceiveOptions = {}): Promise<Answer> {
    const trace = observe.DeliveryTrace.start(this.events, this.adapter.name);
    return trace === undefined ? this.#receive(delivery, options, undefined) : trace.finish(this.#receive(delivery, options, trace));
  }

  async #receive(delivery: Delivery, options: ReceiveOptions, trace: observe.DeliveryTrace | undefined): Promise<Answer> {
    let events: NormalizedEvent[];
    try {
      const handshake = this.adapter.handshake?.(delivery);
      if (handshake !== undefined) return handshake;
      const parsed = this.#accept(delivery, trace);
      const errors: Error[] = Array.isArray(parsed) ? [] : [...parsed.errors];
      events = refuseStale(Array.isArray(parsed) ? parsed : parsed.events, this.#now(), this.#dedupeTtlMs, errors);
      for (const error of errors) void this.#report(error, undefined);
    } catch (error) {
      return this.#reject(error);
    }
    const outbox = this.adapter.respond === undefined ? undefined : new ResponseOutbox();
    if (events.length === 0) return this.#answered(okAnswer(200), outbox);
    const progress = events.map((): Progress => ({ state: undefined, phase: 'queued', cancelled: false }));
    trace?.track(progress);
    const work = this.#handleAll(events, outbox, progress).then((answer) => this.#answered(answer, outbox));
    const deadline = options.ackTimeoutMs ?? this.#ackTimeoutMs;
    return deadline === false ? work : this.#ack(work, deadline, outbox, progress, trace);
  }

  /** The final answer: for platforms that take actions in the answer, the collected actions (unless it failed). */
  #answered(answer: Answer, outbox: ResponseOutbox | undefined): Answer {
    if (outbox === undefined || !outbox.open) return answer;
    const items = outbox.close();
    if (answer.status >= 300) {
      if (items.length > 0) this.#logger.warn(`${items.length} action(s) not sent: the delivery failed and will be redelivered`);
      return answer;
    }
    return this.adapter.respond!(items, answer.status === 202 ? 202 : 200);
  }

  #accept(delivery: Delivery, trace: observe.DeliveryTrace | undefined): NormalizedEvent[] | ParsedDelivery {
    if (delivery.method.toUpperCase() !== 'POST') {
      throw new HandoffkitError('E_METHOD', `Method ${delivery.method} is not allowed: webhooks are delivered with POST.`);
    }
    const { body } = delivery;
    if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new ConfigError(
        'body',
        'agent.receive needs the raw body (string or bytes), got a parsed object: mount the webhook before any JSON body parser.',
      );
    }
    const size = byteLength(body);
    if (size > this.#maxBodyBytes) {
      throw new HandoffkitError('E_BODY_TOO_LARGE', `The body is ${size} bytes, over the limit of ${this.#maxBodyBytes} (maxBodyBytes).`);
    }
    this.adapter.verify(delivery, { now: this.#now() });
    trace?.verified();
    const parsed = this.adapter.parse(parseJson(bodyText(body)), delivery);
    trace?.parsed(Array.isArray(parsed) ? parsed.length : parsed.events.length);
    return parsed;
  }

  #reject(error: unknown): Answer {
    if (error instanceof HandoffkitError) {
      if (error.code === 'E_STORE') return redeliveryAnswer(this.#redelivery, 'unavailable', 'E_STORE');
      if (error.code === 'E_CONFIG') this.#logger.error(error.message, { code: error.code });
      else this.#logger.warn(`delivery rejected: ${error.message}`, { code: error.code });
      const answer = jsonAnswer(HTTP_STATUS_BY_CODE[error.code], error.toJSON());
      if (error.code === 'E_METHOD') answer.headers.allow = 'POST';
      return answer;
    }
    this.#logger.error(`delivery failed: ${describe(error)}`);
    return jsonAnswer(500, { error: { code: 'E_HANDLER', message: 'The delivery could not be handled.' } });
  }

  async #ack(work: Promise<Answer>, deadlineMs: number, outbox: ResponseOutbox | undefined, progress: Progress[], trace?: observe.DeliveryTrace): Promise<Answer> {
    // `work` never rejects: every failure is already an answer.
    const answer = await new Promise<Answer | undefined>((resolve) => {
      const deadline = this.#deadlines.add(deadlineMs, () => resolve(undefined));
      void work.then((done) => {
        deadline.cancel();
        resolve(done);
      });
    });
    if (answer !== undefined) return answer;
    trace?.acked(deadlineMs);
    // Still waiting for another instance's conversation lock (or a slow store): a 2xx now could lose those events
    // if the wait then fails, so they stop here and the delivery is answered with the redelivery status.
    const waiting = this.#lock === undefined ? [] : progress.filter((p) => p.phase === 'locking');
    if (waiting.length > 0) {
      for (const p of waiting) p.cancelled = true;
      this.#logger.warn(`${waiting.length} event(s) still waiting for their conversation at the ack deadline: answered for redelivery`);
      outbox?.close();
      return redeliveryAnswer(this.#redelivery, 'unavailable', 'E_STORE');
    }
    // Handlers outlived the ack deadline: answer now (with the actions collected so far), keep working.
    this.#waitUntil?.(work);
    return this.#answered(okAnswer(this.adapter.ackStatus ?? 202), outbox);
  }

  async #handleAll(events: NormalizedEvent[], outbox: ResponseOutbox | undefined, progress: Progress[]): Promise<Answer> {
    if (events.length === 1) {
      try {
        await this.#enqueue(events[0] as NormalizedEvent, outbox, progress[0] as Progress);
        return okAnswer(200);
      } catch (reason) {
        return this.#failureAnswer([reason]);
      }
    }
    // Queued synchronously, in order: each conversation's lane keeps the delivery's order.
    const results = await Promise.allSettled(events.map((event, i) => this.#enqueue(event, outbox, progress[i] as Progress)));
    const reasons: unknown[] = [];
    for (const result of results) if (result.status === 'rejected') reasons.push(result.reason);
    return reasons.length === 0 ? okAnswer(200) : this.#failureAnswer(reasons);
  }

  /** Queues an event in its conversation's lane (under the store's lock when several instances share it). */
  #enqueue(event: NormalizedEvent, outbox: ResponseOutbox | undefined, progress: Progress): Promise<void> {
    // The lane is the conversation: its events run one at a time, in order (a contact event without one: the contact).
    const lane = event.conversationId || `contact:${event.contact?.id ?? ''}`;
    const lock = this.#lock;
    const handle = (): Promise<void> => this.#handle(event, outbox, progress);
    return this.#lanes.run(lane, async () => {
      progress.phase = 'locking';
      try {
        if (lock === undefined || progress.cancelled) await handle();
        else await lock.run(`${this.#prefix}lock:${lane}`, handle, () => progress.cancelled);
      } finally {
        // (#handle may have moved it on to 'started'.)
        if ((progress.phase as Progress['phase']) !== 'started') progress.phase = 'done';
      }
    });
  }

  /** The answer to a delivery some of whose events failed: "unavailable" when a dependency failed, else "failed". */
  #failureAnswer(reasons: unknown[]): Answer {
    let failure: DeliveryFailure | undefined;
    for (const reason of reasons) {
      const error = DeliveryFailure.of(reason);
      if (!(reason instanceof DeliveryFailure)) this.#logger.error(`event failed: ${error.message}`, { code: error.code });
      if (error.code === 'E_STORE') observe.storeFailed(this.events, 'handle event', reason);
      if (failure === undefined || error.kind === 'unavailable') failure = error;
    }
    // The answer never carries a platform's or a handler's text (it may quote a URL with a token): details go to
    // the log and to onError, the platform gets a fixed sentence, with the status the adapter says it retries on.
    const { kind, code } = failure as DeliveryFailure;
    return redeliveryAnswer(this.#redelivery, kind, code);
  }

  async #handle(event: NormalizedEvent, outbox: ResponseOutbox | undefined, progress: Progress): Promise<void> {
    if (progress.cancelled) return;
    const dedupeKey = `${this.#prefix}seen:${event.idempotencyKey}`;
    const ttlMs = dedupeTtlFor(event, this.#now(), this.#dedupeTtlMs);
    const sync = this.#sync;
    const fresh = sync ? sync.setIfAbsent(dedupeKey, CLAIMED, ttlMs) : await storeCall(() => this.store.setIfAbsent(dedupeKey, CLAIMED, ttlMs));
    // A key still `claimed` belongs to an attempt that never finished (it failed, or a timed-out store call of a
    // delivery answered "redeliver" ran late). This lane (and lock) holds the conversation now, so the event runs.
    if (!fresh && (sync ? sync.get(dedupeKey) : await storeCall(() => this.store.get(dedupeKey))) !== CLAIMED) return observe.skippedDuplicate(this.events, event, progress);
    try {
      await this.#process(event, outbox, progress);
    } catch (error) {
      if (error === CANCELLED) {
        // Answered "redeliver" before handling began: release the claim for the redelivery.
        await this.store.delete(dedupeKey).catch(() => undefined);
        return;
      }
      // Failed before any side effect: forget the key so that the platform's retry runs it. After a side effect
      // (a reply went out), a retry would repeat it: the key is marked done, and the failure was reported.
      if ((progress.state?.sideEffects ?? 0) === 0) await this.store.delete(dedupeKey).catch(() => undefined);
      else await this.#write(dedupeKey, DONE, ttlMs, 'done');
      throw error;
    }
    const done = this.#write(dedupeKey, DONE, ttlMs, 'done');
    if (done !== undefined) await done;
  }

  /**
   * A store write once handling began: its failure only warns (the event was handled; the next one recomputes the
   * owner). Synchronous with an in-process store.
   */
  #write(key: string, value: unknown, ttlMs: number, what: 'done' | 'owner'): Promise<void> | undefined {
    const warn = (error: unknown): void => {
      observe.storeFailed(this.events, what === 'done' ? 'mark handled' : 'save owner', error);
      this.#logger.warn(
        what === 'done'
          ? `could not mark ${key} as handled (a redelivery would run it again): ${describe(error)}`
          : `could not save the owner of ${key}: ${describe(error)}`,
      );
    };
    if (this.#sync === undefined) return this.store.set(key, value, ttlMs).then(undefined, warn);
    try {
      this.#sync.set(key, value, ttlMs);
    } catch (error) {
      warn(error);
    }
    return undefined;
  }

  async #process(event: NormalizedEvent, outbox: ResponseOutbox | undefined, progress: Progress): Promise<void> {
    if (event.name === 'contact_event' && event.conversationId === '') return this.#contactEvent(event, outbox, progress);
    const ownerKey = this.#deps.ownerKey(event.conversationId);
    const sync = this.#sync;
    const before = (sync ? sync.get(ownerKey) : await storeCall(() => this.store.get(ownerKey))) as OwnershipRecord | undefined;
    const tags = this.#tags;
    const signal = tags === undefined ? event.ownership : await storeCall(() => tags.signal(event));
    const announcedFrom = OWNERSHIP_EVENTS.has(event.name) ? event.handoff?.from : undefined;
    const outcome = applySignal(before, signal, this.#now(), announcedFrom);
    const ref: ConversationRef = { id: event.conversationId, labels: event.conversation?.labels, attributes: event.conversation?.attributes };
    if (this.adapter.remembersTarget) ref.target = await this.#target(event);
    else if (event.target !== undefined) ref.target = event.target;
    if (this.adapter.remembersContact) await rememberContact(this.store, `${this.#prefix}contact:${event.conversationId}`, event);

    // From here on the event is handled whatever the store does: no store failure after the answer can lose it.
    if (progress.cancelled) throw CANCELLED;
    progress.phase = 'started';
    if (outcome.dirty) {
      const saved = this.#write(ownerKey, outcome.record, OWNER_TTL_MS, 'owner');
      if (saved !== undefined) await saved;
    }
    const state = new LiveConversation(this.#deps, ref, outcome.record, outbox);
    progress.state = state;
    observe.watchEvent(this.events, state, event, before?.owner);
    if (event.conversation?.status !== undefined && outcome.record.status === undefined) state.status = event.conversation.status;

    const to = outcome.record.owner;
    const from = outcome.from ?? missedChange(before, signal, announcedFrom, to) ?? unrecordedAnnouncement(before, event, announcedFrom, to);
    const change = from === undefined ? undefined : (lifecycleFor(from, to) ?? (before === undefined ? announcedName(event) : undefined));
    let pending: Promise<void> | undefined;
    if (change !== undefined && from !== undefined) {
      const handoff: HandoffInfo = { from, to, initiator: 'platform', inferred: event.name !== change };
      if (event.handoff?.reason !== undefined) handoff.reason = event.handoff.reason;
      observe.handedOver(this.events, event.conversationId, handoff);
      if ((pending = this.#dispatch(state, event, change, handoff)) !== undefined) await pending;
    }
    if (event.name === 'handoff_requested') {
      const handoff: HandoffInfo = { from: to, to: 'human', initiator: 'platform', inferred: false, ...event.handoff };
      if ((pending = this.#dispatch(state, event, event.name, handoff)) !== undefined) await pending;
      if (this.adapter.onHandoffRequest === 'grant') await this.#grant(state, event, handoff);
    } else if (OWNERSHIP_EVENTS.has(event.name)) {
      // Announced by the platform: dispatched above when it changed hands, otherwise only observers see it.
      if (change !== event.name && (pending = this.#dispatch(state, event, 'platform_event')) !== undefined) await pending;
    } else if ((pending = this.#dispatch(state, event, event.name)) !== undefined) {
      await pending;
    }
    if (state.followUps.length > 0) await this.#drain(state, event);
    observe.eventHandled(this.events, state);
  }

  /** A contact event that names no conversation: no ownership, no session, no helpers; `onAny` handlers see it. */
  async #contactEvent(event: NormalizedEvent, outbox: ResponseOutbox | undefined, progress: Progress): Promise<void> {
    if (progress.cancelled) throw CANCELLED;
    progress.phase = 'started';
    const state = new LiveConversation(this.#deps, { id: '' }, { owner: 'none' }, outbox);
    state.hasConversation = false;
    progress.state = state;
    const pending = this.#dispatch(state, event, 'contact_event');
    if (pending !== undefined) await pending;
  }

  /** The event's target, remembered for later helpers; or the one remembered from an earlier event. */
  async #target(event: NormalizedEvent): Promise<Record<string, unknown> | undefined> {
    const key = this.#deps.targetKey(event.conversationId);
    if (event.target === undefined) return storeCall(() => this.store.get<Record<string, unknown>>(key));
    const target = event.target;
    await storeCall(() => this.store.set(key, target, OWNER_TTL_MS));
    return target;
  }

  async #grant(state: LiveConversation, event: NormalizedEvent, handoff: HandoffInfo): Promise<void> {
    const grant = state.actions().grantHandoff;
    if (grant === undefined) return;
    try {
      await grant.call(state.actions(), handoff.requestedBy);
      await state.ownerChanged({ to: handoff.to, kind: 'escalated', reason: handoff.reason ?? 'control requested' });
    } catch (error) {
      await this.#report(asError(error), new EventContext(state, event, 'handoff_requested', handoff) as AnyContext);
    }
  }

  async #drain(state: LiveConversation, event: NormalizedEvent): Promise<void> {
    let next: FollowUp | undefined;
    while ((next = state.followUps.shift()) !== undefined) {
      const synthetic: NormalizedEvent = {
        name: next.name,
        type: `handoffkit.${next.name}`,
        idempotencyKey: `${event.idempotencyKey}#${next.name}`,
        conversationId: state.ref.id,
        raw: undefined,
      };
      if (event.contact !== undefined) synthetic.contact = event.contact;
      observe.handedOver(this.events, state.ref.id, next.handoff);
      const pending = this.#dispatch(state, synthetic, next.name, next.handoff);
      if (pending !== undefined) await pending;
    }
  }

  #dispatchDetached(state: LiveConversation): void {
    const stub: NormalizedEvent = { name: 'platform_event', type: 'handoffkit.detached', idempotencyKey: 'detached', conversationId: state.ref.id, raw: undefined };
    this.#lanes.run(state.ref.id, () => this.#drain(state, stub)).catch((error: unknown) => this.#report(asError(error), undefined));
  }

  /** Runs the handlers of one event in order; returns a promise only when a handler did (or failed). */
  #dispatch(state: LiveConversation, event: NormalizedEvent, name: NormalizedEvent['name'], handoff?: HandoffInfo): Promise<void> | undefined {
    const ctx = new EventContext(state, event, name, handoff);
    const owned = name !== 'platform_event' && name !== 'contact_event' && this.#botMayAct(state, event, name);
    const handlers = this.#registry.handlers(name, owned);
    if (handlers.length === 0) return undefined;
    observe.handlersStarted(state);
    const failed = this.#runFrom(handlers, 0, ctx, false);
    if (failed === false) return undefined;
    return Promise.resolve(failed).then((anyFailed) => (anyFailed ? this.#failSafe(state, ctx, name) : undefined));
  }

  /** Runs `handlers` from `start` on; synchronous until a handler returns a promise, then continues after it. */
  #runFrom(handlers: readonly ((ctx: never) => unknown)[], start: number, ctx: EventContext, failed: boolean): boolean | Promise<boolean> {
    for (let i = start; i < handlers.length; i++) {
      const outcome = this.#run(handlers[i] as (ctx: never) => unknown, ctx);
      if (outcome instanceof Promise) return outcome.then((f) => this.#runFrom(handlers, i + 1, ctx, failed || f));
      failed ||= outcome;
    }
    return failed;
  }

  #botMayAct(state: LiveConversation, event: NormalizedEvent, name: EventName): boolean {
    if (LIFECYCLE.has(name)) return true;
    if (state.owner() === 'human') return false;
    if (event.message === undefined) return true;
    return event.message.sender.role === 'contact' && !event.message.private;
  }

  /** Runs one handler: `false` when it returned, a promise of whether it failed when it is async or threw. */
  #run(handler: (ctx: never) => unknown, ctx: EventContext): boolean | Promise<boolean> {
    let result: unknown;
    try {
      result = (handler as (ctx: EventContext) => unknown)(ctx);
    } catch (error) {
      return this.#failed(error, ctx);
    }
    if (!isThenable(result)) return false;
    return this.#within(result, ctx).then(
      () => false,
      (error: unknown) => this.#failed(error, ctx),
    );
  }

  async #failed(error: unknown, ctx: EventContext): Promise<boolean> {
    await this.#report(asError(error), ctx as AnyContext);
    return true;
  }

  /** Settles like `result`, or rejects with `E_TIMEOUT` (and aborts `ctx.signal`) after `handlerTimeoutMs`. */
  #within(result: PromiseLike<unknown>, ctx: EventContext): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const deadline = this.#deadlines.add(this.#handlerTimeoutMs, () => {
        const error = new HandoffkitError('E_TIMEOUT', `A ${ctx.event.name} handler ran longer than handlerTimeoutMs (${this.#handlerTimeoutMs} ms).`);
        observe.handlerTimedOut(this.events, this.#handlerTimeoutMs, ctx.conversation?.id);
        ctx.abort(error);
        reject(error);
      });
      result.then(
        (value) => {
          deadline.cancel();
          resolve(value);
        },
        (error: unknown) => {
          deadline.cancel();
          reject(error);
        },
      );
    });
  }

  async #failSafe(state: LiveConversation, ctx: EventContext, name: NormalizedEvent['name']): Promise<void> {
    if (this.#policy === 'ignore') return;
    if (this.#policy === 'throw') throw new DeliveryFailure('E_HANDLER', `A ${name} handler failed.`);
    // Only a contact who wrote is left waiting: a failed greeting (widget_triggered) or observer is reported, not escalated.
    if (state.owner() === 'human' || NO_FAIL_SAFE.has(name)) return;
    // The failed context refuses to act once timed out; the fail-safe acts through the conversation itself.
    const helpers = new ConversationHelpers(state, 'fail-safe');
    if (this.#fallbackMessage !== undefined) {
      // Best effort: the escalation below matters more than this message.
      await helpers.reply(this.#fallbackMessage).catch((error: unknown) => this.#report(asError(error), ctx as AnyContext));
    }
    try {
      await helpers.escalate({ reason: `a ${name} handler failed` });
    } catch (error) {
      // A retry cannot help when the platform cannot escalate here at all (E_UNSUPPORTED): report, answer 200.
      // Nor when the platform says the conversation is no longer the bot's (E_NOT_OWNER): it already left the bot.
      const final = isHandoffkitError(error, 'E_UNSUPPORTED') || isHandoffkitError(error, 'E_NOT_OWNER');
      const failure = new HandoffkitError(
        'E_HANDLER',
        `A ${name} handler failed in conversation ${state.ref.id} and the escalation to a human failed too: ${describe(error).replace(/\.$/, '')}. ${
          final ? 'A retry cannot help, so the delivery is answered 200.' : 'The delivery is answered with an error so the platform retries it.'
        }`,
        { details: { conversationId: state.ref.id, event: name } },
      );
      await this.#report(failure, ctx as AnyContext);
      if (!final) throw new DeliveryFailure('E_HANDLER', failure.message);
    }
  }

  async #report(error: Error, ctx: AnyContext | undefined): Promise<void> {
    observe.reported(this.events, error, ctx?.conversation?.id);
    if (this.#errorHandlers.length === 0) {
      this.#logger.error(describe(error), { code: (error as { code?: unknown }).code ?? 'E_HANDLER', conversationId: ctx?.conversation?.id, event: ctx?.event.name });
      return;
    }
    for (const handler of this.#errorHandlers) {
      try {
        await handler(error, ctx as AnyContext<S> | undefined);
      } catch (inner) {
        this.#logger.error(`an onError handler failed: ${describe(inner)}`);
      }
    }
  }
}

function okAnswer(status: 200 | 202): Answer {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: OK_BODY };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PayloadError(`The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
  }
}


function positive(option: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0)) throw new ConfigError(option, `new VirtualAgent({ ${option} }) must be a positive number of ${option.endsWith('Bytes') ? 'bytes' : 'milliseconds'}, got ${describeValue(value)}.`);
  return value;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

function describe(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}
