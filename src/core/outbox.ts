import type { Delivery } from './delivery.js';

/**
 * Actions collected while handlers run inside a webhook, for platforms that take them in the HTTP answer
 * in place of REST calls. Open until the agent answers; an adapter's actions push into it while it is open and
 * call the platform's REST API once it is closed (after the ack, or outside a webhook).
 */
export class ResponseOutbox<T = unknown> {
  readonly #items: T[] = [];
  #open = true;
  /** The delivery being answered, when the agent gave it. */
  readonly delivery: Delivery | undefined;

  /** Opens an outbox for the answer to `delivery`. */
  constructor(delivery?: Delivery) {
    this.delivery = delivery;
  }

  /** Whether actions still go into the HTTP answer. */
  get open(): boolean {
    return this.#open;
  }

  /** The actions collected so far. */
  get items(): readonly T[] {
    return this.#items;
  }

  /** Adds an action to the answer; returns `false` (and adds nothing) once the outbox is closed. */
  push(item: T): boolean {
    if (!this.#open) return false;
    this.#items.push(item);
    return true;
  }

  /** Closes the outbox and returns what it collected. */
  close(): T[] {
    this.#open = false;
    return this.#items.splice(0);
  }
}
