import type { OutgoingMessage } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';

/** iAdvize's limit on one message's text. */
export const MAX_MESSAGE_LENGTH = 450;

/** A quick reply as iAdvize takes it. */
export interface IadvizeQuickReply {
  /** Always `text/quick-reply`. */
  contentType: 'text/quick-reply';
  /** The label, sent back as the visitor's message when tapped. */
  value: string;
}

/** One entry of `replies[]` in an answer to iAdvize. */
export type IadvizeReply =
  | { type: 'message'; payload: { contentType: 'text'; value: string }; quickReplies: IadvizeQuickReply[] }
  | { type: 'await'; duration: { unit: 'millis' | 'seconds'; value: number } }
  | { type: 'transfer'; distributionRule: string; transferOptions: { timeout: { value: number; unit: 'seconds' } } }
  | { type: 'close' };

const UNSUPPORTED: readonly (keyof OutgoingMessage)[] = ['cards', 'form', 'articles', 'emailInput', 'attachments'];

/** A message as `message` replies: texts over 450 characters split at spaces, quick replies on the last one. */
export function messageReplies(message: OutgoingMessage): IadvizeReply[] {
  if (message.private === true) throw unsupported('reply({ private: true })', 'iAdvize has no private notes for bots');
  for (const field of UNSUPPORTED) {
    if (message[field] !== undefined && message[field] !== false)
      throw unsupported(`reply({ ${field} })`, 'the bot connector sends text messages and quick replies');
  }
  const text = message.text ?? '';
  const quickReplies = (message.quickReplies ?? []).map((q): IadvizeQuickReply => ({ contentType: 'text/quick-reply', value: q.title }));
  if (text.trim() === '') throw new HandoffkitError('E_PAYLOAD', 'reply(): iAdvize needs a text to send (quick replies ride on a message).');
  const parts = splitText(text, MAX_MESSAGE_LENGTH);
  return parts.map((value, i) => ({
    type: 'message',
    payload: { contentType: 'text', value },
    quickReplies: i === parts.length - 1 ? quickReplies : [],
  }));
}

/** A pause of the conversation (iAdvize shows the bot typing meanwhile). */
export function awaitReply(ms: number): IadvizeReply {
  return { type: 'await', duration: { unit: 'millis', value: Math.max(0, Math.round(ms)) } };
}

/**
 * A transfer to a distribution rule, with the documented failure fallback: iAdvize runs the replies after a
 * transfer only when it fails, so a fallback message then `close` follow it.
 */
export function transferReplies(rule: string, timeoutSeconds: number, fallback: string | undefined): IadvizeReply[] {
  const replies: IadvizeReply[] = [{ type: 'transfer', distributionRule: rule, transferOptions: { timeout: { value: timeoutSeconds, unit: 'seconds' } } }];
  if (fallback !== undefined && fallback !== '') replies.push(...messageReplies({ text: fallback }));
  replies.push({ type: 'close' });
  return replies;
}

/** Splits a text into parts of at most `max` characters, at the last space before the limit when there is one. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max);
    const cut = space > max / 2 ? space : max;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  parts.push(rest);
  return parts;
}

function unsupported(what: string, why: string): HandoffkitError {
  return new HandoffkitError('E_UNSUPPORTED', `${what} is not supported by the iadvize adapter: ${why}.`, { details: { adapter: 'iadvize', helper: 'reply' } });
}
