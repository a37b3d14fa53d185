import type { Card, CardAction, OutgoingMessage, QuickReply } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';

/** An event the bot sends with `send_event`. */
export type LiveChatOutgoingEvent = Record<string, unknown> & { type: 'message' | 'rich_message' };

const UNSUPPORTED_PARTS = ['form', 'articles', 'emailInput', 'attachments'] as const;

/**
 * The `send_event` events of one reply, in order: the text as a message (visible to agents only when private), quick
 * replies as a `quick_replies` rich message whose buttons post back their value, cards as a `cards` rich message.
 */
export function toLiveChatEvents(message: OutgoingMessage): LiveChatOutgoingEvent[] {
  for (const part of UNSUPPORTED_PARTS) {
    const value = message[part];
    if (value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0)) {
      throw new HandoffkitError('E_UNSUPPORTED', `reply({ ${part} }) is not supported by the livechat adapter: send text, quickReplies or cards.`, {
        details: { adapter: 'livechat', helper: 'reply', part },
      });
    }
  }
  const visibility = message.private === true ? 'agents' : 'all';
  const extra = message.platformFields ?? {};
  const events: LiveChatOutgoingEvent[] = [];
  const quick = message.quickReplies ?? [];
  const cards = message.cards ?? [];
  if (quick.length > 0) {
    events.push({
      type: 'rich_message',
      template_id: 'quick_replies',
      visibility,
      elements: [{ ...(message.text ? { title: message.text } : {}), buttons: quick.map(quickButton) }],
      ...extra,
    });
    return cards.length > 0 ? [...events, cardsEvent(cards, visibility)] : events;
  }
  if (message.text !== undefined && message.text !== '') events.push({ type: 'message', text: message.text, visibility, ...(cards.length > 0 ? {} : extra) });
  if (cards.length > 0) events.push({ ...cardsEvent(cards, visibility), ...extra });
  if (events.length === 0) throw new HandoffkitError('E_PAYLOAD', 'reply() needs text, quickReplies or cards.');
  return events;
}

function quickButton(reply: QuickReply): Record<string, unknown> {
  const value = reply.value ?? reply.title;
  return { type: 'message', text: reply.title, value: reply.title, postback_id: value, user_ids: [] };
}

function cardsEvent(cards: Card[], visibility: string): LiveChatOutgoingEvent {
  const elements = cards.map((card) => ({
    title: card.title,
    ...(card.description ? { subtitle: card.description } : {}),
    ...(card.imageUrl ? { image: { url: card.imageUrl } } : {}),
    ...(card.actions?.length ? { buttons: card.actions.map(cardButton) } : {}),
  }));
  return { type: 'rich_message', template_id: 'cards', visibility, elements };
}

function cardButton(action: CardAction): Record<string, unknown> {
  if (action.type === 'link') return { type: 'url', text: action.text, value: action.url, postback_id: action.url, user_ids: [] };
  return { type: 'message', text: action.text, value: action.text, postback_id: action.payload, user_ids: [] };
}
