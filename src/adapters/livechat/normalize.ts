import type { Contact, HandoffInfo, NormalizedEvent, OwnershipSignal } from '../../core/events.js';
import { parsePayload } from '../kit/payload.js';
import { emptyRecord } from '../kit/records.js';
import { type LiveChatIncomingChat, type LiveChatWebhook, webhookSchemas as schemas } from './schema.js';
import { roleOf, toMessage } from './thread-events.js';

/** What normalization needs besides the body. */
export interface NormalizeLiveChatOptions {
  /** The bot agent's id: its own events are the bot's, a transfer to it hands the chat back. */
  botId: string;
  /** A digest of the raw body, the key of actions whose payload has no id of its own (the same on every retry). */
  digest: () => string;
}

/** The actions read by name; any other reaches `onAny` handlers only. */
export const LIVECHAT_ACTIONS = [
  'incoming_chat',
  'incoming_event',
  'incoming_rich_message_postback',
  'chat_transferred',
  'user_added_to_chat',
  'user_removed_from_chat',
  'chat_deactivated',
] as const;

type Event = NormalizedEvent<LiveChatWebhook>;

const BOT: OwnershipSignal = { owner: 'bot' };
const HUMAN: OwnershipSignal = { owner: 'human' };

/** Turns one verified LiveChat webhook body into normalized events (pure). */
export function normalizeLiveChat(body: unknown, options: NormalizeLiveChatOptions): NormalizedEvent<LiveChatWebhook>[] {
  const envelope = parsePayload(schemas.envelope, body, 'LiveChat webhook');
  const { action } = envelope;
  const what = `LiveChat ${action}`;
  const base = (conversationId: string, idempotencyKey: string, threadId?: string | null): Event => {
    const event: Event = { name: 'platform_event', type: action, idempotencyKey, conversationId, raw: envelope };
    // The thread tags go to (tag_thread), kept by the agent for later helpers.
    if (threadId) event.target = { threadId };
    return event;
  };
  switch (action) {
    case 'incoming_chat':
      return incomingChat(parsePayload(schemas.incoming_chat, body, what).payload.chat, options, base);
    case 'incoming_event': {
      const { payload } = parsePayload(schemas.incoming_event, body, what);
      const message = toMessage(payload.event, roleOf(payload.event.author_id, options.botId));
      return [{ ...base(payload.chat_id, eventKey(payload.chat_id, payload.event.id), payload.thread_id), name: 'message_created', message }];
    }
    case 'incoming_rich_message_postback': {
      const { payload } = parsePayload(schemas.incoming_rich_message_postback, body, what);
      const value = payload.postback.id;
      const key = `postback:${payload.chat_id}:${payload.event_id}:${value}:${String(payload.postback.toggled ?? '')}:${payload.user_id}`;
      const message = {
        id: `${payload.event_id}#${value}`,
        text: undefined,
        attachments: [],
        sender: { role: roleOf(payload.user_id, options.botId), id: payload.user_id },
        private: false,
        contentType: 'rich_message_postback',
        postback: { payload: value },
        // A reply's quick replies are buttons whose postback id is the quick reply's value.
        quickReply: { value, payload: value },
        replyTo: payload.event_id,
      };
      return [{ ...base(payload.chat_id, key, payload.thread_id), name: 'message_created', message }];
    }
    case 'chat_transferred': {
      const { payload } = parsePayload(schemas.chat_transferred, body, what);
      const toBot = (payload.transferred_to.agent_ids ?? []).includes(options.botId);
      const handoff = reasonOf(payload.reason);
      if (payload.requester_id) handoff.requestedBy = payload.requester_id;
      const event = base(payload.chat_id, `transferred:${options.digest()}`, payload.thread_id);
      return [{ ...event, name: toBot ? 'handed_back' : 'handed_off', ownership: toBot ? BOT : HUMAN, handoff }];
    }
    case 'user_added_to_chat': {
      const { payload } = parsePayload(schemas.user_added_to_chat, body, what);
      const event = base(payload.chat_id, `added:${options.digest()}`, payload.thread_id);
      if (payload.user.id === options.botId) return [{ ...event, name: 'handed_back', ownership: BOT, handoff: reasonOf(payload.reason) }];
      if ((payload.user_type ?? payload.user.type) === 'agent') {
        return [{ ...event, name: 'handed_off', ownership: HUMAN, handoff: reasonOf(payload.reason) }];
      }
      return [event];
    }
    case 'user_removed_from_chat': {
      // Someone leaving hands the chat to no one by itself (in a transfer between agents the next one is added right
      // after): the bot owns it again once it is added, or the chat is transferred to it.
      const { payload } = parsePayload(schemas.user_removed_from_chat, body, what);
      return [base(payload.chat_id, `removed:${options.digest()}`, payload.thread_id)];
    }
    case 'chat_deactivated': {
      const { payload } = parsePayload(schemas.chat_deactivated, body, what);
      const event = base(payload.chat_id, `deactivated:${payload.chat_id}:${payload.thread_id ?? options.digest()}`);
      return [{ ...event, name: 'conversation_resolved', ownership: { owner: 'none' } }];
    }
    default: {
      const { payload } = parsePayload(schemas.other, body, what);
      const chatId = payload.chat_id ?? (typeof payload.id === 'string' && payload.id !== '' ? payload.id : undefined);
      const key = `${action}:${options.digest()}`;
      // An action about no chat (an agent's routing status): onAny handlers see it without a conversation.
      return [chatId === undefined ? { ...base('', key), name: 'contact_event' } : base(chatId, key)];
    }
  }
}

/** `incoming_chat`: `conversation_started`, then the first events of its thread as messages. */
function incomingChat(
  chat: LiveChatIncomingChat['chat'],
  options: NormalizeLiveChatOptions,
  base: (id: string, key: string, threadId?: string) => Event,
): Event[] {
  const users = chat.users ?? [];
  const types = new Map(users.map((user) => [user.id, user.id === options.botId ? 'bot' : (user.type ?? 'agent')]));
  const customer = users.find((user) => user.type === 'customer');
  const contact: Contact | undefined =
    customer === undefined
      ? undefined
      : { id: customer.id, ...(customer.name ? { name: customer.name } : {}), ...(customer.email ? { email: customer.email } : {}), attributes: emptyRecord() };
  // Routed to the bot: it owns the chat; routed to human agents only: they do.
  const ownership = types.has(options.botId) ? BOT : [...types.values()].includes('agent') ? HUMAN : undefined;
  const threadId = chat.thread?.id ?? '';
  const started: Event = { ...base(chat.id, `chat:${chat.id}:${threadId}`, threadId), name: 'conversation_started' };
  if (contact !== undefined) started.contact = contact;
  if (ownership !== undefined) started.ownership = ownership;
  const messages = (chat.thread?.events ?? []).map((event): Event => {
    const item: Event = {
      ...base(chat.id, eventKey(chat.id, event.id), threadId),
      name: 'message_created',
      message: toMessage(event, roleOf(event.author_id, options.botId, types)),
    };
    if (contact !== undefined) item.contact = contact;
    return item;
  });
  return [started, ...messages];
}

function eventKey(chatId: string, eventId: string): string {
  return `event:${chatId}:${eventId}`;
}

function reasonOf(reason: string | null | undefined): Partial<HandoffInfo> {
  return reason ? { reason } : {};
}
