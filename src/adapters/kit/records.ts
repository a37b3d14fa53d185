// Records built from platform data (contact attributes, custom attributes): keys come from whoever wrote the
// payload, so a key must never reach an object's prototype. Every record is a null-prototype object, and the keys
// that name or reach a prototype are dropped.

/** Keys never copied from platform data. */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `key` may be used as a record key (it cannot reach a prototype). */
export function isSafeKey(key: string): boolean {
  return !UNSAFE_KEYS.has(key);
}

/** An empty null-prototype record. */
export function emptyRecord<V = unknown>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** Sets `record[key] = value` unless the key is unsafe; reports whether it was set. */
export function setSafely<V>(record: Record<string, V>, key: string, value: V): boolean {
  if (!isSafeKey(key)) return false;
  record[key] = value;
  return true;
}

/** A null-prototype copy of an object's own enumerable keys, without the unsafe ones; `{}` for anything else. */
export function copyRecord(source: unknown): Record<string, unknown> {
  const record = emptyRecord();
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return record;
  for (const key of Object.keys(source)) {
    if (isSafeKey(key)) record[key] = (source as Record<string, unknown>)[key];
  }
  return record;
}
