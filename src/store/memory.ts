import { ConfigError } from '../core/errors.js';
import { type Store, SYNC_STORE, type SyncStore } from './types.js';

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** The most entries kept; the least recently written are evicted first. Default 100 000. */
  maxEntries?: number;
  /** A clock, for tests. Default `Date.now`. */
  now?: () => number;
}

interface Entry {
  readonly key: string;
  readonly value: unknown;
  readonly expiresAt: number;
  /** Rewritten, deleted or swept: its item in the write order is skipped (no map lookup needed to tell). */
  stale: boolean;
}

/** An in-process {@link Store}: TTLs, bounded size; for one process (use a shared store for several). */
export class MemoryStore implements Store {
  readonly #entries = new Map<string, Entry>();
  // Write order, oldest first: a queue with a moving head (walking a Map from its start slows down once many of its
  // first entries were deleted). An item whose entry was since rewritten or deleted is stale and skipped.
  #order: Entry[] = [];
  #head = 0;
  readonly #maxEntries: number;
  readonly #now: () => number;

  /** Creates an empty store. */
  constructor(options: MemoryStoreOptions = {}) {
    const max = options.maxEntries ?? 100_000;
    if (!Number.isInteger(max) || max < 1) {
      throw new ConfigError('maxEntries', `MemoryStore maxEntries must be a positive integer, got ${String(max)}.`);
    }
    this.#maxEntries = max;
    this.#now = options.now ?? Date.now;
  }

  /** The number of entries held, expired ones included until they are swept. */
  get size(): number {
    return this.#entries.size;
  }

  /** Reads a value, or `undefined` when absent or expired. */
  get<T = unknown>(key: string): Promise<T | undefined> {
    return Promise.resolve(this.#sync.get(key) as T | undefined);
  }

  /** Writes a value, optionally expiring after `ttlMs` milliseconds. */
  set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void> {
    this.#sync.set(key, value, ttlMs);
    return Promise.resolve();
  }

  /** Removes a value. */
  delete(key: string): Promise<void> {
    this.#sync.delete(key);
    return Promise.resolve();
  }

  /** Writes a value only when the key is absent or expired; resolves `true` when it wrote. */
  setIfAbsent<T = unknown>(key: string, value: T, ttlMs: number): Promise<boolean> {
    return Promise.resolve(this.#sync.setIfAbsent(key, value, ttlMs));
  }

  /**
   * The same operations without promises, for the agent's per-delivery path. Offered only while `get`, `set`,
   * `delete` and `setIfAbsent` are this class's own (a subclass that overrides one is always called through it). @internal
   */
  get [SYNC_STORE](): SyncStore | undefined {
    const own = MemoryStore.prototype;
    return this.get === own.get && this.set === own.set && this.delete === own.delete && this.setIfAbsent === own.setIfAbsent
      ? this.#sync
      : undefined;
  }

  readonly #sync: SyncStore = {
    get: (key) => thaw(this.#read(key)),
    set: (key, value, ttlMs) => this.#write(key, value, ttlMs),
    delete: (key) => this.#drop(key),
    setIfAbsent: (key, value, ttlMs) => {
      if (this.#read(key) !== undefined) return false;
      this.#write(key, value, ttlMs);
      return true;
    },
  };

  /** Replaces the value only while it still equals `expected` (as JSON; `undefined` = absent). */
  compareAndSet<T = unknown>(key: string, expected: T | undefined, next: T, ttlMs?: number): Promise<boolean> {
    const current = this.#read(key);
    if (!sameValue(current, expected)) return Promise.resolve(false);
    this.#write(key, next, ttlMs);
    return Promise.resolve(true);
  }

  /** Drops every entry. */
  clear(): void {
    this.#entries.clear();
    this.#order = [];
    this.#head = 0;
  }

  #read(key: string): unknown {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#drop(key);
      return undefined;
    }
    return entry.value;
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    entry.stale = true;
    this.#entries.delete(key);
  }

  #write(key: string, value: unknown, ttlMs: number | undefined): void {
    const now = this.#now();
    const expiresAt = ttlMs === undefined || ttlMs <= 0 ? Number.POSITIVE_INFINITY : now + ttlMs;
    // Objects are kept as JSON, as a networked store keeps them: callers cannot change what is stored by mutation,
    // and what comes back is what a RedisStore would give (a JSON round trip is also cheaper than structuredClone).
    const entry: Entry = { key, value: freeze(value), expiresAt, stale: false };
    const previous = this.#entries.get(key);
    if (previous !== undefined) previous.stale = true;
    this.#entries.set(key, entry);
    this.#order.push(entry);
    this.#sweep(now);
  }

  // Amortised O(1): each write (which adds one queue item) consumes up to four from the head: stale items, and live
  // entries that expired or exceed the bound (the oldest writes go first).
  #sweep(now: number): void {
    for (let budget = 4; budget > 0 && this.#head < this.#order.length; budget--) {
      const oldest = this.#order[this.#head] as Entry;
      if (!oldest.stale) {
        if (oldest.expiresAt > now && this.#entries.size <= this.#maxEntries) break;
        this.#drop(oldest.key);
      }
      this.#head += 1;
    }
    // A long-lived entry at the head blocks the walk while stale items pile up behind it: once a fifth of the queue
    // is stale, rebuild it from the live entries (amortised O(1) per write; stale items would hold dead entries).
    const queued = this.#order.length - this.#head;
    if (queued > this.#entries.size + (this.#entries.size >> 2) + 1024) {
      this.#order = this.#order.slice(this.#head).filter((entry) => !entry.stale);
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head > queued) {
      // The consumed head of the queue still holds its entries: drop it once it outgrows the rest (amortised O(1)).
      this.#order = this.#order.slice(this.#head);
      this.#head = 0;
    }
  }
}

/** A stored form: primitives as they are, objects as JSON text in a box (so a stored string stays a string). */
interface Frozen {
  readonly json: string;
}

function freeze(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? ({ json: JSON.stringify(value) } satisfies Frozen) : value;
}

function thaw(stored: unknown): unknown {
  return typeof stored === 'object' && stored !== null ? JSON.parse((stored as Frozen).json) : stored;
}

/** Compares a stored form with a value, as JSON. */
function sameValue(stored: unknown, expected: unknown): boolean {
  if (stored === undefined || expected === undefined) return stored === expected;
  const frozen = freeze(expected);
  if (typeof frozen !== 'object' || frozen === null) return stored === frozen;
  return typeof stored === 'object' && stored !== null && (stored as Frozen).json === (frozen as Frozen).json;
}
