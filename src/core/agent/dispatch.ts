import { HandoffkitError } from '../../errors.js';
import { EventContext } from '../context.js';
import type { LiveConversation } from '../conversation-state.js';
import { race } from '../deadlines.js';
import type { EventName, HandoffInfo, LifecycleEventName, NormalizedEvent } from '../events.js';
import * as observe from '../observability/emit.js';
import type { HandlerRegistry } from '../registry.js';
import type { FailSafe } from './fail-safe.js';
import type { AgentRuntime } from './runtime.js';

const LIFECYCLE: ReadonlySet<string> = new Set<LifecycleEventName>(['handoff_requested', 'handed_off', 'handed_back', 'conversation_resolved']);

type AnyHandlerFn = (ctx: never) => unknown;

/** Runs the registered handlers of an event, each within the handler timeout, and hands failures to the fail-safe. */
export class Dispatcher {
  /** The handlers by event name. */
  readonly registry: HandlerRegistry;
  readonly #runtime: AgentRuntime;
  readonly #failSafe: FailSafe;
  readonly #timeoutMs: number;

  /** A dispatcher over `registry`; a handler running longer than `timeoutMs` has failed. */
  constructor(runtime: AgentRuntime, registry: HandlerRegistry, failSafe: FailSafe, timeoutMs: number) {
    this.#runtime = runtime;
    this.registry = registry;
    this.#failSafe = failSafe;
    this.#timeoutMs = timeoutMs;
  }

  /** Runs the handlers of one event in order; returns a promise only when a handler did (or failed). */
  dispatch(state: LiveConversation, event: NormalizedEvent, name: NormalizedEvent['name'], handoff?: HandoffInfo): Promise<void> | undefined {
    const ctx = new EventContext(state, event, name, handoff);
    const owned = name !== 'platform_event' && name !== 'contact_event' && botMayAct(state, event, name);
    const handlers = this.registry.handlers(name, owned);
    if (handlers.length === 0) return undefined;
    observe.handlersStarted(state);
    const failed = this.#runFrom(handlers, 0, ctx, false);
    if (failed === false) return undefined;
    return Promise.resolve(failed).then((anyFailed) => (anyFailed ? this.#failSafe.handlerFailed(state, ctx, name) : undefined));
  }

  /** Runs `handlers` from `start` on; synchronous until a handler returns a promise, then continues after it. */
  #runFrom(handlers: readonly AnyHandlerFn[], start: number, ctx: EventContext, failed: boolean): boolean | Promise<boolean> {
    for (let i = start; i < handlers.length; i++) {
      const outcome = this.#run(handlers[i] as AnyHandlerFn, ctx);
      if (outcome instanceof Promise) return outcome.then((f) => this.#runFrom(handlers, i + 1, ctx, failed || f));
      failed ||= outcome;
    }
    return failed;
  }

  /** Runs one handler: `false` when it returned, a promise of whether it failed when it is async or threw. */
  #run(handler: AnyHandlerFn, ctx: EventContext): boolean | Promise<boolean> {
    let result: unknown;
    try {
      result = (handler as (ctx: EventContext) => unknown)(ctx);
    } catch (error) {
      return this.#failed(error, ctx);
    }
    if (!isThenable(result)) return false;
    return race(this.#runtime.deadlines, result, this.#timeoutMs, () => this.#timedOut(ctx)).then(
      () => false,
      (error: unknown) => this.#failed(error, ctx),
    );
  }

  /** At the handler deadline: aborts `ctx.signal` and fails the handler with `E_TIMEOUT`. */
  #timedOut(ctx: EventContext): never {
    const error = new HandoffkitError('E_TIMEOUT', `A ${ctx.event.name} handler ran longer than handlerTimeoutMs (${this.#timeoutMs} ms).`);
    observe.handlerTimedOut(this.#runtime.events, this.#timeoutMs, ctx.conversation?.id);
    ctx.abort(error);
    throw error;
  }

  async #failed(error: unknown, ctx: EventContext): Promise<boolean> {
    await this.#failSafe.report(error, ctx);
    return true;
  }
}

function botMayAct(state: LiveConversation, event: NormalizedEvent, name: EventName): boolean {
  if (LIFECYCLE.has(name)) return true;
  if (state.owner() === 'human') return false;
  if (event.message === undefined) return true;
  return event.message.sender.role === 'contact' && !event.message.private;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
