import type { AnyContext, Context } from './context.js';
import { ConfigError } from '../errors.js';
import { EVENT_NAMES, type EventName } from './events.js';
import { describeValue } from './option-checks.js';

/** A handler of event(s) `N`; `S` types `ctx.session`, `Raw` types `ctx.raw`. */
export type Handler<N extends EventName = EventName, S = unknown, Raw = unknown> = (ctx: Context<N, S, Raw>) => unknown;

/** A handler of every event. */
export type AnyHandler<S = unknown, Raw = unknown> = (ctx: AnyContext<S, Raw>) => unknown;

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
  /** The handler lists of `handlers()`, built on first use and dropped on every change. */
  readonly #lists = new Map<string, readonly ((ctx: never) => unknown)[]>();

  /** Adds a handler for some names. */
  add(names: readonly string[], handler: (ctx: never) => unknown, options: HandlerOptions): void {
    for (const name of names) {
      const list = this.#byName.get(name) ?? [];
      this.#byName.set(name, [...list, { handler, standby: options.standby === true }]);
    }
    this.#lists.clear();
  }

  /** Removes a handler from some names, or from every name when `names` is undefined. */
  remove(names: readonly string[] | undefined, handler: (ctx: never) => unknown): void {
    for (const name of names ?? [...this.#byName.keys()]) {
      const list = this.#byName.get(name);
      if (list)
        this.#byName.set(
          name,
          list.filter((r) => r.handler !== handler),
        );
    }
    const at = this.#any.indexOf(handler);
    if (names === undefined && at !== -1) this.#any.splice(at, 1);
    this.#lists.clear();
  }

  /** Adds a handler of every event. */
  addAny(handler: (ctx: never) => unknown): void {
    this.#any.push(handler);
    this.#lists.clear();
  }

  /**
   * What runs for one event, in order: the handlers of every event, then the named ones (only those that asked
   * for `standby` when the bot does not own the event). A snapshot: changes during dispatch apply to later events.
   */
  handlers(name: string, owned: boolean): readonly ((ctx: never) => unknown)[] {
    const key = owned ? name : `${name}\0standby`;
    let list = this.#lists.get(key);
    if (list === undefined) {
      const named = name === 'platform_event' || name === 'contact_event' ? EMPTY : this.of(name);
      list = [...this.#any, ...named.filter((r) => owned || r.standby).map((r) => r.handler)];
      this.#lists.set(key, list);
    }
    return list;
  }

  /** The handlers of one name (a snapshot: changes during dispatch apply to later events). */
  of(name: string): readonly Registration[] {
    return this.#byName.get(name) ?? EMPTY;
  }
}

const EMPTY: readonly Registration[] = [];

const KNOWN_NAMES: ReadonlySet<string> = new Set(EVENT_NAMES);

/**
 * The names given to `agent.on` / `agent.off`, checked: one known event name or a list of them (JavaScript callers
 * get no compile error for a misspelling, so it is refused here). @internal
 */
export function checkedNames(method: string, names: unknown): readonly string[] {
  const list: unknown = typeof names === 'string' ? [names] : names;
  if (!Array.isArray(list)) {
    throw new ConfigError(
      'name',
      `agent.${method}(name, handler) takes an event name or a list of them, got ${describeValue(names)}. Valid names: ${EVENT_NAMES.join(', ')}.`,
    );
  }
  for (const name of list) {
    if (typeof name === 'string' && KNOWN_NAMES.has(name)) continue;
    const which = typeof name === 'string' ? `"${name.slice(0, 40)}"` : describeValue(name);
    throw new ConfigError(
      'name',
      `agent.${method}(): unknown event name ${which}. Valid names: ${EVENT_NAMES.join(', ')}; onAny(handler) receives every event, platform events included.`,
    );
  }
  return list as readonly string[];
}

/** A handler given to `agent.on` / `onAny` / `onError`, checked to be a function. @internal */
export function checkedHandler<H>(method: string, handler: H): H {
  if (typeof handler !== 'function') {
    throw new ConfigError('handler', `agent.${method}(…, handler) needs a function (ctx) => …, got ${describeValue(handler)}.`);
  }
  return handler;
}
