import type { Attachment, Message, Sender } from '../../core/events.js';
import type { WhatsAppMessage } from './schema.js';

/** The media kinds a message carries by media id; the normalized attachment type of each. */
const MEDIA = { image: 'image', document: 'file', audio: 'audio', video: 'video', sticker: 'image' } as const;

/** A WhatsApp message as a normalized one: text, attachments by media id, the button or list row tapped, the reply. */
export function messageOf(item: WhatsAppMessage, sender: Sender, occurredAt: number | undefined): Message {
  const message: Message = { id: item.id, text: textOf(item), attachments: attachmentsOf(item), sender, private: false, contentType: item.type };
  const tapped = tappedOf(item);
  if (tapped !== undefined) message.postback = tapped;
  if (item.context?.id) message.replyTo = item.context.id;
  if (occurredAt !== undefined) message.createdAt = new Date(occurredAt);
  return message;
}

function textOf(item: WhatsAppMessage): string | undefined {
  if (item.text) return item.text.body;
  const reply = item.interactive?.button_reply ?? item.interactive?.list_reply;
  if (reply) return reply.title;
  if (item.button) return item.button.text ?? item.button.payload ?? undefined;
  const media = mediaOf(item);
  return media?.[1].caption ?? undefined;
}

/** A reply button, a list row or a template's quick-reply button: `{ title, payload: id }`. */
function tappedOf(item: WhatsAppMessage): Message['postback'] {
  const reply = item.interactive?.button_reply ?? item.interactive?.list_reply;
  if (reply) return { title: reply.title, payload: reply.id };
  if (item.button) return { ...(item.button.text ? { title: item.button.text } : {}), payload: item.button.payload ?? item.button.text ?? '' };
  return undefined;
}

function mediaOf(item: WhatsAppMessage): [keyof typeof MEDIA, NonNullable<WhatsAppMessage['image']>] | undefined {
  for (const kind of Object.keys(MEDIA) as (keyof typeof MEDIA)[]) {
    const media = item[kind];
    if (media) return [kind, media];
  }
  return undefined;
}

function attachmentsOf(item: WhatsAppMessage): Attachment[] {
  const media = mediaOf(item);
  if (media) {
    const [kind, source] = media;
    // By media id: the URL is fetched with the adapter's mediaUrl(id) and the access token.
    return [{ id: source.id, type: MEDIA[kind], ...(source.filename ? { name: source.filename } : {}) }];
  }
  if (item.location) {
    const { latitude, longitude, name, address } = item.location;
    const title = name ?? address;
    return [{ type: 'location', lat: latitude, long: longitude, ...(title ? { title } : {}) }];
  }
  if (item.contacts) {
    return item.contacts.map((card) => ({ type: 'contact', ...(card.name?.formatted_name ? { name: card.name.formatted_name } : {}) }));
  }
  return [];
}
