import type { StoreWrite } from '../../store/types.js';
import type { DeferredAppends } from '../transcript/deferred.js';
import type { Adapter } from '../adapter.js';
import type { LiveConversation, StateDeps } from '../conversation-state.js';
import type { Deadlines } from '../deadlines.js';
import type { RedeliveryStatuses } from '../failures.js';
import type { OwnershipRecord } from '../handoff.js';
import type { Logger } from '../logger.js';
import type { AgentEvents } from '../observability/bus.js';
import type { AgentStore } from './store.js';

/** What every stage of an agent's pipeline shares: built once by the agent, read-only afterwards. */
export interface AgentRuntime {
  /** The platform adapter. */
  readonly adapter: Adapter;
  /** The store, behind the wrapper that takes the in-memory fast path. */
  readonly store: AgentStore;
  /** The lifecycle emitter (`agent.events`). */
  readonly events: AgentEvents;
  /** The agent's logger (redacting, rate-limited by default). */
  readonly logger: Logger;
  /** The clock. */
  readonly now: () => number;
  /** The shared deadlines of the ack and handler timeouts. */
  readonly deadlines: Deadlines;
  /** The statuses the platform redelivers on. */
  readonly redelivery: RedeliveryStatuses;
  /** `hk:<adapter>:`, the prefix of every store key. */
  readonly prefix: string;
  /** What a conversation's state needs. */
  readonly deps: StateDeps;
}

/** What an event's handling got to, for deciding whether a retry may run it again. */
export interface Progress {
  /** The conversation state, once handling began. */
  state: LiveConversation | undefined;
  /**
   * Where the event is: queued in this process's lane, waiting for the store's conversation lock or claiming its
   * dedupe key, or started (its handlers are about to run, it runs to the end whatever the store does), or done.
   */
  phase: 'queued' | 'locking' | 'started' | 'done';
  /** The delivery was answered "redeliver" before handling began: the platform sends it again, so this attempt stops. */
  cancelled: boolean;
  /** The event had been handled before (set when it is skipped). */
  duplicate?: boolean;
}

/** Thrown inside an event's handling when its delivery was answered "redeliver" before handling began. */
export const CANCELLED = Symbol('cancelled');

/**
 * An event's store work gathered into two calls (a store with `startEvent` and `finishEvent`): what its start read,
 * and what its end writes. A stage that would read one of `read`'s keys takes the value from it; one that would write
 * after the answer adds to `writes` (applied in order, before the dedupe mark and the lock's release).
 */
export interface EventScope {
  /** The values read at the start, by key (`undefined`: absent). */
  readonly read: ReadonlyMap<string, unknown>;
  /** The writes of the end. */
  readonly writes: StoreWrite[];
  /** The ownership record to save at the end, unless a helper saved a newer one meanwhile. */
  owner?: { key: string; record: OwnershipRecord };
  /** The transcript's appends, written with the end (when the agent keeps a transcript). */
  readonly transcript?: DeferredAppends;
}
