// JSON.stringify recurses: a signed body nested 100,000 deep (which JSON.parse reads fine) would make it throw a
// RangeError, and a verified delivery would be answered 500. Dedupe keys, texts built from platform values and the
// stores' serialized values use this instead: the same text as JSON.stringify, at any depth.

/** A piece of output text on the work stack (never confused with a payload value, which is plain JSON). */
class Piece {
  constructor(readonly text: string) {}
}

const OPEN_ARRAY = new Piece('[');
const CLOSE_ARRAY = new Piece(']');
const OPEN_OBJECT = new Piece('{');
const CLOSE_OBJECT = new Piece('}');
const COMMA = new Piece(',');

/** `JSON.stringify(value)` for JSON data (what `JSON.parse` gives) at any depth; `undefined` gives `"null"`. */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  return iterativeJson(value);
}

/** The same text, built without recursion (what `jsonText` falls back to). @internal */
export function iterativeJson(value: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Piece) {
      out.push(item.text);
    } else if (Array.isArray(item)) {
      stack.push(CLOSE_ARRAY);
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(item[i] === undefined || typeof item[i] === 'function' ? null : item[i]);
        if (i > 0) stack.push(COMMA);
      }
      stack.push(OPEN_ARRAY);
    } else if (typeof item === 'object' && item !== null) {
      const entries = Object.entries(item).filter(([, inner]) => inner !== undefined && typeof inner !== 'function');
      stack.push(CLOSE_OBJECT);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i] as [string, unknown];
        stack.push(inner, new Piece(`${JSON.stringify(key)}:`));
        if (i > 0) stack.push(COMMA);
      }
      stack.push(OPEN_OBJECT);
    } else {
      out.push(JSON.stringify(item) ?? 'null');
    }
  }
  return out.join('');
}
