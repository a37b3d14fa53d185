import { errorMessage } from '../../errors.js';
import { type Store, SYNC_STORE, type SyncStore } from '../../store/types.js';
import { storeCall } from '../conversation-state.js';
import type { Logger } from '../logger.js';
import type { AgentEvents } from '../observability/bus.js';
import * as observe from '../observability/emit.js';

/**
 * The store as the pipeline uses it. With an in-process store (MemoryStore) every call is synchronous and gives a
 * plain value; otherwise a promise, with a failure turned into `E_STORE`. Callers await only a promise, so the
 * in-memory path costs no microtask.
 */
export class AgentStore {
  /** The store the agent was given. */
  readonly store: Store;
  readonly #sync: SyncStore | undefined;
  readonly #events: AgentEvents;
  readonly #logger: () => Logger;

  /** Wraps `store`; `logger` is read when a write fails. */
  constructor(store: Store, events: AgentEvents, logger: () => Logger) {
    this.store = store;
    this.#sync = (store as { [SYNC_STORE]?: SyncStore })[SYNC_STORE];
    this.#events = events;
    this.#logger = logger;
  }

  /** The value at `key`. */
  get<T = unknown>(key: string): T | undefined | Promise<T | undefined> {
    return this.#sync ? (this.#sync.get(key) as T | undefined) : storeCall(() => this.store.get<T>(key));
  }

  /** Sets `key` unless it is present; whether it was set. */
  setIfAbsent(key: string, value: unknown, ttlMs: number): boolean | Promise<boolean> {
    return this.#sync ? this.#sync.setIfAbsent(key, value, ttlMs) : storeCall(() => this.store.setIfAbsent(key, value, ttlMs));
  }

  /** Deletes `key`, ignoring a failure (the key then expires on its own). */
  async forget(key: string): Promise<void> {
    await this.store.delete(key).catch(() => undefined);
  }

  /**
   * A store write once handling began: its failure only warns (the event was handled; the next one recomputes the
   * owner). Synchronous with an in-process store.
   */
  write(key: string, value: unknown, ttlMs: number, what: 'done' | 'owner'): Promise<void> | undefined {
    const warn = (error: unknown): void => {
      observe.storeFailed(this.#events, what === 'done' ? 'mark handled' : 'save owner', error);
      this.#logger().warn(
        what === 'done'
          ? `could not mark ${key} as handled (a redelivery would run it again): ${errorMessage(error)}`
          : `could not save the owner of ${key}: ${errorMessage(error)}`,
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
}
