// A stand-in for a Chatwoot server (4.13+, 2026 payloads): signed AgentBot deliveries for each event, and msw
// handlers answering the conversation API the adapter calls, recorded as normalized actions.
import { createHmac } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import type { Owner } from '../../core/events.js';
import type { Delivery } from '../../core/delivery.js';
import { asJson, clicked, EmulatorRecord, jsonDelivery, readCall, type EmulatedCall, type Json, type PlatformEmulator } from '../kit/emulator.js';
import { resolveChatwootOptions, type ChatwootOptions } from './options.js';

/** Options of {@link signChatwootDelivery}. */
export interface ChatwootSigning {
  /** The agent bot's secret. */
  secret: string;
  /** Unix seconds to sign. Default: now. */
  timestamp?: number;
  /** The `X-Chatwoot-Delivery` id. Default: a random UUID. */
  deliveryId?: string;
  /** The URL the delivery is posted to. Default `https://bot.example.com/webhook`. */
  url?: string;
}

/** A delivery of `body` (an object is serialized once) signed the way Chatwoot 4.13+ signs it. */
export function signChatwootDelivery(body: unknown, options: ChatwootSigning): Delivery {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', options.secret).update(`${timestamp}.${text}`).digest('hex');
  return jsonDelivery(options.url ?? 'https://bot.example.com/webhook', text, {
    'x-chatwoot-signature': `sha256=${signature}`,
    'x-chatwoot-timestamp': timestamp,
    'x-chatwoot-delivery': options.deliveryId ?? crypto.randomUUID(),
  });
}

const STATUS_BY_OWNER: Record<Owner, string> = { bot: 'pending', human: 'open', none: 'resolved' };
const CONTACT = { id: 77, name: 'Ana Souza', email: 'ana@example.com', phone_number: '+5511999990000', identifier: null, custom_attributes: {} };
const HUMAN = { id: 9, name: 'Bruno', avatar_url: '', availability_status: 'online' };
const BOT = { id: 2, name: 'Helper bot', avatar_url: '', type: 'agent_bot' };

