import type { OutgoingMessage } from '../actions.js';
import type { HandoffInfo, Message } from '../events.js';
import type { TranscriptAttachment, TranscriptEntry, TranscriptHandoff, TranscriptMessage } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The entry of a message an event carried; `undefined` for a message with nothing to show. */
export function receivedEntry(message: Message, at: number, maxText: number): TranscriptMessage | undefined {
  // The id comes first: a store spots the same message recorded twice by the start of its JSON text.
  const entry: Mutable<TranscriptMessage> = message.id
    ? { id: message.id, kind: 'message', role: message.sender.role, at }
    : { kind: 'message', role: message.sender.role, at };
  if (message.sender.name) entry.name = message.sender.name;
  const text = message.text ?? submittedText(message) ?? message.postback?.title ?? message.quickReply?.value;
  if (text) entry.text = cut(text, maxText);
  if (message.attachments.length > 0) entry.attachments = message.attachments.map(summary);
  if (message.private) entry.private = true;
  return entry.text === undefined && entry.attachments === undefined ? undefined : entry;
}

/** The entry of a message the bot sent, once the platform accepted it. */
export function sentEntry(message: OutgoingMessage, id: string | undefined, at: number, maxText: number): TranscriptMessage | undefined {
  const entry: Mutable<TranscriptMessage> = id ? { id, kind: 'message', role: 'bot', at } : { kind: 'message', role: 'bot', at };
  const text = message.text ?? message.cards?.map((card) => card.title).join(' | ');
  if (text) entry.text = cut(text, maxText);
  if (message.attachments !== undefined && message.attachments.length > 0) entry.attachments = message.attachments.map((a) => ({ type: a.type }));
  if (message.private) entry.private = true;
  return entry.text === undefined && entry.attachments === undefined ? undefined : entry;
}

/** The marker of a change of owner. */
export function handoffEntry(handoff: HandoffInfo, at: number): TranscriptHandoff {
  const entry: Mutable<TranscriptHandoff> = { kind: 'handoff', from: handoff.from, to: handoff.to, initiator: handoff.initiator, at };
  if (handoff.reason !== undefined) entry.reason = cut(handoff.reason, 500);
  return entry;
}

const q = JSON.stringify;

/**
 * The JSON text of an entry, written field by field (faster than serializing the object; the same text, the `id`
 * first when there is one).
 */
export function entryText(entry: TranscriptEntry): string {
  if (entry.kind === 'handoff') {
    const reason = entry.reason === undefined ? '' : `,"reason":${q(entry.reason)}`;
    return `{"kind":"handoff","from":${q(entry.from)},"to":${q(entry.to)},"initiator":${q(entry.initiator)}${reason},"at":${entry.at}}`;
  }
  let text = entry.id === undefined ? `{"kind":"message","role":${q(entry.role)}` : `{"id":${q(entry.id)},"kind":"message","role":${q(entry.role)}`;
  if (entry.name !== undefined) text += `,"name":${q(entry.name)}`;
  if (entry.text !== undefined) text += `,"text":${q(entry.text)}`;
  if (entry.attachments !== undefined) text += `,"attachments":${q(entry.attachments)}`;
  if (entry.private === true) text += ',"private":true';
  return `${text},"at":${entry.at}}`;
}

/** An entry read back from the store, or `undefined` when the text is not one. */
export function parseEntry(text: unknown): TranscriptEntry | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text) as Partial<TranscriptEntry> | null;
    if (value === null || typeof value !== 'object' || typeof value.at !== 'number') return undefined;
    return value.kind === 'message' || value.kind === 'handoff' ? (value as TranscriptEntry) : undefined;
  } catch {
    return undefined;
  }
}

function submittedText(message: Message): string | undefined {
  const values = message.submitted;
  if (values === undefined || values.length === 0) return undefined;
  return values.map((v) => (v.name === undefined ? (v.title ?? v.value) : `${v.name}: ${v.value}`)).join(', ');
}

function summary(attachment: Message['attachments'][number]): TranscriptAttachment {
  const name = attachment.name ?? attachment.title;
  return name === undefined ? { type: attachment.type } : { type: attachment.type, name: cut(name, 200) };
}

/** `text` cut to `max` characters, the cut marked with `…`. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
