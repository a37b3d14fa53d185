import type { Card, OutgoingMessage, QuickReply } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';
import type { WhatsAppTemplate } from './options.js';

/** One message of the Cloud API's `POST /<phone-number-id>/messages`, without `messaging_product` and `to`. */
export type WhatsAppOutgoing = { type: string } & Record<string, unknown>;

/** The Cloud API's limit on a text message. */
export const TEXT_LIMIT = 4096;
/** The limit on an interactive message's body. */
const BODY_LIMIT = 1024;
/** Reply buttons per message, and their title length. */
const MAX_BUTTONS = 3;
const BUTTON_TITLE = 20;
/** List rows (one section), and their title length. */
const MAX_ROWS = 10;
const ROW_TITLE = 24;

const FILE_TYPES = { image: 'image', audio: 'audio', video: 'video', file: 'document' } as const;

/**
 * Maps an outgoing message to the WhatsApp messages that carry it, sent in order: text (over 4096 characters
 * split); quick replies as reply buttons (≤ 3) or a list (≤ 10) under the text's end; each card as an interactive
 * message; articles as links; files by URL; or one template (`platformFields.template`: a name of the `templates`
 * option, or `{ name, language, components }`).
 */
export function toWhatsAppMessages(message: OutgoingMessage, templates: Readonly<Record<string, WhatsAppTemplate>>): WhatsAppOutgoing[] {
  refuseUnsupported(message);
  const { template, ...fields } = message.platformFields ?? {};
  if (template !== undefined) {
    if (message.text || message.quickReplies?.length || message.cards?.length || message.attachments?.length || message.articles?.length) {
      throw new HandoffkitError('E_UNSUPPORTED', 'A WhatsApp template is sent alone: put the text into its components, or send it as a separate reply.');
    }
    return [templateMessage(template, templates, fields)];
  }
  const choices = message.quickReplies ?? [];
  if (choices.length > 0 && message.cards?.length) {
    throw new HandoffkitError('E_UNSUPPORTED', 'A WhatsApp reply takes quick replies or cards, not both: send them as separate replies.');
  }
  const out: WhatsAppOutgoing[] = [];
  const text = message.text ?? '';
  if (choices.length > 0) {
    if (text.trim() === '') throw new HandoffkitError('E_PAYLOAD', 'reply() with quickReplies needs text (the question the choices answer).');
    // The question ends the text: what does not fit an interactive body goes first, as text.
    const [before, body] = splitTail(text, BODY_LIMIT);
    out.push(...textMessages(before), choicesMessage(body, choices));
  } else {
    out.push(...textMessages(text));
  }
  for (const card of message.cards ?? []) out.push(cardMessage(card));
  if (message.articles?.length) {
    const lines = message.articles.map((article) => `${article.title}${article.description ? ` — ${article.description}` : ''}\n${article.url}`);
    out.push(...textMessages(lines.join('\n\n'), true));
  }
  for (const file of message.attachments ?? []) {
    const type = FILE_TYPES[file.type];
    out.push({ type, [type]: { link: file.url } });
  }
  if (out.length === 0) throw new HandoffkitError('E_PAYLOAD', 'reply() needs text, quick replies, cards, articles, attachments or a template.');
  return out.map((body) => ({ ...body, ...fields }));
}

function refuseUnsupported(message: OutgoingMessage): void {
  if (message.private)
    throw new HandoffkitError('E_UNSUPPORTED', 'WhatsApp has no private notes: pass the note to escalate({ note }), which sends it as handover metadata.');
  if (message.form?.length)
    throw new HandoffkitError('E_UNSUPPORTED', 'WhatsApp has no forms here: ask one question per reply, with quickReplies for the choices.');
  if (message.emailInput) throw new HandoffkitError('E_UNSUPPORTED', 'WhatsApp has no e-mail input: ask for the address in text.');
}

/** Text as messages of at most 4096 characters (never splitting a character). */
function textMessages(text: string, previewUrl = false): WhatsAppOutgoing[] {
  const chars = Array.from(text);
  const out: WhatsAppOutgoing[] = [];
  for (let start = 0; start < chars.length; start += TEXT_LIMIT) {
    const body = chars.slice(start, start + TEXT_LIMIT).join('');
    out.push({ type: 'text', text: previewUrl ? { preview_url: true, body } : { body } });
  }
  return out;
}

