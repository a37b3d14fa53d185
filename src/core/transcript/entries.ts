import type { OutgoingMessage } from '../actions.js';
import type { HandoffInfo, Message } from '../events.js';
import { MessageEntry, messageText } from './message-entry.js';
import type { TranscriptAttachment, TranscriptEntry, TranscriptHandoff } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The entry of a message an event carried; `undefined` for a message with nothing to show. */
export function receivedEntry(message: Message, at: number, maxText: number): MessageEntry | undefined {
  const raw = message.text ?? submittedText(message) ?? message.postback?.title ?? message.quickReply?.value;
  const text = raw ? cut(raw, maxText) : undefined;
  const attachments = message.attachments.length > 0 ? message.attachments.map(summary) : undefined;
  if (text === undefined && attachments === undefined) return undefined;
  return new MessageEntry(message.id || undefined, message.sender.role, message.sender.name || undefined, text, attachments, message.private === true, at);
}

/** The entry of a message the bot sent, once the platform accepted it. */
export function sentEntry(message: OutgoingMessage, id: string | undefined, at: number, maxText: number): MessageEntry | undefined {
  const raw = message.text ?? message.cards?.map((card) => card.title).join(' | ');
  const text = raw ? cut(raw, maxText) : undefined;
  const attachments = message.attachments !== undefined && message.attachments.length > 0 ? message.attachments.map((a) => ({ type: a.type })) : undefined;
  if (text === undefined && attachments === undefined) return undefined;
  return new MessageEntry(id || undefined, 'bot', undefined, text, attachments, message.private === true, at);
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
  return entry instanceof MessageEntry ? entry.json() : messageText(entry);
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
