/**
 * Runs tasks of one key one at a time, in the order they were queued; different keys run concurrently.
 * Holds nothing for a key once its queue is empty.
 */
export class Lanes {
  readonly #tails = new Map<string, Promise<unknown>>();
  readonly #limit: number;
  readonly #waiting: (() => void)[] = [];
  #running = 0;

  /** Creates lanes running at most `limit` tasks at once (across keys). */
  constructor(limit = Number.POSITIVE_INFINITY) {
    this.#limit = limit;
  }

  /** The number of keys with queued or running work. */
  get active(): number {
    return this.#tails.size;
  }

  /** Queues `task` behind the earlier tasks of `key`; resolves or rejects with its outcome. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    const start = (): Promise<T> => this.#start(task);
    // The tail never rejects, so a failed task does not poison the lane; the last one out removes the key.
    const result = previous === undefined ? start() : previous.then(start);
    const release = (): void => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
    const tail: Promise<void> = result.then(release, release);
    this.#tails.set(key, tail);
    return result;
  }

  #start<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#limit) return this.#bounded(task);
    this.#running += 1;
    let result: Promise<T>;
    try {
      result = task();
    } catch (error) {
      this.#leave();
      return Promise.reject(error);
    }
    result.then(this.#leave, this.#leave);
    return result;
  }

  // A finishing task hands its slot straight to the next waiter, so the limit holds exactly.
  readonly #leave = (): void => {
    const next = this.#waiting.shift();
    if (next === undefined) this.#running -= 1;
    else next();
  };

  /** Waits for a slot (handed over by a finishing task, so `#running` already counts it), then runs. */
  async #bounded<T>(task: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      this.#leave();
    }
  }
}
