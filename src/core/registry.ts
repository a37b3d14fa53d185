import type { AnyContext, Context } from './context.js';
import type { EventName } from './events.js';

/** A handler of event(s) `N`; `S` types `ctx.session`. */
export type Handler<N extends EventName = EventName, S = unknown> = (ctx: Context<N, S>) => unknown;

/** A handler of every event. */
export type AnyHandler<S = unknown> = (ctx: AnyContext<S>) => unknown;

/** Options of `agent.on`. */
export interface HandlerOptions {
  /**
   * Also run for what the bot does not own: messages while a human owns the conversation,
   * agents' messages, private notes and the bot's own echoes. Default `false`.
   */
  standby?: boolean;
}

/** A registered handler. @internal */
export interface Registration {
  readonly handler: (ctx: never) => unknown;
  readonly standby: boolean;
}

/** The handlers of an agent, by event name. @internal */
export class HandlerRegistry {
  readonly #byName = new Map<string, Registration[]>();
  readonly #any: ((ctx: never) => unknown)[] = [];

  /** Adds a handler for some names. */
  add(names: readonly string[], handler: (ctx: never) => unknown, options: HandlerOptions): void {
    for (const name of names) {
      const list = this.#byName.get(name) ?? [];
      this.#byName.set(name, [...list, { handler, standby: options.standby === true }]);
    }
  }

  /** Removes a handler from some names, or from every name when `names` is undefined. */
  remove(names: readonly string[] | undefined, handler: (ctx: never) => unknown): void {
    for (const name of names ?? [...this.#byName.keys()]) {
      const list = this.#byName.get(name);
      if (list) this.#byName.set(name, list.filter((r) => r.handler !== handler));
    }
    const at = this.#any.indexOf(handler);
    if (names === undefined && at !== -1) this.#any.splice(at, 1);
  }

  /** Adds a handler of every event. */
  addAny(handler: (ctx: never) => unknown): void {
    this.#any.push(handler);
  }

  /** The handlers of one name (a snapshot: changes during dispatch apply to later events). */
  of(name: string): readonly Registration[] {
    return this.#byName.get(name) ?? EMPTY;
  }

  /** The handlers of every event. */
  any(): readonly ((ctx: never) => unknown)[] {
    return this.#any;
  }
}

const EMPTY: readonly Registration[] = [];
