// A stand-in for a LiveChat organization with the bot as an agent: webhook bodies carrying the registered
// secret_key (messages, postbacks, transfers, deactivation), and msw handlers answering the Agent Chat API and the
// bot-token issue the adapter calls, recorded as normalized actions.
import { http, HttpResponse } from 'msw';
import type { Owner } from '../../core/events.js';
import type { Delivery } from '../../core/delivery.js';
import {
  asJson,
  clicked,
  EmulatorRecord,
  freshId,
  jsonDelivery,
  readCall,
  type EmulatedActionType,
  type Json,
  type PlatformEmulator,
} from '../kit/emulator.js';
import { resolveLiveChatOptions, type LiveChatOptions } from './options.js';

const WEBHOOK = 'https://bot.example.com/livechat';
const CUSTOMER = '345f8235-d60d-433e-63c5-7f813a6ffe25';
const HUMAN = 'l.wojciechowski@livechatinc.com';

const TYPES: Record<string, EmulatedActionType> = {
  deactivate_chat: 'resolve',
  tag_thread: 'tag',
  untag_thread: 'untag',
  send_typing_indicator: 'typing',
  update_chat_properties: 'attributes',
};

/** An emulated LiveChat organization for the adapter built with `options`. */
export function livechatEmulator(options: LiveChatOptions): PlatformEmulator {
  const config = resolveLiveChatOptions(options);
  const record = new EmulatorRecord();
  const threads = new Map<string, string>();
  let tokens = 0;
  let events = 0;
  const thread = (chat: string): string => threads.get(chat) ?? threads.set(chat, freshId('T').toUpperCase().slice(0, 10)).get(chat) ?? '';
  const deliver = (action: string, payload: Json): Delivery[] => {
    const body = {
      webhook_id: `wh_${freshId()}`,
      secret_key: config.webhookSecrets[0],
      action,
      organization_id: config.organizationId,
      payload,
      additional_data: {},
    };
    return [jsonDelivery(WEBHOOK, JSON.stringify(body))];
  };
  const event = (chat: string, authorId: string, fields: Json): Delivery[] =>
    deliver('incoming_event', {
      chat_id: chat,
      thread_id: thread(chat),
      event: { id: `${thread(chat)}_${(events += 1)}`, custom_id: '', created_at: new Date().toISOString(), author_id: authorId, visibility: 'all', ...fields },
    });
  const transfer = (chat: string, owner: Owner): Delivery[] => {
    record.setOwner(chat, owner);
    const to = owner === 'bot' ? { agent_ids: [config.botId] } : { agent_ids: [HUMAN] };
    return deliver('chat_transferred', { chat_id: chat, thread_id: thread(chat), requester_id: HUMAN, reason: 'manual', transferred_to: to });
  };

  const answer = async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }): Promise<Response> => {
    const call = await readCall(request);
    const body = asJson(call.body);
    const action = String(params.action ?? '');
    if (action === 'issue_bot_token') return HttpResponse.json({ token: `lc_bot_token_${(tokens += 1)}` });
    const chat = String(body.chat_id ?? body.id ?? '');
    if (action === 'get_chat') return HttpResponse.json({ id: chat, thread: { id: thread(chat) } });
    if (action === 'send_event') {
      const sent = asJson(body.event);
      const elements = Array.isArray(sent.elements) ? sent.elements.map(asJson) : [];
      const eventId = `EV_${(events += 1)}`;
      // A rich message's button posts back its postback_id with the rich message's event id.
      const offered = elements.flatMap((e) =>
        (Array.isArray(e.buttons) ? e.buttons.map(asJson) : [])
          .filter((b) => b.type !== 'url')
          .map((b) => ({ title: String(b.text ?? ''), payload: String(b.postback_id ?? b.value ?? ''), kind: 'button' as const, extra: { eventId } })),
      );
      const buttons = record.offer(chat, offered);
      const text = typeof sent.text === 'string' ? sent.text : String(elements[0]?.title ?? '');
      const type = sent.visibility === 'agents' ? 'note' : 'reply';
      record.record({ type, conversationId: chat, text, ...(buttons.length > 0 ? { choices: buttons } : {}), call });
      return HttpResponse.json({ event_id: eventId });
    }
    if (action === 'transfer_chat') {
      const target = asJson(body.target);
      const toBot = Array.isArray(target.ids) && target.ids.map(String).includes(config.botId);
      record.record({ type: toBot ? 'handBack' : 'escalate', conversationId: chat, call });
      // LiveChat announces the transfer to the chat's webhooks.
      const to = target.type === 'agent' ? { agent_ids: (target.ids as unknown[]).map(String) } : { group_ids: Array.isArray(target.ids) ? target.ids : [] };
      record.followUps.push(
        ...deliver('chat_transferred', { chat_id: chat, thread_id: thread(chat), requester_id: config.botId, reason: 'manual', transferred_to: to }),
      );
      return HttpResponse.json({});
    }
    const type = TYPES[action] ?? 'other';
    record.record({ type, conversationId: chat, ...(type === 'tag' || type === 'untag' ? { tags: [String(body.tag)] } : {}), call });
    return HttpResponse.json({});
  };

  return {
    platform: 'livechat',
    handlers: [http.post(`${config.apiBase}:api/action/:action`, answer)],
    actions: record.actions,
    newConversation: () => freshId().toUpperCase().slice(0, 10),
    owner: (chat) => record.owner(chat),
    contactMessage: (chat, text) => event(chat, CUSTOMER, { type: 'message', text }),
    choice: (chat, choice) => {
      const picked = clicked(record, chat, choice);
      const eventId = typeof picked.extra?.eventId === 'string' ? picked.extra.eventId : `${thread(chat)}_${events}`;
      return deliver('incoming_rich_message_postback', {
        chat_id: chat,
        thread_id: thread(chat),
        user_id: CUSTOMER,
        event_id: eventId,
        postback: { id: picked.payload, toggled: true },
      });
    },
    agentMessage: (chat, text) => event(chat, HUMAN, { type: 'message', text }),
    // A note is an event the customer does not see; the bot, an agent of the chat, gets it like any other.
    agentNote: (chat, text) => event(chat, HUMAN, { type: 'message', text, visibility: 'agents' }),
    // Each tag an agent adds or removes is a thread_tagged / thread_untagged webhook.
    agentLabels: (chat, change) => {
      const before = record.changeLabels(chat, change);
      const after = record.labels(chat);
      const added = after.filter((tag) => !before.includes(tag));
      const removed = before.filter((tag) => !after.includes(tag));
      return [
        ...added.flatMap((tag) => deliver('thread_tagged', { chat_id: chat, thread_id: thread(chat), tag })),
        ...removed.flatMap((tag) => deliver('thread_untagged', { chat_id: chat, thread_id: thread(chat), tag })),
      ];
    },
    labels: (chat) => record.labels(chat),
    takeOver: (chat) => transfer(chat, 'human'),
    handBack: (chat) => transfer(chat, 'bot'),
    resolve: (chat) => {
      record.setOwner(chat, 'none');
      return deliver('chat_deactivated', { chat_id: chat, thread_id: thread(chat), user_id: HUMAN });
    },
    drain: () => record.drain(),
    readAnswer: () => undefined,
    reset: () => {
      record.reset();
      threads.clear();
    },
  };
}
