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
    const bounded = (): Promise<T> => this.#bounded(task);
    const result = previous === undefined ? bounded() : previous.then(bounded, bounded);
    // The tail never rejects, so a failed task does not poison the lane.
    const tail = result.then(noop, noop);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  async #bounded<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so the limit holds exactly.
    if (this.#running >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running += 1;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#running -= 1;
      else next();
    }
  }
}

function noop(): void {}