/** `[all but the tail, the tail]`, the tail at most `limit` characters and starting at a word when it can. */
function splitTail(text: string, limit: number): [string, string] {
  const chars = Array.from(text);
  if (chars.length <= limit) return ['', text];
  const tail = chars.slice(chars.length - limit).join('');
  const space = tail.search(/\s/);
  const cut = space > 0 && space < limit / 2 ? chars.length - limit + space + 1 : chars.length - limit;
  return [chars.slice(0, cut).join('').trimEnd(), chars.slice(cut).join('')];
}

const cut = (text: string, limit: number): string => Array.from(text).slice(0, limit).join('');

function choicesMessage(body: string, choices: readonly QuickReply[]): WhatsAppOutgoing {
  if (choices.length <= MAX_BUTTONS) {
    const buttons = choices.map((choice) => ({ type: 'reply', reply: { id: choice.value ?? choice.title, title: cut(choice.title, BUTTON_TITLE) } }));
    return { type: 'interactive', interactive: { type: 'button', body: { text: body }, action: { buttons } } };
  }
  if (choices.length > MAX_ROWS) {
    throw new HandoffkitError('E_UNSUPPORTED', `A WhatsApp list holds at most ${MAX_ROWS} choices, got ${choices.length}: split them over several replies.`);
  }
  const rows = choices.map((choice) => ({ id: choice.value ?? choice.title, title: cut(choice.title, ROW_TITLE) }));
  return { type: 'interactive', interactive: { type: 'list', body: { text: body }, action: { button: 'Choose', sections: [{ title: 'Options', rows }] } } };
}

/** A card: reply buttons for its postbacks (≤ 3), a URL button for one link, an image with caption without actions. */
function cardMessage(card: Card): WhatsAppOutgoing {
  const body = { text: cut(card.description ? `${card.title}\n${card.description}` : card.title, BODY_LIMIT) };
  const header = card.imageUrl === undefined ? {} : { header: { type: 'image', image: { link: card.imageUrl } } };
  const actions = card.actions ?? [];
  const links = actions.filter((action) => action.type === 'link');
  const postbacks = actions.filter((action) => action.type === 'postback');
  if (actions.length === 0) {
    return card.imageUrl === undefined ? { type: 'text', text: { body: body.text } } : { type: 'image', image: { link: card.imageUrl, caption: body.text } };
  }
  if (links.length === 0 && postbacks.length <= MAX_BUTTONS) {
    const buttons = postbacks.map((action) => ({ type: 'reply', reply: { id: action.payload, title: cut(action.text, BUTTON_TITLE) } }));
    return { type: 'interactive', interactive: { type: 'button', ...header, body, action: { buttons } } };
  }
  const [link] = links;
  if (link !== undefined && links.length === 1 && postbacks.length === 0) {
    return {
      type: 'interactive',
      interactive: { type: 'cta_url', ...header, body, action: { name: 'cta_url', parameters: { display_text: cut(link.text, BUTTON_TITLE), url: link.url } } },
    };
  }
  throw new HandoffkitError(
    'E_UNSUPPORTED',
    `A WhatsApp card takes up to ${MAX_BUTTONS} postback buttons or one link, got ${postbacks.length} postback(s) and ${links.length} link(s): split the card.`,
  );
}

function templateMessage(template: unknown, templates: Readonly<Record<string, WhatsAppTemplate>>, fields: Record<string, unknown>): WhatsAppOutgoing {
  const chosen = typeof template === 'string' ? templates[template] : (template as WhatsAppTemplate | null);
  if (typeof chosen !== 'object' || chosen === null || typeof chosen.name !== 'string' || typeof chosen.language !== 'string') {
    throw new HandoffkitError(
      'E_PAYLOAD',
      typeof template === 'string'
        ? `reply({ platformFields: { template: ${JSON.stringify(template.slice(0, 40))} } }) names no template of the templates option.`
        : 'reply({ platformFields: { template } }) must be a template name or { name, language, components? }.',
    );
  }
  const body = { name: chosen.name, language: { code: chosen.language }, ...(chosen.components ? { components: chosen.components } : {}) };
  return { type: 'template', template: body, ...fields };
}
