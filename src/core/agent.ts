import { ConfigError } from '../errors.js';
import { MemoryStore } from '../store/memory.js';
import type { Store } from '../store/types.js';
import type { OutgoingMessage } from './actions.js';
import { type Adapter, tagOwnershipOf } from './adapter.js';
import { answered, okAnswer, rejectAnswer } from './agent/answers.js';
import { Dispatcher } from './agent/dispatch.js';
import { type ErrorHandler, FailSafe, type HandlerErrorPolicy } from './agent/fail-safe.js';
import { intake } from './agent/intake.js';
import { OwnershipFlow } from './agent/ownership-flow.js';
import { Pipeline } from './agent/pipeline.js';
import type { AgentRuntime } from './agent/runtime.js';
import { AgentStore } from './agent/store.js';
import { LiveConversation, type StateDeps } from './conversation-state.js';
import { Deadlines } from './deadlines.js';
import { type Answer, type Delivery, toDelivery, toResponse } from './delivery.js';
import type { EventName } from './events.js';
import { DEFAULT_REDELIVERY } from './failures.js';
import { ConversationHelpers } from './helpers.js';
import { conversationKey } from './keys.js';
import { LaneLock } from './lane-lock.js';
import { Lanes } from './lanes.js';
import { type Logger, loggerOption, rateLimitedLogger, redactingLogger } from './logger.js';
import { AgentEvents } from './observability/bus.js';
import { DeliveryTrace } from './observability/emit.js';
import { EscalationTally, type EscalationReport } from './observability/escalations.js';
import { agentLog, isPinoLike, logBus, type LoggerOption } from './observability/log.js';
import { describeValue, positiveNumber } from './option-checks.js';
import { ResponseOutbox } from './outbox.js';
import { type CallProvider, callProviderOption } from './calls.js';
import { type AnyHandler, checkedHandler, checkedNames, type Handler, HandlerRegistry, type HandlerOptions } from './registry.js';
import { type Session, StoreSession } from './session.js';
import { TagOwnershipResolver } from './tag-ownership.js';
import { transcriptOption } from './transcript/option.js';
import type { TranscriptOptions } from './transcript/types.js';

export type { ErrorHandler, HandlerErrorPolicy };

/** Options of {@link VirtualAgent}; `Raw` is the type of the adapter's payloads. */
export interface VirtualAgentOptions<Raw = unknown> {
  /** The platform adapter, made by the factory of a platform's subpath (`handoffkit/<platform>`). */
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
  /** Answer the platform after this long even if handlers still run (202); default per adapter (its platform's answer window). */
  ackTimeoutMs?: number;
  /** A handler running longer than this has failed (`E_TIMEOUT`). Default per adapter, else 25 000. */
  handlerTimeoutMs?: number;
  /** Larger bodies are refused with 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * How long a delivery's idempotency key is remembered, to drop repeats; events whose own time is older are refused.
   * Default per adapter (its platform's retry horizon), else 24 h.
   */
  dedupeTtlMs?: number;
  /** Keeps work alive after the answer on runtimes that stop at the response (Cloudflare, Vercel). */
  waitUntil?: (work: Promise<unknown>) => void;
  /** Where warnings and unhandled errors go: console style `{ warn, error }` or a pino logger. Default: `console` with a `[handoffkit]` prefix. */
  logger?: LoggerOption;
  /** A clock, for tests. Default `Date.now`. */
  now?: () => number;
  /** The contact-center API behind `escalate({ to: { call: { phone } } })`, e.g. one from `handoffkit/calls`. */
  calls?: CallProvider;
  /**
   * Keeps each conversation's transcript in the store, for `ctx.transcript()` (model-driven bots): `true` with the
   * default bounds (50 entries, 16 KiB, `sessionTtlMs`), or the bounds. Default `false`: nothing is kept, and a
   * delivery costs no transcript write.
   */
  transcript?: boolean | TranscriptOptions;
}

