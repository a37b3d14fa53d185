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
}
