import type { Store } from '../store/types.js';
import { errorMessage, HandoffkitError } from '../errors.js';
import type { Logger } from './logger.js';

/** Options of {@link LaneLock}. */
export interface LaneLockOptions {
  /** How long a lock lives without being extended (a crashed holder frees it after this). */
  ttlMs: number;
  /** How long to wait for a lock held by another instance before answering 503 (the platform retries). */
  waitMs: number;
}

/**
 * Holds a conversation's lock in a shared store while its events run, so that several instances behind a load
 * balancer never handle one conversation at once. The lock is extended while work runs and released after.
 */
export class LaneLock {
  readonly #store: Store;
  readonly #options: LaneLockOptions;
  readonly #logger: Logger;

  constructor(store: Store, options: LaneLockOptions, logger: Logger) {
    this.#store = store;
    this.#options = options;
    this.#logger = logger;
  }

  /** Whether the store offers locks. */
  static supported(store: Store): boolean {
    return typeof store.acquireLock === 'function' && typeof store.releaseLock === 'function';
  }

  /** Runs `task` while holding the lock of `key`; gives up waiting (resolving `undefined`) once `stop()` says so. */
  async run<T>(key: string, task: () => Promise<T>, stop: () => boolean = never): Promise<T | undefined> {
    const token = await this.#acquire(key, stop);
    if (token === undefined) return undefined;
    const beat = setInterval(() => void this.#extend(key, token), Math.max(10, Math.floor(this.#options.ttlMs / 3)));
    try {
      return await task();
    } finally {
      clearInterval(beat);
      await this.#store.releaseLock!(key, token).catch((error: unknown) => {
        this.#logger.warn(`could not release the lock ${key} (it expires by itself): ${errorMessage(error)}`);
      });
    }
  }

  async #acquire(key: string, stop: () => boolean): Promise<number | undefined> {
    const started = Date.now();
    let pause = 2;
    for (;;) {
      if (stop()) return undefined;
      let token: number | undefined;
      try {
        token = await this.#store.acquireLock!(key, this.#options.ttlMs);
      } catch (error) {
        throw new HandoffkitError('E_STORE', `The store failed while locking ${key}: ${errorMessage(error)}`);
      }
      if (token !== undefined) return token;
      if (Date.now() - started > this.#options.waitMs) {
        throw new HandoffkitError(
          'E_STORE',
          `Conversation lock ${key} is held by another instance for over ${this.#options.waitMs} ms; the delivery is answered 503 so the platform retries.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pause + Math.random() * pause));
      pause = Math.min(pause * 2, 100);
    }
  }

  async #extend(key: string, token: number): Promise<void> {
    try {
      const held = (await this.#store.extendLock?.(key, token, this.#options.ttlMs)) ?? true;
      if (!held) this.#logger.warn(`lost the lock ${key} while handling it: another instance may run the conversation now`);
    } catch (error) {
      this.#logger.warn(`could not extend the lock ${key}: ${errorMessage(error)}`);
    }
  }
}

function never(): boolean {
  return false;
}
