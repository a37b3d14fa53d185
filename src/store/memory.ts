import { ConfigError } from '../errors.js';
import { appendWithin, type CappedItem, type CappedListBounds, storedList } from './capped-list.js';
import { type Store, SYNC_STORE, type SyncStore } from './types.js';
import { jsonText } from './json-text.js';
import { WriteQueue } from './write-queue.js';

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * The most entries kept. Over it, dedupe keys (entries first written with `setIfAbsent`) are evicted first, oldest
   * first; ownership, sessions and other state only once no dedupe key is left. Default 100 000.
   */
  maxEntries?: number;
  /** The most bytes kept (keys and values, estimated as UTF-16 text), evicted in the same order. Default 64 MiB. */
  maxBytes?: number;
  /** A clock, for tests. Default `Date.now`. */
  now?: () => number;
}

interface Entry {
  readonly key: string;
  readonly value: unknown;
  readonly expiresAt: number;
  /** A dedupe key (first written with `setIfAbsent`): evicted before any other entry. */
  readonly claim: boolean;
  /** The estimated size of key and value. */
  readonly bytes: number;
  /** Rewritten, deleted, swept or evicted: its item in the write order is skipped (no map lookup needed to tell). */
  stale: boolean;
}

/** The default byte bound of a {@link MemoryStore}. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
// What an entry costs beside its key and value (the map slot, the entry object, its queue item).
const ENTRY_OVERHEAD_BYTES = 96;

/**
 * An in-process {@link Store}: TTLs, bounded in entries and bytes, dedupe keys evicted before ownership and sessions;
 * for one process (use a shared store for several).
 */
export class MemoryStore implements Store {
  readonly #entries = new Map<string, Entry>();
  // Write order per kind, oldest first: dedupe keys in one queue, everything else in the other.
  readonly #claims = new WriteQueue<Entry>();
  readonly #state = new WriteQueue<Entry>();
  #liveClaims = 0;
  #bytes = 0;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #now: () => number;

  /** Creates an empty store. */
  constructor(options: MemoryStoreOptions = {}) {
    this.#maxEntries = bound('maxEntries', options.maxEntries, 100_000);
    this.#maxBytes = bound('maxBytes', options.maxBytes, DEFAULT_MAX_BYTES);
    this.#now = options.now ?? Date.now;
  }

  /** The estimated bytes held (keys and values). */
  get bytes(): number {
    return this.#bytes;
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
    const owned =
      this.get === own.get &&
      this.set === own.set &&
      this.delete === own.delete &&
      this.setIfAbsent === own.setIfAbsent &&
      this.appendCapped === own.appendCapped;
    return owned ? this.#sync : undefined;
  }

  readonly #sync: SyncStore = {
    get: (key) => thaw(this.#read(key)),
    set: (key, value, ttlMs) => this.#write(key, value, ttlMs, false),
    delete: (key) => this.#drop(key),
    setIfAbsent: (key, value, ttlMs) => {
      if (this.#read(key) !== undefined) return false;
      this.#write(key, value, ttlMs, true);
      return true;
    },
    appendCapped: (key, item, bounds) => this.#append(key, item, bounds),
  };

  /** Appends to the capped list at `key` and trims it to `bounds` (see `Store.appendCapped`). */
  appendCapped(key: string, item: string, bounds: CappedListBounds): Promise<void> {
    this.#append(key, item, bounds);
    return Promise.resolve();
  }

  // The list object is kept as it is (its items are immutable) and moved to a new entry: no copy, no JSON; a lazy
  // item is kept unwritten until the list is read.
  #append(key: string, item: CappedItem, bounds: CappedListBounds): void {
    const now = this.#now();
    const previous = this.#entries.get(key);
    const held = previous === undefined || previous.expiresAt <= now ? undefined : previous.value;
    const list = held instanceof CappedList ? held : CappedList.from(thaw(held));
    const bytes = appendWithin(list.items, list.sizes, item, bounds, list.bytes);
    if (bytes === undefined) return;
    list.bytes = bytes;
    if (list.items.length === 0) this.#drop(key);
    else this.#put(key, list, bounds.ttlMs > 0 ? now + bounds.ttlMs : Number.POSITIVE_INFINITY, false, previous, now);
  }

  /** Replaces the value only while it still equals `expected` (as JSON; `undefined` = absent). */
  compareAndSet<T = unknown>(key: string, expected: T | undefined, next: T, ttlMs?: number): Promise<boolean> {
    const current = this.#read(key);
    if (!sameValue(current, expected)) return Promise.resolve(false);
    this.#write(key, next, ttlMs, false);
    return Promise.resolve(true);
  }

  /** Drops every entry. */
  clear(): void {
    this.#entries.clear();
    this.#claims.clear();
    this.#state.clear();
    this.#liveClaims = 0;
    this.#bytes = 0;
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
    this.#forget(entry);
    this.#entries.delete(key);
  }

