/**
 * Runs tasks of one key one at a time, in the order they were queued; different keys run concurrently.
 * Holds nothing for a key once its queue is empty.
 */
export class Lanes {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** The number of keys with queued or running work. */
  get active(): number {
    return this.#tails.size;
  }

  /** Queues `task` behind the earlier tasks of `key`; resolves or rejects with its outcome. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    const result = previous === undefined ? task() : previous.then(task, task);
    // The tail never rejects, so a failed task does not poison the lane.
    const tail = result.then(noop, noop);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}

function noop(): void {}
