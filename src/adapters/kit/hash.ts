/** FNV-1a of a text in base 36: short and stable, enough to tell two items or two versions apart in a dedupe key. */
export function idHash(source: string): string {
  let value = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) value = Math.imul(value ^ source.charCodeAt(i), 0x01000193);
  return (value >>> 0).toString(36);
}
