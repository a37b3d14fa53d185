import type { Card, FormField, OutgoingAttachment, OutgoingMessage } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';

// The bot's messages as Sunshine contents: text (with reply actions for quick replies), carousel, form, image, file.

/** A Sunshine message content the API takes (`POST …/messages` `content`). */
export type SunshineOutgoingContent = Record<string, unknown> & { type: string };

/**
 * The contents one outgoing message becomes, sent in order: the text (with quick replies as `reply` actions),
 * a form (the text above it), a carousel of the cards, one image or file per attachment (the first carries the
 * text when nothing else does). Throws `E_UNSUPPORTED` for what Sunshine has no content for.
 */
export function toSunshineContents(message: OutgoingMessage): SunshineOutgoingContent[] {
  if (message.private === true)
    unsupported('private notes: Sunshine messages are seen by the contact; use escalate({ note }) to leave a note in the handoff metadata');
  if (message.articles !== undefined) unsupported('articles: send them as cards (a carousel with link buttons)');
  if (message.emailInput === true) unsupported('emailInput: send a form with an email field');
  const text = message.text === undefined || message.text === '' ? undefined : message.text;
  const contents: SunshineOutgoingContent[] = [];
  if (message.form !== undefined) {
    contents.push({ type: 'form', fields: message.form.map(formField), ...(text === undefined ? {} : { text }) });
  } else if (message.quickReplies !== undefined && message.quickReplies.length > 0) {
    contents.push({
      type: 'text',
      text: text ?? '',
      actions: message.quickReplies.map((reply) => ({ type: 'reply', text: reply.title, payload: reply.value ?? reply.title })),
    });
  } else if (text !== undefined && (message.cards !== undefined || message.attachments === undefined || message.attachments.length === 0)) {
    contents.push({ type: 'text', text });
  }
  if (message.cards !== undefined && message.cards.length > 0) contents.push({ type: 'carousel', items: message.cards.map(carouselItem) });
  (message.attachments ?? []).forEach((attachment, index) => {
    const captioned = index === 0 && contents.length === 0 && text !== undefined;
    contents.push(media(attachment, captioned ? text : undefined));
  });
  if (contents.length === 0) unsupported('an empty message: give text, quick replies, cards, a form or attachments');
  return contents;
}

function media(attachment: OutgoingAttachment, text: string | undefined): SunshineOutgoingContent {
  // Sunshine has image and file contents; audio and video travel as files.
  return { type: attachment.type === 'image' ? 'image' : 'file', mediaUrl: attachment.url, ...(text === undefined ? {} : { text }) };
}

function carouselItem(card: Card): Record<string, unknown> {
  const actions = (card.actions ?? []).map((action) =>
    action.type === 'link' ? { type: 'link', text: action.text, uri: action.url } : { type: 'postback', text: action.text, payload: action.payload },
  );
  return {
    title: card.title,
    ...(card.description === undefined ? {} : { description: card.description }),
    ...(card.imageUrl === undefined ? {} : { mediaUrl: card.imageUrl }),
    // Sunshine wants at least one action per item.
    actions: actions.length > 0 ? actions : [{ type: 'postback', text: card.title, payload: card.title }],
  };
}

function formField(field: FormField): Record<string, unknown> {
  const type = field.type === 'text_area' ? 'text' : field.type;
  return {
    type,
    name: field.name,
    label: field.label ?? field.name,
    ...(field.placeholder === undefined ? {} : { placeholder: field.placeholder }),
    ...(type === 'select' ? { options: (field.options ?? []).map((option) => ({ name: option.value, label: option.label })) } : {}),
  };
}

function unsupported(what: string): never {
  throw new HandoffkitError('E_UNSUPPORTED', `The sunshine adapter cannot send ${what}.`, { details: { adapter: 'sunshine', helper: 'reply' } });
}
