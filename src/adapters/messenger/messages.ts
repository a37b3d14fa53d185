import type { Card, CardAction, OutgoingMessage } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';

/** A Messenger button (`web_url` or `postback`). */
export interface MessengerButton {
  type: 'web_url' | 'postback';
  title: string;
  url?: string;
  payload?: string;
}

/** A Messenger quick reply: a text choice, or the contact's e-mail address. */
export type MessengerQuickReply = { content_type: 'text'; title: string; payload: string } | { content_type: 'user_email' };

/** The `message` object of the Send API: text or one attachment, with optional quick replies. */
export interface MessengerMessage {
  text?: string;
  attachment?: { type: 'image' | 'audio' | 'video' | 'file' | 'template'; payload: Record<string, unknown> };
  quick_replies?: MessengerQuickReply[];
}

/**
 * Maps an outgoing message to the Send API's `message`: text; quick replies (and `emailInput` as the
 * `user_email` quick reply); one card without an image as a button template (the card's title, then its
 * description, is the text); other cards and articles as a generic template; one file by URL. A Messenger message
 * is text or one attachment: other combinations are refused with `E_UNSUPPORTED`, to be sent as separate replies.
 */
export function toMessengerMessage(message: OutgoingMessage): MessengerMessage {
  if (message.private) {
    throw new HandoffkitError(
      'E_UNSUPPORTED',
      'Messenger has no private notes: reply({ private: true }) cannot be sent. Pass a note to escalate({ note }) instead.',
    );
  }
  if (message.form?.length) {
    throw new HandoffkitError('E_UNSUPPORTED', 'Messenger has no forms: ask one question per reply, with quickReplies for the choices.');
  }
  const parts: Array<{ kind: string; attachment: NonNullable<MessengerMessage['attachment']> }> = [];
  if (message.cards?.length) parts.push({ kind: 'cards', attachment: cardsAttachment(message.cards) });
  if (message.articles?.length) {
    const elements = message.articles.map((article) => ({
      title: article.title,
      subtitle: article.description ?? article.url,
      default_action: { type: 'web_url', url: article.url },
    }));
    parts.push({ kind: 'articles', attachment: { type: 'template', payload: { template_type: 'generic', elements } } });
  }
  for (const file of message.attachments ?? []) {
    parts.push({ kind: `a ${file.type} attachment`, attachment: { type: file.type, payload: { url: file.url } } });
  }
  const text = message.text ?? '';
  if (parts.length > 1 || (parts.length === 1 && text !== '')) {
    const kinds = [...(text === '' ? [] : ['text']), ...parts.map((part) => part.kind)];
    throw new HandoffkitError(
      'E_UNSUPPORTED',
      `A Messenger message is text or one attachment, got ${kinds.join(' + ')}: send them as separate replies (a card's title is its text).`,
    );
  }
  const result: MessengerMessage = parts[0] === undefined ? {} : { attachment: parts[0].attachment };
  if (text !== '') result.text = text;
  const quickReplies: MessengerQuickReply[] = (message.quickReplies ?? []).map((choice) => ({
    content_type: 'text',
    title: choice.title,
    payload: choice.value ?? choice.title,
  }));
  if (message.emailInput) quickReplies.push({ content_type: 'user_email' });
  if (result.text === undefined && result.attachment === undefined) {
    throw new HandoffkitError(
      'E_PAYLOAD',
      quickReplies.length > 0
        ? 'reply() with quickReplies or emailInput needs text (the question the choices answer).'
        : 'reply() needs text, cards, articles or an attachment.',
    );
  }
  if (quickReplies.length > 0) result.quick_replies = quickReplies;
  return result;
}

function cardsAttachment(cards: readonly Card[]): NonNullable<MessengerMessage['attachment']> {
  const [only] = cards;
  if (cards.length === 1 && only !== undefined && only.imageUrl === undefined && only.actions?.length) {
    const text = only.description ? `${only.title}\n${only.description}` : only.title;
    return { type: 'template', payload: { template_type: 'button', text, buttons: only.actions.map(button) } };
  }
  const elements = cards.map((card) => ({
    title: card.title,
    ...(card.description === undefined ? {} : { subtitle: card.description }),
    ...(card.imageUrl === undefined ? {} : { image_url: card.imageUrl }),
    ...(card.actions?.length ? { buttons: card.actions.map(button) } : {}),
  }));
  return { type: 'template', payload: { template_type: 'generic', elements } };
}

function button(action: CardAction): MessengerButton {
  return action.type === 'link' ? { type: 'web_url', title: action.text, url: action.url } : { type: 'postback', title: action.text, payload: action.payload };
}
