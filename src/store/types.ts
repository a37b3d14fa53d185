import type { CappedItem, CappedListBounds } from './capped-list.js';

export type { CappedListBounds };

/** A key-value store with TTLs, shared by dedupe, ownership and sessions; values must be JSON-serializable. */
export interface Store {
  /** Reads a value, or `undefined` when absent or expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Writes a value, optionally expiring after `ttlMs` milliseconds. */
  set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void>;
  /** Removes a value. */
  delete(key: string): Promise<void>;
  /** Writes a value only when the key is absent (atomically); resolves `true` when it wrote. */
  setIfAbsent<T = unknown>(key: string, value: T, ttlMs: number): Promise<boolean>;
  /**
   * Replaces the value only while it still equals `expected` (compared as JSON; `undefined` = absent), atomically;
   * resolves `true` when it wrote.
   */
  compareAndSet<T = unknown>(key: string, expected: T | undefined, next: T, ttlMs?: number): Promise<boolean>;
  /**
   * Takes a lock for `ttlMs`; resolves its fencing token (greater than any earlier token of the key), or `undefined`
   * while another holder has it. Stores shared by several processes implement it, so that one conversation is
   * handled by one instance at a time; without it, the agent orders conversations within its own process only.
   */
  acquireLock?(key: string, ttlMs: number): Promise<number | undefined>;
  /** Extends a held lock; resolves `false` when the token no longer holds it. */
  extendLock?(key: string, token: number, ttlMs: number): Promise<boolean>;
  /** Releases a lock if `token` still holds it. */
  releaseLock?(key: string, token: number): Promise<void>;
  /**
   * The start of one event in one call: takes the conversation's lock, claims the dedupe key and reads `reads`.
   * A store shared over the network offers it (with {@link Store.finishEvent}) so that an event costs two round
   * trips; the agent falls back to the single calls without it. All keys of one call belong to one conversation.
   * @internal
   */
  startEvent?(start: EventStart): Promise<EventStarted>;
  /**
   * The end of one event in one call: the writes, in order, then the appends (each as {@link Store.appendCapped}
   * would do it, atomically with its bounds), then the lock's release if `token` still holds it. @internal
   */
  finishEvent?(finish: EventFinish): Promise<void>;
  /**
   * Appends `item` (a JSON text) to the capped list at `key` in one atomic step, then drops its oldest items until
   * it holds at most `bounds.maxItems` and its stored value at most `bounds.maxBytes`, and sets its TTL. The list reads
   * back with `get` as an array of the JSON texts, oldest first. Optional: without it, the agent appends with `get`
   * and `compareAndSet` (a retry on contention, more round trips). Used by the conversation transcript.
   */
  appendCapped?(key: string, item: string, bounds: CappedListBounds): Promise<void>;
}

/** One write of {@link EventFinish}: `value` `undefined` deletes the key. @internal */
export interface StoreWrite {
  /** The key. */
  key: string;
  /** The value (JSON-serializable), or `undefined` to delete the key. */
  value: unknown;
  /** Expiry in milliseconds; none when absent or 0. */
  ttlMs?: number;
}

/** What {@link Store.startEvent} does. @internal */
export interface EventStart {
  /** The conversation's lock, as {@link Store.acquireLock} takes it. */
  lock: { key: string; ttlMs: number };
  /** Written with `value` unless present (as {@link Store.setIfAbsent}), once the lock is held. */
  claim: { key: string; value: unknown; ttlMs: number };
  /** Keys read once the lock is held, answered in order in {@link EventStarted.values}. */
  reads: readonly string[];
}

/** The answer of {@link Store.startEvent}: `token` `undefined` while another holder has the lock (nothing was done). @internal */
export interface EventStarted {
  /** The lock's fencing token, or `undefined` while another holder has it. */
  token: number | undefined;
  /** Whether the claim was written. */
  claimed: boolean;
  /** The claim key's value when it was not written. */
  held: unknown;
  /** The values of `reads`, in order (`undefined` when absent). */
  values: unknown[];
}

/** One append of {@link EventFinish}: `item` added to the capped list at `key`, as {@link Store.appendCapped} adds it. @internal */
export interface StoreAppend {
  /** The capped list. */
  key: string;
  /** The item's JSON text. */
  item: string;
  /** The list's bounds. */
  bounds: CappedListBounds;
}

/** What {@link Store.finishEvent} does. @internal */
export interface EventFinish {
  /** The lock to release if `token` still holds it. */
  lock: { key: string; token: number };
  /** Writes (and deletes), applied in order before the release. */
  writes: readonly StoreWrite[];
  /** Appends to capped lists, applied in order after the writes and before the release. */
  appends?: readonly StoreAppend[];
}

/**
 * Synchronous access to an in-process store, for the agent's per-delivery path (a promise per store call costs more
 * than the call itself). Same entries, same rules as the store's own methods. @internal
 */
export interface SyncStore {
  get(key: string): unknown;
  set(key: string, value: unknown, ttlMs?: number): void;
  setIfAbsent(key: string, value: unknown, ttlMs: number): boolean;
  delete(key: string): void;
  /** `Store.appendCapped`; the item may also be one whose text is made when the list is read. */
  appendCapped(key: string, item: CappedItem, bounds: CappedListBounds): void;
}

/** The key under which an in-process store offers its {@link SyncStore}. @internal */
export const SYNC_STORE: unique symbol = Symbol.for('handoffkit.syncStore');
