/**
 * The store key of `kind` for one conversation (or lane): `{<prefix><id>}:<kind>`. Every key of a conversation
 * carries the same hash tag, so that Redis Cluster keeps them in one slot and one script may touch them all.
 */
export function conversationKey(prefix: string, id: string, kind: string): string {
  return `{${prefix}${id}}:${kind}`;
}
