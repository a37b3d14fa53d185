import type { StoreAppend } from '../../store/types.js';

/**
 * The transcript appends of one event on a store that ends each event in one call (`Store.finishEvent`): gathered
 * while the event runs and written with its end, so that the transcript costs no round trip of its own. Closed once
 * the end is under way; later appends go to the store on their own, after it. @internal
 */
export class DeferredAppends {
  /** The conversation of the event: only its transcript is gathered (the end's keys all belong to it). */
  readonly conversationId: string;
  readonly #appends: StoreAppend[] = [];
  #open = true;
  #finished: Promise<void> | undefined;

  /** Gathers the appends to the transcript of `conversationId`. */
  constructor(conversationId: string) {
    this.conversationId = conversationId;
  }

  /** Whether appends are still gathered. */
  get open(): boolean {
    return this.#open;
  }

  /** The appends gathered so far, not yet written. */
  get appends(): readonly StoreAppend[] {
    return this.#appends;
  }

  /** Settles once the end that writes the gathered appends is done (`undefined` until it began). */
  get finished(): Promise<void> | undefined {
    return this.#finished;
  }

  /** Gathers one append. */
  add(append: StoreAppend): void {
    this.#appends.push(append);
  }

  /** Closes the gathering: returns the appends, which `finishing` writes (a promise that never rejects). */
  close(finishing: (appends: readonly StoreAppend[]) => Promise<void>): Promise<void> {
    this.#open = false;
    const appends = this.#appends.splice(0);
    this.#finished = finishing(appends);
    return this.#finished;
  }
}
