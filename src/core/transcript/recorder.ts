import { ConfigError } from '../../errors.js';
import { appendWithin, type CappedListBounds, storedList } from '../../store/capped-list.js';
import { type Store, type StoreAppend, SYNC_STORE, type SyncStore } from '../../store/types.js';
import { storeCall } from '../conversation-state.js';
import { backoff } from '../session.js';
import { conversationKey } from '../keys.js';
import { entryText, parseEntry } from './entries.js';
import { MessageEntry } from './message-entry.js';
import type { TranscriptEntry, TranscriptOptions, TranscriptQuery } from './types.js';

/** The defaults of {@link TranscriptOptions}. */
export const TRANSCRIPT_DEFAULTS = { maxEntries: 50, maxBytes: 16 * 1024, maxTextLength: 2_000 } as const;

const MAX_ATTEMPTS = 16;

/**
 * Appends and reads conversations' transcripts: one capped list per conversation in the agent's store, written with
 * the store's atomic `appendCapped` where it has one (synchronously on a MemoryStore), else with compare-and-set.
 * A failed append is reported and dropped: the transcript is what the agent saw, not a reason to redeliver. @internal
 */
export class TranscriptRecorder {
  /** A message's text is cut to this many characters. */
  readonly maxText: number;
  readonly #store: Store;
  readonly #sync: SyncStore | undefined;
  readonly #prefix: string;
  readonly #bounds: Omit<CappedListBounds, 'uniqueId'>;
  readonly #failed: (error: unknown) => void;

  /** Keys under `prefix`; `failed` hears of an append that could not be stored. */
  constructor(store: Store, prefix: string, options: TranscriptOptions, defaultTtlMs: number, failed: (error: unknown) => void) {
    const maxEntries = integer('maxEntries', options.maxEntries ?? TRANSCRIPT_DEFAULTS.maxEntries, 1);
    const maxBytes = integer('maxBytes', options.maxBytes ?? TRANSCRIPT_DEFAULTS.maxBytes, 1024);
    const maxText = integer('maxTextLength', options.maxTextLength ?? TRANSCRIPT_DEFAULTS.maxTextLength, 16);
    this.maxText = Math.min(maxText, Math.floor(maxBytes / 8));
    this.#bounds = { maxItems: maxEntries, maxBytes, ttlMs: integer('ttlMs', options.ttlMs ?? defaultTtlMs, 1) };
    this.#store = store;
    const sync = (store as { [SYNC_STORE]?: SyncStore })[SYNC_STORE];
    this.#sync = typeof sync?.appendCapped === 'function' ? sync : undefined;
    this.#prefix = prefix;
    this.#failed = failed;
  }

  /** Appends `entry` to the conversation's transcript: synchronous on an in-process store, else a promise that never rejects. */
  append(conversationId: string, entry: TranscriptEntry): Promise<void> | undefined {
    const sync = this.#sync;
    if (sync === undefined) return this.#write(this.prepare(conversationId, entry));
    // An in-process store keeps a message entry as it is: its text is made only if the transcript is read.
    try {
      sync.appendCapped(this.#key(conversationId), entry instanceof MessageEntry ? entry : entryText(entry), this.#boundsOf(entry));
    } catch (error) {
      this.#failed(error);
    }
    return undefined;
  }

  /** The append of `entry` as the store takes it (its key, its JSON text, the bounds), for a caller that writes it later. */
  prepare(conversationId: string, entry: TranscriptEntry): StoreAppend {
    return { key: this.#key(conversationId), item: entryText(entry), bounds: this.#boundsOf(entry) };
  }

  // A prepared append on a store without a synchronous side: a promise that never rejects.
  #write(append: StoreAppend): Promise<void> {
    const { key, item: text, bounds } = append;
    const store = this.#store;
    const write = store.appendCapped === undefined ? appendByCompare(store, key, text, bounds) : store.appendCapped(key, text, bounds);
    return write.then(undefined, this.#failed);
  }

  /** The conversation's transcript, oldest first; with `unsaved`, as it will be once those appends are written. */
  async read(conversationId: string, query: TranscriptQuery = {}, unsaved: readonly StoreAppend[] = []): Promise<TranscriptEntry[]> {
    const key = this.#key(conversationId);
    const stored = this.#sync !== undefined ? this.#sync.get(key) : await storeCall(() => this.#store.get<unknown>(key));
    const texts = unsaved.length === 0 ? stored : withAppends(stored, unsaved);
    if (!Array.isArray(texts)) return [];
    const since = query.since === undefined ? undefined : query.since instanceof Date ? query.since.getTime() : query.since;
    const entries: TranscriptEntry[] = [];
    for (const text of texts) {
      const entry = parseEntry(text);
      if (entry !== undefined && (since === undefined || entry.at >= since)) entries.push(entry);
    }
    const limit = query.limit;
    return limit !== undefined && limit >= 0 && entries.length > limit ? entries.slice(entries.length - Math.floor(limit)) : entries;
  }

  // A bot message is recorded when sent and seen again as its echo: the store keeps the first.
  #boundsOf(entry: TranscriptEntry): CappedListBounds {
    return entry.kind === 'message' && entry.role === 'bot' && entry.id !== undefined ? { ...this.#bounds, uniqueId: entry.id } : this.#bounds;
  }

  #key(conversationId: string): string {
    return conversationKey(this.#prefix, conversationId, 'transcript');
  }
}

/** The texts of a stored list with `appends` applied by the store's rules (bounds, `uniqueId`). */
function withAppends(stored: unknown, appends: readonly StoreAppend[]): string[] {
  const { items, sizes } = storedList(stored);
  for (const append of appends) appendWithin(items, sizes, append.item, append.bounds);
  return items;
}

/** `appendCapped` for a store without it: read, append and trim, compare-and-set; again on contention. */
async function appendByCompare(store: Store, key: string, text: string, bounds: CappedListBounds): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await store.get<unknown>(key);
    const { items: next, sizes } = storedList(current);
    if (appendWithin(next, sizes, text, bounds) === undefined) return;
    const written = next.length === 0 ? undefined : next;
    if (written === undefined) {
      await store.delete(key);
      return;
    }
    if (await store.compareAndSet(key, current, written, bounds.ttlMs)) return;
    await backoff(attempt);
  }
  throw new Error(`the transcript at ${key} lost the race ${MAX_ATTEMPTS} times in a row`);
}

function integer(option: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(
      `transcript.${option}`,
      `new VirtualAgent({ transcript: { ${option} } }) must be an integer of at least ${min}, got ${String(value)}.`,
    );
  }
  return value;
}
