import { errorMessage } from '../../errors.js';
import type { EventFinish, EventStart, EventStarted, Store, StoreAppend, StoreWrite } from '../../store/types.js';
import { OWNER_TTL_MS } from '../conversation-state.js';
import type { NormalizedEvent } from '../events.js';
import { conversationKey } from '../keys.js';
import type { LaneLock } from '../lane-lock.js';
import { DeferredAppends } from '../transcript/deferred.js';
import * as observe from '../observability/emit.js';
import type { ResponseOutbox } from '../outbox.js';
import type { OwnershipFlow } from './ownership-flow.js';
import { CANCELLED, type AgentRuntime, type EventScope, type Progress } from './runtime.js';

/** What a dedupe key holds: claimed while an event is being handled, done once it was. */
export const CLAIMED = 'claimed';
/** What a dedupe key holds once its event was handled. */
export const DONE = 'done';

/** A store that starts and finishes an event in one call each. */
type TwoCallStore = Store & Required<Pick<Store, 'startEvent' | 'finishEvent'>>;

/**
 * One event with a store that offers `startEvent` and `finishEvent` (RedisStore): the conversation's lock, the
 * dedupe claim and the reads of the ownership flow in the first call; the flow's writes, the dedupe mark (or its
 * removal, for a retry), the transcript's entries of the event and the lock's release in the second. Same rules as the path of single calls.
 */
export class TwoCallEvents {
  readonly #runtime: AgentRuntime;
  readonly #flow: OwnershipFlow;
  readonly #lock: LaneLock;
  readonly #store: TwoCallStore;

  /** The two-call path of one agent, over the store of `runtime`. */
  constructor(runtime: AgentRuntime, flow: OwnershipFlow, lock: LaneLock) {
    this.#runtime = runtime;
    this.#flow = flow;
    this.#lock = lock;
    this.#store = runtime.store.store as TwoCallStore;
  }

  /** Whether `store` offers the two calls. */
  static supported(store: Store): boolean {
    return typeof store.startEvent === 'function' && typeof store.finishEvent === 'function';
  }

  /** Handles `event` of `lane` (its conversation); `dedupeTtlMs` is how long its key is remembered. */
  async run(lane: string, event: NormalizedEvent, outbox: ResponseOutbox | undefined, progress: Progress, dedupeTtlMs: number): Promise<void> {
    const { prefix } = this.#runtime;
    const lockKey = conversationKey(prefix, lane, 'lock');
    const claimKey = conversationKey(prefix, lane, `seen:${event.idempotencyKey}`);
    const reads = this.#flow.reads(event);
    const start: EventStart = { lock: { key: lockKey, ttlMs: this.#lock.ttlMs }, claim: { key: claimKey, value: CLAIMED, ttlMs: dedupeTtlMs }, reads };
    // The transcript's entries of the event are appended by the end's call: no round trip of their own.
    const transcript = this.#runtime.deps.transcript === undefined ? undefined : new DeferredAppends(event.conversationId);
    const read = new Map<string, unknown>();
    const scope: EventScope = { read, writes: [], transcript };
    let mark: StoreWrite | undefined;
    const handle = async (started: EventStarted): Promise<void> => {
      // A key still `claimed` belongs to an attempt that never finished: this lock holds the conversation now, so it runs.
      if (!started.claimed && started.held !== CLAIMED) return observe.skippedDuplicate(this.#runtime.events, event, progress);
      // Answered "redeliver" before handling began: the claim is released for the redelivery.
      mark = { key: claimKey, value: undefined };
      if (progress.cancelled) return;
      for (let i = 0; i < reads.length; i++) read.set(reads[i] as string, started.values[i]);
      try {
        await this.#flow.process(event, outbox, progress, scope);
      } catch (error) {
        if (error === CANCELLED) return;
        // Failed before any side effect: the key is removed so that the platform's retry runs it; after one, a
        // retry would repeat it, so the key is marked done (the failure was reported).
        if ((progress.state?.sideEffects ?? 0) > 0) mark = { key: claimKey, value: DONE, ttlMs: dedupeTtlMs };
        throw error;
      }
      mark = { key: claimKey, value: DONE, ttlMs: dedupeTtlMs };
    };
    const release = (token: number): Promise<void> => {
      const finish = (appends?: readonly StoreAppend[]): Promise<void> =>
        this.#finish({ lock: { key: lockKey, token }, writes: this.#writes(scope, progress, mark), appends });
      return transcript === undefined ? finish() : transcript.close(finish);
    };
    await this.#lock.hold(
      lockKey,
      () => this.#store.startEvent(start),
      handle,
      release,
      () => progress.cancelled,
    );
  }

  /** The writes of the end: the flow's, the owner unless a helper saved a newer one, then the dedupe mark. */
  #writes(scope: EventScope, progress: Progress, mark: StoreWrite | undefined): StoreWrite[] {
    const writes: StoreWrite[] = [];
    const owner = scope.owner;
    if (owner !== undefined && (progress.state === undefined || progress.state.record === owner.record)) {
      writes.push({ key: owner.key, value: owner.record, ttlMs: OWNER_TTL_MS });
    }
    writes.push(...scope.writes);
    if (mark !== undefined) writes.push(mark);
    return writes;
  }

  /** The second call; its failure only warns (the event was handled; the keys and the lock expire by themselves). */
  async #finish(finish: EventFinish): Promise<void> {
    try {
      await this.#store.finishEvent(finish);
    } catch (error) {
      observe.storeFailed(this.#runtime.events, 'finish event', error);
      this.#runtime.logger.warn(
        `could not save the end of an event of ${finish.lock.key} (a redelivery may run it again; the lock expires by itself): ${errorMessage(error)}`,
      );
    }
  }
}
