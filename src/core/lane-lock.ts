import type { Store } from '../store/types.js';
import { errorMessage, HandoffkitError } from '../errors.js';
import type { Logger } from './logger.js';

/** What taking a lock gave: its fencing token, `undefined` while another holder has it. */
export interface Taken {
  /** The fencing token. */
  token: number | undefined;
}

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
  run<T>(key: string, task: () => Promise<T>, stop: () => boolean = never): Promise<T | undefined> {
    const store = this.#store;
    const take = async (): Promise<Taken> => ({ token: await store.acquireLock!(key, this.#options.ttlMs) });
    const release = (token: number): Promise<void> =>
      store.releaseLock!(key, token).catch((error: unknown) => {
        this.#logger.warn(`could not release the lock ${key} (it expires by itself): ${errorMessage(error)}`);
      });
    return this.hold(key, take, task, release, stop);
  }

  /**
   * Waits until `take` took the lock of `key` (a call that takes it with this lock's lifetime and may do more, as
   * `Store.startEvent` does), runs `task` while extending it, then `release`s it (which must not throw). Resolves
   * `undefined` without running `task` once `stop()` says so.
   */
  async hold<S extends Taken, T>(
    key: string,
    take: () => Promise<S>,
    task: (taken: S) => Promise<T>,
    release: (token: number) => Promise<void>,
    stop: () => boolean = never,
  ): Promise<T | undefined> {
    const taken = await this.#acquire(key, take, stop);
    if (taken === undefined) return undefined;
    const token = taken.token as number;
    const beat = setInterval(() => void this.#extend(key, token), Math.max(10, Math.floor(this.#options.ttlMs / 3)));
    try {
      return await task(taken);
    } finally {
      clearInterval(beat);
      await release(token);
    }
  }

  /** This lock's lifetime without extension, in ms. */
  get ttlMs(): number {
    return this.#options.ttlMs;
  }

  async #acquire<S extends Taken>(key: string, take: () => Promise<S>, stop: () => boolean): Promise<S | undefined> {
    const started = Date.now();
    let pause = 2;
    for (;;) {
      if (stop()) return undefined;
      let taken: S;
      try {
        taken = await take();
      } catch (error) {
        throw new HandoffkitError('E_STORE', `The store failed while locking ${key}: ${errorMessage(error)}`);
      }
      if (taken.token !== undefined) return taken;
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
