import type { EscalateOptions } from '../../core/actions.js';

/** What ends a text that had to be cut to a platform's limit. */
export const CUT_MARKER = ' […]';

/** How a platform measures its limit: UTF-16 code units, characters (code points), or UTF-8 bytes. */
export type TextUnit = 'utf16' | 'chars' | 'utf8';

const encoder = new TextEncoder();

/** The size of `text` in `unit`. */
export function sizeOf(text: string, unit: TextUnit): number {
  if (unit === 'utf16') return text.length;
  if (unit === 'utf8') return encoder.encode(text).byteLength;
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * `text` within `limit` (in `unit`), its end replaced by {@link CUT_MARKER} when it had to be cut; never splits a
 * character (a surrogate pair, a UTF-8 sequence).
 */
export function cutToLimit(text: string, limit: number, unit: TextUnit = 'chars'): string {
  if (sizeOf(text, unit) <= limit) return text;
  const room = limit - sizeOf(CUT_MARKER, unit);
  if (room <= 0) return CUT_MARKER.trim().slice(0, Math.max(0, limit));
  let kept = '';
  let size = 0;
  for (const char of text) {
    const next = sizeOf(char, unit);
    if (size + next > room) break;
    kept += char;
    size += next;
  }
  return `${kept.trimEnd()}${CUT_MARKER}`;
}

/** The non-empty parts joined by a blank line, or `undefined` when none is left. */
export function joinParts(parts: readonly (string | undefined)[]): string | undefined {
  const kept = parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  return kept.length === 0 ? undefined : kept.join('\n\n');
}

/** What a human agent should read first on an escalation: the summary, then the note (the reason apart). */
export function noteForAgents(options: EscalateOptions): string | undefined {
  return joinParts([options.summary, options.note]);
}