/** Per-call options of `agent.receive`, for transports. */
export interface ReceiveOptions {
  /**
   * Overrides the ack deadline for this delivery; `false` waits for every handler before answering
   * (for runtimes that freeze after the response, such as AWS Lambda).
   */
  ackTimeoutMs?: number | false;
}

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
  readonly #runtime: AgentRuntime;
  readonly #failSafe: FailSafe;
  readonly #flow: OwnershipFlow;
  readonly #pipeline: Pipeline;
  readonly #ackTimeoutMs: number;
  readonly #maxBodyBytes: number;
  readonly #dedupeTtlMs: number;
  readonly #logger: Logger;
  readonly #escalations: EscalationTally;

  /** Creates an agent for one platform adapter; throws `E_CONFIG` on a bad option. */
  constructor(options: VirtualAgentOptions<Raw>) {
    if (options === undefined || options === null || typeof options.adapter?.parse !== 'function') {
      throw new ConfigError('adapter', 'new VirtualAgent({ adapter }) needs an adapter: call the factory of a platform subpath (handoffkit/<platform>).');
    }
    const policy = options.onHandlerError ?? 'escalate';
    if (!['escalate', 'ignore', 'throw'].includes(policy)) {
      throw new ConfigError('onHandlerError', `new VirtualAgent({ onHandlerError }) must be 'escalate', 'ignore' or 'throw', got ${describeValue(policy)}.`);
    }
    const adapter = options.adapter;
    this.adapter = adapter;
    this.store = options.store ?? new MemoryStore();
    this.#ackTimeoutMs = positive('ackTimeoutMs', options.ackTimeoutMs ?? adapter.ackTimeoutMs ?? 4_000);
    const handlerTimeoutMs = positive('handlerTimeoutMs', options.handlerTimeoutMs ?? adapter.handlerTimeoutMs ?? 25_000);
    this.#maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes ?? MIB);
    this.#dedupeTtlMs = positive('dedupeTtlMs', options.dedupeTtlMs ?? adapter.dedupeTtlMs ?? 24 * 60 * 60 * 1000);
    const lanes = new Lanes(positive('maxConcurrency', options.maxConcurrency ?? 256));
    const now = options.now ?? Date.now;
    // Checked first (E_CONFIG naming `logger`); pino's calls are turned around; every line goes through the adapter's
    // redaction; the default logger writes one warning per code a minute.
    const checked = loggerOption(options.logger);
    const log = agentLog(options.logger !== undefined && isPinoLike(options.logger) ? options.logger : checked, adapter.name);
    const base = options.logger === undefined ? rateLimitedLogger(log.logger, { now }) : log.logger;
    const logger = redactingLogger(base, adapter.redact);
    this.#logger = logger;
    this.events = new AgentEvents((message, meta) => logger.error(message, meta));
    logBus(this.events, { logger, trace: log.trace }, adapter.name);
    this.#escalations = new EscalationTally(this.events, now);
    const prefix = `hk:${adapter.name}:`;
    // Before the answer, a delivery waiting for the lock is answered "redeliver" at the ack deadline; after it (queued behind
    // this instance's own handler), it waits until even a crashed holder's lock has expired.
    const lockTtl = positive('lockTtlMs', options.lockTtlMs ?? 30_000);
    const lock = LaneLock.supported(this.store) ? new LaneLock(this.store, { ttlMs: lockTtl, waitMs: lockTtl + handlerTimeoutMs }, logger) : undefined;
    const sessionTtl = positive('sessionTtlMs', options.sessionTtlMs ?? 30 * 24 * 60 * 60 * 1000);
    const tagOwnership = tagOwnershipOf(adapter);
    const tags = tagOwnership === undefined ? undefined : new TagOwnershipResolver(tagOwnership, this.store, prefix, logger);
    const store = this.store;
    const deps: StateDeps = {
      adapter,
      store,
      bus: this.events,
      ...(options.calls === undefined ? {} : { calls: callProviderOption(options.calls) }),
      now,
      ownerKey: (id) => conversationKey(prefix, id, 'owner'),
      targetKey: (id) => conversationKey(prefix, id, 'target'),
      session: (id) => new StoreSession(store, conversationKey(prefix, id, 'session'), sessionTtl),
      ...transcriptOption(options.transcript, { store, prefix, ttlMs: sessionTtl, events: this.events, logger }),
      ...(tags === undefined ? {} : { forgetOwner: (id: string) => tags.forget(id) }),
    };
    this.#runtime = {
      adapter,
      store: new AgentStore(store, this.events, () => logger),
      events: this.events,
      logger,
      now,
      deadlines: new Deadlines(),
      redelivery: adapter.redelivery ?? DEFAULT_REDELIVERY,
      prefix,
      deps,
    };
    this.#failSafe = new FailSafe(this.#runtime, policy, options.fallbackMessage);
    const dispatcher = new Dispatcher(this.#runtime, this.#registry, this.#failSafe, handlerTimeoutMs);
    this.#flow = new OwnershipFlow(this.#runtime, dispatcher, this.#failSafe, tags, lanes);
    this.#pipeline = new Pipeline(this.#runtime, this.#flow, {
      lanes,
      lock,
      dedupeTtlMs: this.#dedupeTtlMs,
      ackStatus: adapter.ackStatus ?? 202,
      waitUntil: options.waitUntil,
    });
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
    this.#failSafe.errorHandlers.push(checkedHandler('onError', handler) as ErrorHandler);
    return this;
  }

  /** The helpers of one conversation, for work outside a webhook. */
  conversation(id: string | number): ConversationHandle<S> {
    const deps: StateDeps = { ...this.#runtime.deps, detached: (state) => this.#flow.detached(state) };
    return new ConversationHandle<S>(new LiveConversation(deps, { id: String(id) }, undefined));
  }

  /** Handles a Web-standard `Request` and answers with a `Response` (bound: pass `agent.fetch` as is). */
  async fetch(request: Request): Promise<Response> {
    let delivery: Delivery;
    try {
      delivery = await toDelivery(request, this.#maxBodyBytes);
    } catch (error) {
      return toResponse(rejectAnswer(this.#runtime, error));
    }
    return toResponse(await this.receive(delivery));
  }

  /** Handles one delivery given as plain values (the raw body bytes) and resolves with the HTTP answer (bound). */
  receive(delivery: Delivery, options: ReceiveOptions = {}): Promise<Answer> {
    const trace = DeliveryTrace.start(this.events, this.adapter.name);
    return trace === undefined ? this.#receive(delivery, options, undefined) : trace.finish(this.#receive(delivery, options, trace));
  }

  async #receive(delivery: Delivery, options: ReceiveOptions, trace: DeliveryTrace | undefined): Promise<Answer> {
    let taken: Awaited<ReturnType<typeof intake>>;
    try {
      taken = await intake(this.#runtime, delivery, { maxBodyBytes: this.#maxBodyBytes, dedupeTtlMs: this.#dedupeTtlMs }, trace);
    } catch (error) {
      return rejectAnswer(this.#runtime, error);
    }
    if ('answer' in taken) return taken.answer;
    for (const error of taken.errors) void this.#failSafe.report(error, undefined);
    const outbox = this.adapter.outbox === undefined ? undefined : new ResponseOutbox(delivery);
    if (taken.events.length === 0) return answered(this.#runtime, okAnswer(200), outbox);
    return this.#pipeline.run(taken.events, outbox, options.ackTimeoutMs ?? this.#ackTimeoutMs, trace);
  }
}

function positive(option: string, value: number): number {
  return positiveNumber(value, `new VirtualAgent({ ${option} })`, option, option.endsWith('Bytes') ? 'bytes' : 'milliseconds');
}
