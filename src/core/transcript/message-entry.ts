import { itemBytes, type LazyItem } from '../../store/capped-list.js';
import type { SenderRole } from '../events.js';
import type { TranscriptAttachment, TranscriptMessage } from './types.js';

const q = JSON.stringify;

/** The JSON text of a message entry, written field by field (the same text as serializing it, the `id` first). */
export function messageText(entry: TranscriptMessage): string {
  let text = entry.id === undefined ? `{"kind":"message","role":${q(entry.role)}` : `{"id":${q(entry.id)},"kind":"message","role":${q(entry.role)}`;
  if (entry.name !== undefined) text += `,"name":${q(entry.name)}`;
  if (entry.text !== undefined) text += `,"text":${q(entry.text)}`;
  if (entry.attachments !== undefined) text += `,"attachments":${q(entry.attachments)}`;
  if (entry.private === true) text += ',"private":true';
  return `${text},"at":${entry.at}}`;
}

/**
 * A message entry as the agent records it: one object of a fixed shape, whose JSON text is made only when the
 * transcript is read (an in-process store keeps the entry itself until then, and its text after) and whose size in
 * the stored list is counted without making it, for the usual text (printable ASCII). @internal
 */
export class MessageEntry implements TranscriptMessage, LazyItem {
  /** The platform's message id, when known. */
  readonly id: string | undefined;
  /** Who wrote it. */
  readonly role: SenderRole;
  /** The author's display name, when known. */
  readonly name: string | undefined;
  /** The text, already cut to the transcript's limit. */
  readonly text: string | undefined;
  /** The attachments, summarized. */
  readonly attachments: readonly TranscriptAttachment[] | undefined;
  /** A note visible to agents only. */
  readonly private: true | undefined;
  /** When the agent saw it (or sent it), in milliseconds since the epoch. */
  readonly at: number;
  /** The bytes its text takes in a stored list (`itemBytes`). */
  readonly bytes: number;

  /** An entry of these fields (`undefined` for the absent ones). */
  constructor(
    id: string | undefined,
    role: SenderRole,
    name: string | undefined,
    text: string | undefined,
    attachments: readonly TranscriptAttachment[] | undefined,
    isPrivate: boolean,
    at: number,
  ) {
    this.id = id;
    this.role = role;
    this.name = name;
    this.text = text;
    this.attachments = attachments;
    this.private = isPrivate ? true : undefined;
    this.at = at;
    this.bytes = plainBytes(this) ?? itemBytes(this.json());
  }

  /** What this entry is (on the prototype: one field less in each entry kept). */
  get kind(): 'message' {
    return 'message';
  }

  /** Its JSON text (made at each call: a store that keeps the entry replaces it with its text once read). */
  json(): string {
    return messageText(this);
  }
}

// Printable ASCII but for `"` and `\` (which JSON escapes) from start to end: anchored, irregexp scans it in one pass.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** The bytes of a fixed piece of the text in the stored list: each of its quotes is escaped there. */
function fixed(piece: string): number {
  return piece.length + piece.split('"').length - 1;
}

const ID = fixed('{"id":') + fixed(',"kind":"message","role":');
const NO_ID = fixed('{"kind":"message","role":');
const NAME = fixed(',"name":');
const TEXT = fixed(',"text":');
const PRIVATE = fixed(',"private":true');
const AT = fixed(',"at":') + fixed('}');

/**
 * `itemBytes(messageText(entry))` without making the text, when every string of the entry is plain (printable ASCII
 * without `"` or `\`, so its JSON is the string in quotes, and the stored list escapes those two quotes); otherwise
 * `undefined`. The item's own quotes and comma in the list count 3.
 */
function plainBytes(entry: MessageEntry): number | undefined {
  if (entry.attachments !== undefined) return undefined;
  let bytes = 3 + AT + digits(entry.at) + (entry.id === undefined ? NO_ID : ID + plain(entry.id)) + (ROLES[entry.role] ?? plain(entry.role));
  if (entry.name !== undefined) bytes += NAME + plain(entry.name);
  if (entry.text !== undefined) bytes += TEXT + plain(entry.text);
  if (entry.private === true) bytes += PRIVATE;
  return Number.isNaN(bytes) ? undefined : bytes;
}

// The bytes of each role's JSON string in the stored list.
const ROLES: Partial<Record<string, number>> = { contact: 11, agent: 9, bot: 7, system: 10 };

/** The length of `${at}` (without making it, for the usual time: an integer of 13 digits). */
function digits(at: number): number {
  return Number.isInteger(at) && at >= 1e12 && at < 1e13 ? 13 : String(at).length;
}

/** The bytes of a plain string in the stored list (its length and four for its escaped quotes), else `NaN`. */
function plain(value: string): number {
  return PLAIN.test(value) ? value.length + 4 : Number.NaN;
}
