import type { TranscriptEntry, TranscriptHandoff, TranscriptMessage } from '../transcript/types.js';

/** One message in the neutral chat format that the OpenAI and Anthropic APIs and the Vercel AI SDK take. */
export interface ModelMessage {
  /** `user` for the contact, `assistant` for the bot, `system` (or `noteRole`) for notes about the conversation. */
  role: 'user' | 'assistant' | 'system';
  /** The text. */
  content: string;
}

/** Options of {@link toModelMessages}. */
export interface ModelMessagesOptions {
  /** The time zone the notes' times are written in (an IANA name). Default `UTC`. */
  timeZone?: string;
  /**
   * The role of the notes (handoffs, human agents' messages, the platform's messages). Default `system`; `user` for
   * APIs that take system text only apart from the messages (Anthropic's `system` parameter).
   */
  noteRole?: 'system' | 'user';
  /** Include private notes (agents only), as notes. Default `false`. */
  includePrivate?: boolean;
}

const FORMATS = new Map<string, Intl.DateTimeFormat>();

/**
 * A transcript as chat messages for a model: the contact's messages as `user`, the bot's as `assistant`, and as
 * notes what the bot did not say: a human agent's messages (named as theirs, never as the bot's words), the
 * platform's messages, and each change of hands ("A human agent handled the conversation from 10:02 to 10:15 and
 * handed it back."). The same transcript and options always give the same messages.
 */
export function toModelMessages(transcript: readonly TranscriptEntry[], options: ModelMessagesOptions = {}): ModelMessage[] {
  const noteRole = options.noteRole ?? 'system';
  const time = clock(options.timeZone ?? 'UTC');
  const out: ModelMessage[] = [];
  // When the current human stretch began, to say how long it lasted once it ends.
  let humanSince: number | undefined;
  for (const entry of transcript) {
    if (entry.kind === 'handoff') {
      const note = handoffNote(entry, humanSince, time);
      if (entry.to === 'human') humanSince = entry.at;
      else if (entry.from === 'human') humanSince = undefined;
      if (note !== undefined) out.push({ role: noteRole, content: note });
      continue;
    }
    if (entry.private === true && options.includePrivate !== true) continue;
    const body = content(entry);
    if (body === '') continue;
    if (entry.private === true) out.push({ role: noteRole, content: `Private note by ${author(entry)} (not shown to the contact): ${body}` });
    else if (entry.role === 'contact') out.push({ role: 'user', content: body });
    else if (entry.role === 'bot') out.push({ role: 'assistant', content: body });
    else if (entry.role === 'agent') out.push({ role: noteRole, content: `${author(entry)} wrote to the contact: ${body}` });
    else out.push({ role: noteRole, content: `The platform said: ${body}` });
  }
  return out;
}

function handoffNote(entry: TranscriptHandoff, humanSince: number | undefined, time: (at: number) => string): string | undefined {
  const why = entry.reason === undefined ? '' : ` (reason: ${entry.reason})`;
  if (entry.to === 'human') {
    const who = entry.initiator === 'bot' ? 'You handed the conversation to a human agent' : 'A human agent took over the conversation';
    return `${who} at ${time(entry.at)}${why}. Until it is handed back, the human agent answers the contact.`;
  }
  if (entry.from === 'human') {
    const stretch =
      humanSince === undefined
        ? `A human agent handled the conversation until ${time(entry.at)}`
        : `A human agent handled the conversation from ${time(humanSince)} to ${time(entry.at)}`;
    const end = entry.to === 'bot' ? 'and handed it back to you. You answer the contact again.' : 'and closed it.';
    return `${stretch}${why} ${end}`;
  }
  if (entry.to === 'none') return `The conversation was closed at ${time(entry.at)}${why}.`;
  if (entry.from === 'none' && entry.to === 'bot') return undefined;
  return `The conversation changed hands (${entry.from} to ${entry.to}) at ${time(entry.at)}${why}.`;
}

function content(entry: TranscriptMessage): string {
  const files = entry.attachments?.map((a) => `[${a.type}${a.name === undefined ? '' : `: ${a.name}`}]`).join(' ') ?? '';
  if (entry.text === undefined) return files;
  return files === '' ? entry.text : `${entry.text} ${files}`;
}

function author(entry: TranscriptMessage): string {
  const role = entry.role === 'agent' ? 'Human agent' : entry.role === 'bot' ? 'You' : entry.role === 'contact' ? 'The contact' : 'The platform';
  return entry.name === undefined || entry.role === 'bot' ? role : `${role} ${entry.name}`;
}

function clock(timeZone: string): (at: number) => string {
  let format = FORMATS.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    FORMATS.set(timeZone, format);
  }
  const f = format;
  return (at) => f.format(at);
}
