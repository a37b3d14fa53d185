/** What a write queue holds: an entry that may have gone stale (rewritten, deleted, evicted). */
export interface Queued {
  /** Rewritten, deleted or evicted since it was queued: skipped. */
  stale: boolean;
}

/**
 * Entries in write order, oldest first: an array with a moving head (walking a Map from its start slows down once
 * many of its first entries were deleted). Stale items are skipped as they reach the head and dropped in bulk when
 * they pile up. @internal
 */
export class WriteQueue<E extends Queued> {
  #items: E[] = [];
  #head = 0;

  /** Queues an entry. */
  push(entry: E): void {
    this.#items.push(entry);
  }

  /** The oldest live entry, or `undefined` when none is queued (amortised O(1): each stale item is passed once). */
  oldest(): E | undefined {
    while (this.#head < this.#items.length && (this.#items[this.#head] as E).stale) this.#head += 1;
    return this.#items[this.#head];
  }

  /** Drops stale items once they outnumber `live` by a fifth (amortised O(1) per write). */
  compact(live: number): void {
    const queued = this.#items.length - this.#head;
    if (queued > live + (live >> 2) + 1024) {
      this.#items = this.#items.slice(this.#head).filter((entry) => !entry.stale);
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head > queued) {
      // The consumed head of the queue still holds its entries: drop it once it outgrows the rest.
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Forgets every item. */
  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}
