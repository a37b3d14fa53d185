import type { OutgoingMessage } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';

/** The body of Chatwoot's create-message call. */
export interface ChatwootMessageBody {
  content: string;
  message_type: 'outgoing';
  private: boolean;
  content_type?: string;
  content_attributes?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Maps an outgoing message to Chatwoot's create-message body (text, input_select, cards, form, article, input_email). */
export function toChatwootMessage(message: OutgoingMessage): ChatwootMessageBody {
  const interactive = interactivePart(message);
  if (message.attachments?.length) {
    throw new HandoffkitError(
      'E_UNSUPPORTED',
      'The chatwoot adapter does not send attachments by URL: Chatwoot takes uploads (multipart), not links. Send the link as text.',
    );
  }
  const body: ChatwootMessageBody = { content: message.text ?? '', message_type: 'outgoing', private: message.private === true };
  if (interactive !== undefined) {
    body.content_type = interactive.contentType;
    if (interactive.items !== undefined) body.content_attributes = { items: interactive.items };
  }
  if (body.content === '' && interactive === undefined) {
    throw new HandoffkitError('E_PAYLOAD', 'reply() needs text or an interactive part (quickReplies, cards, form, articles, emailInput).');
  }
  return message.platformFields ? { ...body, ...message.platformFields } : body;
}

interface InteractivePart {
  contentType: string;
  items?: unknown[];
}

function interactivePart(message: OutgoingMessage): InteractivePart | undefined {
  const parts: InteractivePart[] = [];
  if (message.quickReplies?.length) {
    parts.push({ contentType: 'input_select', items: message.quickReplies.map((q) => ({ title: q.title, value: q.value ?? q.title })) });
  }
  if (message.cards?.length) {
    parts.push({
      contentType: 'cards',
      items: message.cards.map((card) => ({
        title: card.title,
        ...(card.description === undefined ? {} : { description: card.description }),
        ...(card.imageUrl === undefined ? {} : { media_url: card.imageUrl }),
        actions: (card.actions ?? []).map((action) =>
          action.type === 'link' ? { type: 'link', text: action.text, uri: action.url } : { type: 'postback', text: action.text, payload: action.payload },
        ),
      })),
    });
  }
  if (message.form?.length) {
    parts.push({
      contentType: 'form',
      items: message.form.map((field) => ({
        name: field.name,
        type: field.type,
        label: field.label ?? field.name,
        ...(field.placeholder === undefined ? {} : { placeholder: field.placeholder }),
        ...(field.default === undefined ? {} : { default: field.default }),
        ...(field.options === undefined ? {} : { options: field.options }),
      })),
    });
  }
  if (message.articles?.length) {
    parts.push({
      contentType: 'article',
      items: message.articles.map((a) => ({ title: a.title, ...(a.description === undefined ? {} : { description: a.description }), link: a.url })),
    });
  }
  if (message.emailInput) parts.push({ contentType: 'input_email' });
  if (parts.length > 1) {
    throw new HandoffkitError(
      'E_UNSUPPORTED',
      `A Chatwoot message carries one interactive part, got ${parts.map((p) => p.contentType).join(' + ')}: send them as separate replies.`,
    );
  }
  return parts[0];
}