  #forget(entry: Entry): void {
    entry.stale = true;
    this.#bytes -= entry.bytes;
    if (entry.claim) this.#liveClaims -= 1;
  }

  // `claim`: written by setIfAbsent. A key keeps its kind while it lives (a dedupe key marked done stays one).
  #write(key: string, value: unknown, ttlMs: number | undefined, claim: boolean): void {
    const now = this.#now();
    const expiresAt = ttlMs === undefined || ttlMs <= 0 ? Number.POSITIVE_INFINITY : now + ttlMs;
    // Objects are kept as JSON, as a networked store keeps them: callers cannot change what is stored by mutation,
    // and what comes back is what a RedisStore would give (a JSON round trip is also cheaper than structuredClone).
    const stored = value instanceof CappedList ? value : freeze(value);
    this.#put(key, stored, expiresAt, claim, this.#entries.get(key), now);
  }

  // `previous`: the key's entry (expired or not), looked up by the caller.
  #put(key: string, stored: unknown, expiresAt: number, claim: boolean, previous: Entry | undefined, now: number): void {
    const kind = previous !== undefined && previous.expiresAt > now ? previous.claim : claim;
    const entry: Entry = { key, value: stored, expiresAt, claim: kind, bytes: sizeOf(key, stored), stale: false };
    if (previous !== undefined) this.#forget(previous);
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
    if (kind) this.#liveClaims += 1;
    (kind ? this.#claims : this.#state).push(entry);
    this.#sweep(now);
  }

  // Amortised O(1): each write consumes up to four expired entries from each queue's head, then evicts while a
  // bound is exceeded (dedupe keys first, oldest first; each entry is evicted once).
  #sweep(now: number): void {
    this.#sweepExpired(this.#claims, now);
    this.#sweepExpired(this.#state, now);
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      const victim = this.#claims.oldest() ?? this.#state.oldest();
      if (victim === undefined) break;
      this.#drop(victim.key);
    }
    this.#claims.compact(this.#liveClaims);
    this.#state.compact(this.#entries.size - this.#liveClaims);
  }

  #sweepExpired(queue: WriteQueue<Entry>, now: number): void {
    for (let budget = 4; budget > 0; budget--) {
      const oldest = queue.oldest();
      if (oldest === undefined || oldest.expiresAt > now) return;
      this.#drop(oldest.key);
    }
  }
}

function bound(name: string, value: number | undefined, fallback: number): number {
  const max = value ?? fallback;
  if (!Number.isInteger(max) || max < 1) {
    throw new ConfigError(name, `new MemoryStore({ ${name} }) must be a positive integer.`);
  }
  return max;
}

/** An entry's estimated size: key and value as UTF-16 text, plus a fixed overhead. */
function sizeOf(key: string, stored: unknown): number {
  const value =
    typeof stored === 'string'
      ? stored.length
      : stored instanceof CappedList
        ? stored.bytes
        : typeof stored === 'object' && stored !== null
          ? (stored as Frozen).json.length
          : 4;
  return ENTRY_OVERHEAD_BYTES + 2 * (key.length + value);
}

/** A stored form: primitives as they are, objects as JSON text in a box (so a stored string stays a string). */
interface Frozen {
  readonly json: string;
}

/** A capped list as stored: its items (JSON texts, or lazy items), their sizes in the stored array, and the array's bytes. */
class CappedList {
  readonly items: CappedItem[];
  readonly sizes: number[];
  bytes: number;

  constructor(items: CappedItem[], sizes: number[]) {
    this.items = items;
    this.sizes = sizes;
    this.bytes = items.length === 0 ? 2 : 1 + sizes.reduce((sum, size) => sum + size, 0);
  }

  /** The items' texts, oldest first; a lazy item is written once, and its text kept in its place (same size). */
  texts(): string[] {
    const items = this.items;
    const texts: string[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as CappedItem;
      const text = typeof item === 'string' ? item : item.json();
      items[i] = text;
      texts[i] = text;
    }
    return texts;
  }

  /** A list over a value written with `set` (the texts of an array of strings; anything else starts empty). */
  static from(value: unknown): CappedList {
    const { items, sizes } = storedList(value);
    return new CappedList(items, sizes);
  }
}

function freeze(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? ({ json: jsonText(value) } satisfies Frozen) : value;
}

function thaw(stored: unknown): unknown {
  if (stored instanceof CappedList) return stored.texts();
  return typeof stored === 'object' && stored !== null ? JSON.parse((stored as Frozen).json) : stored;
}

/** Compares a stored form with a value, as JSON. */
function sameValue(held: unknown, expected: unknown): boolean {
  if (held === undefined || expected === undefined) return held === expected;
  const stored = held instanceof CappedList ? freeze(held.texts()) : held;
  const frozen = freeze(expected);
  if (typeof frozen !== 'object' || frozen === null) return stored === frozen;
  return typeof stored === 'object' && stored !== null && (stored as Frozen).json === (frozen as Frozen).json;
}
