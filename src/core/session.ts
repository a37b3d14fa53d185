import type { Store } from '../store/types.js';
import { HandoffkitError } from '../errors.js';

/** Per-conversation data a bot keeps between deliveries, in the agent's store. */
export interface Session<S> {
  /** The stored value, or `undefined` before the first `set`. */
  get(): Promise<S | undefined>;
  /** Replaces the value. */
  set(value: S): Promise<void>;
  /**
   * Changes the value atomically: `change` may run more than once when another writer got there first
   * (compare-and-set), so it must be a pure function of the current value. Resolves with the value written.
   */
  update(change: (current: S | undefined) => S): Promise<S>;
  /** Removes the value. */
  delete(): Promise<void>;
}

const MAX_ATTEMPTS = 32;

/** After a lost compare-and-set: a random, growing wait (at most 50 ms), so that contenders spread out. @internal */
export function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 50)));
}

/** A session over a store key. @internal */
export class StoreSession<S> implements Session<S> {
  readonly #store: Store;
  readonly #key: string;
  readonly #ttlMs: number;

  constructor(store: Store, key: string, ttlMs: number) {
    this.#store = store;
    this.#key = key;
    this.#ttlMs = ttlMs;
  }

  get(): Promise<S | undefined> {
    return this.#store.get<S>(this.#key);
  }

  set(value: S): Promise<void> {
    return this.#store.set(this.#key, value, this.#ttlMs);
  }

  async update(change: (current: S | undefined) => S): Promise<S> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.#store.get<S>(this.#key);
      const next = change(current);
      if (await this.#store.compareAndSet(this.#key, current, next, this.#ttlMs)) return next;
      await backoff(attempt);
    }
    throw new HandoffkitError('E_STORE', `session.update() lost the race ${MAX_ATTEMPTS} times in a row for ${this.#key}.`);
  }

  delete(): Promise<void> {
    return this.#store.delete(this.#key);
  }
}