/** An emulated Chatwoot account for the adapter built with `options`. */
export function chatwootEmulator(options: ChatwootOptions): PlatformEmulator {
  const config = resolveChatwootOptions(options);
  const record = new EmulatorRecord();
  const attributes = new Map<string, Json>();
  let sequence = 0;
  let nextConversation = 4200;
  let nextMessage = 90_000;
  // updated_at moves with every change: the adapter orders ownership signals by it.
  const clock = (): number => Date.now() / 1000 + (sequence += 1) / 1000;
  const secret = config.secrets === false ? undefined : config.secrets[0];
  const sign = (body: Json): Delivery =>
    secret === undefined ? jsonDelivery('https://bot.example.com/webhook', JSON.stringify(body)) : signChatwootDelivery(body, { secret });

  const conversation = (id: string, extra: Json = {}): Json => ({
    id: Number(id),
    inbox_id: 5,
    channel: 'Channel::WebWidget',
    status: STATUS_BY_OWNER[record.owner(id)],
    labels: record.labels(id),
    custom_attributes: attributes.get(id) ?? {},
    contact_inbox: { id: 91, contact_id: CONTACT.id, inbox_id: 5, source_id: `src-${id}` },
    meta: { sender: CONTACT, assignee: record.owner(id) === 'human' ? { ...HUMAN, type: 'user' } : null, team: null },
    messages: [],
    updated_at: clock(),
    ...extra,
  });
  const message = (id: string, fields: Json): Json => ({
    account: { id: Number(config.accountId), name: 'Acme Inc' },
    additional_attributes: {},
    content_attributes: {},
    content_type: 'text',
    conversation: conversation(id),
    created_at: new Date().toISOString(),
    id: (nextMessage += 1),
    inbox: { id: 5, name: 'Website' },
    private: false,
    source_id: null,
    event: 'message_created',
    ...fields,
  });
  const statusChange = (id: string, owner: Owner): Delivery[] => {
    const previous = STATUS_BY_OWNER[record.owner(id)];
    record.setOwner(id, owner);
    const body = conversation(id, {
      event: 'conversation_status_changed',
      changed_attributes: [{ status: { previous_value: previous, current_value: STATUS_BY_OWNER[owner] } }],
    });
    return [sign(body)];
  };

  const api = `${config.apiBase}api/v1/accounts/${config.accountId}`;
  const answer = async ({ request }: { request: Request }): Promise<Response> => {
    const call = await readCall(request);
    const match = /\/conversations\/([^/]+)(?:\/(\w+))?$/.exec(call.path);
    const id = match?.[1] ?? '';
    const body = asJson(call.body);
    if (match === null) return HttpResponse.json({ id: (nextConversation += 1), status: 'pending' });
    switch (`${call.method} ${match[2] ?? ''}`) {
      case 'POST messages':
        return replied(id, body, call);
      case 'GET labels':
        return HttpResponse.json({ payload: record.labels(id) });
      case 'POST labels':
        return labelled(id, body, call);
      case 'GET ':
        return HttpResponse.json({ id: Number(id), status: STATUS_BY_OWNER[record.owner(id)], custom_attributes: attributes.get(id) ?? {} });
      case 'POST custom_attributes':
        attributes.set(id, asJson(body.custom_attributes));
        record.record({ type: 'attributes', conversationId: id, call });
        return HttpResponse.json({ custom_attributes: body.custom_attributes });
      case 'POST toggle_status': {
        const type = body.status === 'open' ? 'escalate' : body.status === 'pending' ? 'handBack' : body.status === 'resolved' ? 'resolve' : 'other';
        record.record({ type, conversationId: id, call });
        return HttpResponse.json({ meta: {}, payload: { success: true, current_status: body.status, conversation_id: Number(id) } });
      }
      case 'POST toggle_typing_status':
        record.record({ type: 'typing', conversationId: id, call });
        return new HttpResponse(null, { status: 200 });
      case 'POST assignments':
        record.record({ type: 'other', conversationId: id, call });
        return HttpResponse.json(body.team_id === undefined ? { id: body.assignee_id, name: HUMAN.name } : { id: body.team_id, name: 'Support' });
      default:
        return HttpResponse.json({ error: 'Resource could not be found' }, { status: 404 });
    }
  };
  const replied = (id: string, body: Json, call: EmulatedCall): Response => {
    const attributes = asJson(body.content_attributes);
    const items = Array.isArray(attributes.items) ? attributes.items.map(asJson) : [];
    nextMessage += 1;
    const messageId = nextMessage;
    const content = typeof body.content === 'string' ? body.content : '';
    // The widget answers an input_select by updating that message; a card's postback button sends nothing (yet).
    const offered =
      body.content_type === 'input_select'
        ? items.map((item) => ({
            title: String(item.title),
            payload: String(item.value ?? item.title),
            kind: 'quickReply' as const,
            extra: { messageId, content, items },
          }))
        : body.content_type === 'cards'
          ? items.flatMap((card) =>
              (Array.isArray(card.actions) ? card.actions.map(asJson) : [])
                .filter((action) => action.type === 'postback')
                .map((action) => ({
                  title: String(action.text),
                  payload: String(action.payload ?? action.text),
                  kind: 'button' as const,
                  extra: { card: true },
                })),
            )
          : [];
    const choices = record.offer(id, offered);
    record.record({
      type: body.private === true ? 'note' : 'reply',
      conversationId: id,
      text: content,
      ...(choices.length === 0 ? {} : { choices }),
      call,
    });
    return HttpResponse.json({ id: messageId, content: body.content, message_type: 1, private: body.private ?? false, conversation_id: Number(id) });
  };
  const labelled = (id: string, body: Json, call: EmulatedCall): Response => {
    const before = record.labels(id);
    const after = Array.isArray(body.labels) ? body.labels.map(String) : [];
    record.setLabels(id, after);
    const added = after.filter((l) => !before.includes(l));
    const removed = before.filter((l) => !after.includes(l));
    if (added.length > 0) record.record({ type: 'tag', conversationId: id, tags: added, call });
    if (removed.length > 0) record.record({ type: 'untag', conversationId: id, tags: removed, call });
    return HttpResponse.json({ payload: after });
  };

  return {
    platform: 'chatwoot',
    handlers: [http.post(`${api}/conversations`, answer), http.all(`${api}/conversations/:id`, answer), http.all(`${api}/conversations/:id/:action`, answer)],
    actions: record.actions,
    newConversation: () => String((nextConversation += 1)),
    owner: (id) => record.owner(id),
    contactMessage: (id, text) => [sign(message(id, { content: text, message_type: 'incoming', sender: { ...CONTACT, type: 'contact' } }))],
    choice: (id, choice) => {
      const picked = clicked(record, id, choice);
      // Chatwoot's widget renders a card's postback button but sends nothing when it is clicked.
      if (picked.extra?.card === true) return [];
      const submitted = { title: picked.title, value: picked.payload };
      const extra = picked.extra ?? {};
      const items = Array.isArray(extra.items) ? extra.items : [submitted];
      // The answer is an update of the bot's input_select message: its id, its question, the contact's pick.
      return [
        sign(
          message(id, {
            event: 'message_updated',
            ...(typeof extra.messageId === 'number' ? { id: extra.messageId } : {}),
            content: typeof extra.content === 'string' ? extra.content : '',
            content_type: 'input_select',
            content_attributes: { items, submitted_values: [submitted] },
            message_type: 'outgoing',
            sender: BOT,
            updated_at: clock(),
          }),
        ),
      ];
    },
    agentMessage: (id, text) => [sign(message(id, { content: text, message_type: 'outgoing', sender: HUMAN }))],
    // Chatwoot sends the bot every message of the conversation, its agents' private notes included.
    agentNote: (id, text) => [sign(message(id, { content: text, message_type: 'outgoing', private: true, sender: HUMAN }))],
    agentLabels: (id, change) => {
      const before = record.changeLabels(id, change);
      const after = record.labels(id);
      if (before.join('\n') === after.join('\n')) return [];
      return [
        sign(conversation(id, { event: 'conversation_updated', changed_attributes: [{ label_list: { previous_value: before, current_value: after } }] })),
      ];
    },
    labels: (id) => record.labels(id),
    takeOver: (id) => statusChange(id, 'human'),
    handBack: (id) => statusChange(id, 'bot'),
    resolve: (id) => statusChange(id, 'none'),
    drain: () => record.drain(),
    readAnswer: () => undefined,
    reset: () => {
      record.reset();
      attributes.clear();
    },
  };
}
