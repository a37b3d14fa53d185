import type { OutgoingAttachment, OutgoingMessage } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';
import type { HootsuiteMessage } from './manipulation.js';

/** What one `reply()` amounts to on Hootsuite. */
export type ReplyPlan =
  /** A note for the agents (`reply({ text, private: true })`). */
  | { kind: 'note'; text: string }
  /** Messages to the contact: the first carries the text, each file goes in a message of its own once uploaded. */
  | { kind: 'messages'; first: HootsuiteMessage; uploads: OutgoingAttachment[] };

const INTERACTIVE = ['quickReplies', 'cards', 'form', 'articles', 'emailInput'] as const;

/** Maps `reply()`'s message to Hootsuite's text-and-attachment messages; other parts are `E_UNSUPPORTED`. */
export function planReply(message: OutgoingMessage): ReplyPlan {
  const interactive = INTERACTIVE.filter((key) => {
    const value = message[key];
    return Array.isArray(value) ? value.length > 0 : value === true;
  });
  if (interactive.length > 0) {
    throw new HandoffkitError(
      'E_UNSUPPORTED',
      `The hootsuite adapter sends text and attachments only: a virtual agent message has no ${interactive.join(', ')}. Send the choices as text.`,
      { details: { adapter: 'hootsuite', helper: 'reply' } },
    );
  }
  const text = message.text ?? '';
  const uploads = message.attachments ?? [];
  if (message.private === true) {
    if (uploads.length > 0 || text === '') {
      throw new HandoffkitError('E_PAYLOAD', 'reply({ private: true }) writes a conversation note for the agents: it needs text and takes no attachments.');
    }
    return { kind: 'note', text };
  }
  const first: HootsuiteMessage = {};
  if (text !== '') first.text = text;
  if (message.platformFields !== undefined) Object.assign(first, message.platformFields);
  if (first.text === undefined && first.attachment === undefined && uploads.length === 0) {
    throw new HandoffkitError('E_PAYLOAD', 'reply() needs text or an attachment.');
  }
  return { kind: 'messages', first, uploads };
}
