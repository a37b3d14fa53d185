import type { CappedListBounds } from './capped-list.js';

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
   * Appends `item` (a JSON text) to the capped list at `key` in one atomic step, then drops its oldest items until
   * it holds at most `bounds.maxItems` and its stored value at most `bounds.maxBytes`, and sets its TTL. The list reads
   * back with `get` as an array of the JSON texts, oldest first. Optional: without it, the agent appends with `get`
   * and `compareAndSet` (a retry on contention, more round trips). Used by the conversation transcript.
   */
  appendCapped?(key: string, item: string, bounds: CappedListBounds): Promise<void>;
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
  appendCapped(key: string, item: string, bounds: CappedListBounds): void;
}

/** The key under which an in-process store offers its {@link SyncStore}. @internal */
export const SYNC_STORE: unique symbol = Symbol.for('handoffkit.syncStore');
