import { describe, expect, it } from 'vitest';
import { type ModelMessage, type ModelMessagesOptions, toModelMessages } from '../../../src/core/model/index.js';
import type { TranscriptEntry } from '../../../src/index.js';

// 2026-03-02T10:00:00Z and minutes after it.
const T = Date.UTC(2026, 2, 2, 10, 0);
const at = (minutes: number): number => T + minutes * 60_000;

const contact = (text: string, minutes = 0): TranscriptEntry => ({ kind: 'message', role: 'contact', name: 'Alice', text, at: at(minutes) });
const bot = (text: string, minutes = 0): TranscriptEntry => ({ kind: 'message', id: `b${minutes}`, role: 'bot', text, at: at(minutes) });
const human = (text: string, minutes = 0, name: string | null = 'Bruno'): TranscriptEntry =>
  name === null ? { kind: 'message', role: 'agent', text, at: at(minutes) } : { kind: 'message', role: 'agent', name, text, at: at(minutes) };
const handoff = (
  from: 'bot' | 'human' | 'none',
  to: 'bot' | 'human' | 'none',
  minutes: number,
  initiator: 'bot' | 'platform' = 'platform',
  reason?: string,
): TranscriptEntry =>
  reason === undefined ? { kind: 'handoff', from, to, initiator, at: at(minutes) } : { kind: 'handoff', from, to, initiator, reason, at: at(minutes) };

const cases: { name: string; transcript: TranscriptEntry[]; options?: ModelMessagesOptions; expected: ModelMessage[] }[] = [
  { name: 'an empty transcript', transcript: [], expected: [] },
  {
    name: 'the contact as user, the bot as assistant',
    transcript: [contact('Hi'), bot('Hello! How can I help?')],
    expected: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello! How can I help?' },
    ],
  },
  {
    name: 'a whole human stretch: the escalation, the human agent named as such, the hand-back with its times',
    transcript: [
      contact('I want a human', 1),
      handoff('bot', 'human', 2, 'bot', 'asked for a human'),
      human('Hi, Bruno here.', 3),
      contact('Order 42 is late', 4),
      handoff('human', 'bot', 15),
      contact('Thanks, anything else?', 16),
    ],
    expected: [
      { role: 'user', content: 'I want a human' },
      {
        role: 'system',
        content:
          'You handed the conversation to a human agent at 10:02 (reason: asked for a human). Until it is handed back, the human agent answers the contact.',
      },
      { role: 'system', content: 'Human agent Bruno wrote to the contact: Hi, Bruno here.' },
      { role: 'user', content: 'Order 42 is late' },
      { role: 'system', content: 'A human agent handled the conversation from 10:02 to 10:15 and handed it back to you. You answer the contact again.' },
      { role: 'user', content: 'Thanks, anything else?' },
    ],
  },
  {
    name: 'a human who took over by themselves, then closed the conversation',
    transcript: [handoff('bot', 'human', 5), human('On it', 6, null), handoff('human', 'none', 30, 'platform', 'solved')],
    expected: [
      { role: 'system', content: 'A human agent took over the conversation at 10:05. Until it is handed back, the human agent answers the contact.' },
      { role: 'system', content: 'Human agent wrote to the contact: On it' },
      { role: 'system', content: 'A human agent handled the conversation from 10:05 to 10:30 (reason: solved) and closed it.' },
    ],
  },
  {
    name: 'the end of a stretch whose start was dropped by the bounds',
    transcript: [human('bye', 1), handoff('human', 'bot', 2)],
    expected: [
      { role: 'system', content: 'Human agent Bruno wrote to the contact: bye' },
      { role: 'system', content: 'A human agent handled the conversation until 10:02 and handed it back to you. You answer the contact again.' },
    ],
  },
  {
    name: 'notes as user messages (for APIs that take system text apart), in another time zone',
    transcript: [handoff('bot', 'human', 0, 'bot'), handoff('human', 'bot', 10)],
    options: { noteRole: 'user', timeZone: 'Europe/Paris' },
    expected: [
      { role: 'user', content: 'You handed the conversation to a human agent at 11:00. Until it is handed back, the human agent answers the contact.' },
      { role: 'user', content: 'A human agent handled the conversation from 11:00 to 11:10 and handed it back to you. You answer the contact again.' },
    ],
  },
  {
    name: 'private notes left out by default, attachments summarized, the platform quoted, the start of a conversation silent',
    transcript: [
      handoff('none', 'bot', 0),
      { kind: 'message', role: 'agent', name: 'Bruno', text: 'VIP customer', private: true, at: at(1) },
      { kind: 'message', role: 'contact', attachments: [{ type: 'image', name: 'receipt.png' }], at: at(2) },
      { kind: 'message', role: 'contact', text: 'see', attachments: [{ type: 'location' }], at: at(3) },
      { kind: 'message', role: 'system', text: 'Conversation was reopened', at: at(4) },
      handoff('bot', 'none', 5, 'bot'),
    ],
    expected: [
      { role: 'user', content: '[image: receipt.png]' },
      { role: 'user', content: 'see [location]' },
      { role: 'system', content: 'The platform said: Conversation was reopened' },
      { role: 'system', content: 'The conversation was closed at 10:05.' },
    ],
  },
  {
    name: 'private notes included on request',
    transcript: [{ kind: 'message', role: 'agent', name: 'Bruno', text: 'VIP customer', private: true, at: at(1) }],
    options: { includePrivate: true },
    expected: [{ role: 'system', content: 'Private note by Human agent Bruno (not shown to the contact): VIP customer' }],
  },
];

describe('toModelMessages', () => {
  it.each(cases)('$name', ({ transcript, options, expected }) => {
    expect(toModelMessages(transcript, options)).toEqual(expected);
    // Deterministic: the same input gives the same output, and the input is not changed.
    const copy = structuredClone(transcript);
    expect(toModelMessages(transcript, options)).toEqual(toModelMessages(copy, options));
    expect(transcript).toEqual(copy);
  });

  it('never presents a human agent’s words as the bot’s own', () => {
    const messages = toModelMessages([human('I am Bruno', 0), bot('I am the bot', 1)]);
    expect(messages.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual(['I am the bot']);
  });
});
