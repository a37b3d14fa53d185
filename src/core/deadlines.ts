/** A scheduled expiry that can be cancelled. */
export interface Deadline {
  /** Cancels the expiry (cheap: no timer is touched). */
  cancel(): void;
}

interface Entry {
  readonly at: number;
  readonly expire: () => void;
  done: boolean;
}

/**
 * Many deadlines on few timers: entries of one delay expire in the order they were added, so one timer per delay
 * (for the earliest live entry) serves them all. Adding and cancelling cost no timer call, which matters on the
 * per-delivery path; with nothing left to expire, the timer is unreferenced so it keeps no process alive.
 */
export class Deadlines {
  readonly #queues = new Map<number, Queue>();

  /** Calls `expire` after `ms` milliseconds unless cancelled first. */
  add(ms: number, expire: () => void): Deadline {
    let queue = this.#queues.get(ms);
    if (queue === undefined) {
      queue = new Queue(ms);
      this.#queues.set(ms, queue);
    }
    return queue.add(expire);
  }
}

class Queue {
  readonly #ms: number;
  #entries: Entry[] = [];
  #head = 0;
  #live = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(ms: number) {
    this.#ms = ms;
  }

  add(expire: () => void): Deadline {
    const entry: Entry = { at: Date.now() + this.#ms, expire, done: false };
    this.#entries.push(entry);
    if (this.#live++ === 0) {
      if (this.#timer === undefined) this.#arm(this.#ms);
      else this.#timer.ref?.();
    }
    return {
      cancel: () => {
        if (entry.done) return;
        entry.done = true;
        if (--this.#live === 0) this.#idle();
      },
    };
  }

  #arm(delay: number): void {
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, delay));
  }

  #fire(): void {
    this.#timer = undefined;
    const now = Date.now();
    while (this.#head < this.#entries.length) {
      const entry = this.#entries[this.#head] as Entry;
      if (!entry.done && entry.at > now) break;
      this.#head += 1;
      if (entry.done) continue;
      entry.done = true;
      this.#live -= 1;
      entry.expire();
    }
    if (this.#live === 0) {
      this.#reset();
      return;
    }
    // Drop the consumed prefix now and then, so the array does not grow without end.
    if (this.#head > 1024) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
    const next = this.#entries[this.#head];
    if (next !== undefined) this.#arm(next.at - now);
  }

  // Nothing left to expire: the entries go now (a caller that never yields to the event loop would otherwise pile them
  // up until the timer fires). The timer stays armed (clearing and re-arming it per delivery costs more than the
  // rest of the bookkeeping) but no longer keeps the process alive; when it fires with nothing live, it is dropped.
  #idle(): void {
    this.#entries = [];
    this.#head = 0;
    this.#timer?.unref?.();
  }

  #reset(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#entries = [];
    this.#head = 0;
  }
}

/**
 * Settles like `promise`, unless `ms` pass first: then `onExpire` runs and its value (or throw) settles the race.
 * The deadline is cancelled as soon as `promise` settles, so a race that ends in time costs no timer call.
 */
export function race<T, E = T>(deadlines: Deadlines, promise: PromiseLike<T>, ms: number, onExpire: () => E): Promise<T | E> {
  return new Promise<T | E>((resolve, reject) => {
    const deadline = deadlines.add(ms, () => {
      try {
        resolve(onExpire());
      } catch (error) {
        reject(error);
      }
    });
    promise.then(
      (value) => {
        deadline.cancel();
        resolve(value);
      },
      (error: unknown) => {
        deadline.cancel();
        reject(error);
      },
    );
  });
}
