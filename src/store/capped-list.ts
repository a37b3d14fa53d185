// A capped list: a key whose value is a JSON array of JSON texts (one per item), kept within a number of items and
// a number of bytes by dropping the oldest items. Stores append to it atomically (`Store.appendCapped`); any store
// reads it with `get`. This file holds the rules every store applies the same way.

/** The bounds of a capped list (`Store.appendCapped`). */
export interface CappedListBounds {
  /** The most items kept; the oldest are dropped first. */
  maxItems: number;
  /** The most bytes of the stored value (the JSON text of the array of texts, in UTF-8); the oldest items are dropped first. */
  maxBytes: number;
  /** The list expires this long after its latest append. */
  ttlMs: number;
  /**
   * Appends nothing when an item already held begins with `{"id":<this id as JSON>,` (the item's JSON text starts
   * with its `id`): the same message recorded twice, once when sent and once when its echo arrives.
   */
  uniqueId?: string;
}

/**
 * An item an in-process store may keep as it is and write out only when the list is read (it then keeps the text in
 * its place): its JSON text is made by `json()`, and its size in the stored array is known beforehand. @internal
 */
export interface LazyItem {
  /** The bytes its text takes in the stored array (as {@link itemBytes} counts them). */
  readonly bytes: number;
  /** The `id` its text starts with (`{"id":…,`), for `uniqueId`; `undefined` when it has none. */
  readonly id: string | undefined;
  /** Its JSON text. */
  json(): string;
}

/** An item of a capped list in an in-process store: its JSON text, or an item that makes it when read. */
export type CappedItem = string | LazyItem;

// Anything that is not plain ASCII, or that JSON writes escaped inside a string.
const SPECIAL = /[^\u0020-\u007e]|["\\/]/;

/**
 * The bytes an item takes in the stored array: its text as a JSON string in UTF-8 (quotes and escapes included) and
 * the comma before it; with `slashes`, `/` counts as escaped too (Redis' cjson writes it as `\/`).
 */
export function itemBytes(text: string, slashes = false): number {
  // The usual item is the JSON of an entry: ASCII, its only escapes the quotes (counted natively, not char by char).
  if (!slashes && !/[^\u0020-\u007e]|\\/.test(text)) {
    let quotes = 0;
    for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) quotes += 1;
    return text.length + quotes + 3;
  }
  if (!SPECIAL.test(text)) return text.length + 3;
  let bytes = 3;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22 || code === 0x5c || (slashes && code === 0x2f)) bytes += 2;
    else if (code < 0x20) bytes += 6;
    else if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** The prefix an item with this id starts with (`uniqueId`). */
export function idPrefix(id: string): string {
  return `{"id":${JSON.stringify(id)},`;
}

/**
 * Appends `item` (a JSON text, or a {@link LazyItem}) to `items` (in place) and drops the oldest items until both
 * bounds hold; returns the bytes of what is kept (the empty array counts 2; `held` is that count before the append,
 * when the caller keeps it), or `undefined` when `uniqueId` is already held (nothing changed). An item larger than
 * `maxBytes` on its own is not kept.
 */
export function appendWithin<I extends CappedItem>(items: I[], sizes: number[], item: I, bounds: CappedListBounds, held?: number): number | undefined {
  const unique = bounds.uniqueId;
  if (unique !== undefined) {
    const prefix = idPrefix(unique);
    for (let i = items.length - 1; i >= 0; i--) {
      const each = items[i] as CappedItem;
      if (typeof each === 'string' ? each.startsWith(prefix) : each.id === unique) return undefined;
    }
  }
  const size = typeof item === 'string' ? itemBytes(item) : item.bytes;
  items.push(item);
  sizes.push(size);
  // `held`: the bytes of the items before this one, when the caller keeps count (else they are summed).
  let total = held === undefined ? 1 : (held === 2 ? 1 : held) + size;
  if (held === undefined) for (const each of sizes) total += each;
  let drop = 0;
  while (drop < items.length && (items.length - drop > bounds.maxItems || total > bounds.maxBytes)) {
    total -= sizes[drop] as number;
    drop += 1;
  }
  if (drop > 0) {
    items.splice(0, drop);
    sizes.splice(0, drop);
  }
  return items.length === 0 ? 2 : total;
}

/**
 * The strings of a stored list value (what `set` or an append wrote) with their sizes, ready for
 * {@link appendWithin}; anything else reads as an empty list.
 */
export function storedList(value: unknown): { items: string[]; sizes: number[] } {
  const items = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  return { items, sizes: items.map((item) => itemBytes(item)) };
}
