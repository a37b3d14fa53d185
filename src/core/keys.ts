/**
 * The store key of `kind` for one conversation (or lane): `{<prefix><id>}:<kind>`. Every key of a conversation
 * carries the same hash tag, so that Redis Cluster keeps them in one slot and one script may touch them all.
 */
export function conversationKey(prefix: string, id: string, kind: string): string {
  // join() makes one flat string; a template literal makes a rope of its parts, which an in-process store keeps
  // as its map key: about 100 bytes more per dedupe key, 10 MB per 100,000 of them.
  return ['{', prefix, id, '}:', kind].join('');
}
