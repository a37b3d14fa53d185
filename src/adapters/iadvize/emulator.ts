// A stand-in for iAdvize calling a connected bot: signed connector calls (a conversation given to the bot, the
// visitor's messages), and the bot's actions read from the HTTP answer's `replies[]`. iAdvize calls the bot only
// while the bot is the conversation's operator: after a transfer, nothing of the conversation reaches it until a
// human transfers it back (a new POST /conversations).
import { createHmac } from 'node:crypto';
import type { Delivery } from '../../core/delivery.js';
import { asJson, EmulatorRecord, jsonDelivery, type PlatformEmulator, silentAgentActs } from '../kit/emulator.js';
import type { IadvizeAdapterOptions } from './index.js';

const CONNECTOR = 'https://bot.example.com/iadvize';
const QUERY = 'idConnectorVersion=cv-1&idWebsite=42';
const OPERATOR = 'ha-456678';

/** An emulated iAdvize platform for the adapter built with `options`. */
export function iadvizeEmulator(options: IadvizeAdapterOptions): PlatformEmulator {
  const record = new EmulatorRecord();
  const started = new Set<string>();
  let messages = 0;
  const call = (path: string, body: unknown): Delivery => {
    const text = JSON.stringify(body);
    const headers: Record<string, string> =
      options.secret === false ? {} : { 'x-iadvize-signature': `sha256=${createHmac('sha256', options.secret).update(text).digest('hex')}` };
    return jsonDelivery(`${CONNECTOR}${path}?${QUERY}`, text, headers);
  };
  const start = (id: string): Delivery => {
    started.add(id);
    return call('/conversations', { idConversation: id, idOperator: OPERATOR, history: [] });
  };
  const visitor = (id: string, text: string): Delivery[] => {
    if (record.owner(id) !== 'bot') return [];
    const first = started.has(id) ? [] : [start(id)];
    const message = {
      idMessage: `msg-${(messages += 1)}`,
      author: { role: 'visitor' },
      payload: { contentType: 'text', value: text },
      createdAt: new Date().toISOString(),
    };
    return [...first, call(`/conversations/${encodeURIComponent(id)}/messages`, { idOperator: OPERATOR, message })];
  };

  return {
    platform: 'iadvize',
    // The bot makes no calls of its own: everything rides in its answers.
    handlers: [],
    actions: record.actions,
    newConversation: () => crypto.randomUUID(),
    owner: (id) => record.owner(id),
    contactMessage: visitor,
    // A quick reply comes back as the visitor's message with its label.
    choice: (id, choice) => visitor(id, choice.title),
    agentMessage: () => [],
    // iAdvize keeps its agents' notes and tags to itself: the bot hears nothing of them.
    ...silentAgentActs(record),
    takeOver: (id) => {
      record.setOwner(id, 'human');
      return [];
    },
    handBack: (id) => {
      record.setOwner(id, 'bot');
      return [start(id)];
    },
    resolve: (id) => {
      record.setOwner(id, 'none');
      return [];
    },
    drain: () => record.drain(),
    readAnswer(id, delivery, answer) {
      if (answer.status !== 200 || answer.body === '') return;
      const body = asJson(JSON.parse(answer.body));
      const path = new URL(delivery.url).pathname;
      for (const reply of Array.isArray(body.replies) ? body.replies.map(asJson) : []) {
        const item = { method: 'ANSWER', path, body: reply };
        if (reply.type === 'message') {
          const quick = Array.isArray(reply.quickReplies) ? reply.quickReplies.map((q) => String(asJson(q).value ?? '')) : [];
          record.record({
            type: 'reply',
            conversationId: id,
            text: String(asJson(reply.payload).value ?? ''),
            ...(quick.length > 0 ? { choices: quick } : {}),
            call: item,
          });
        } else if (reply.type === 'transfer') {
          // A transfer that succeeds ends the bot's part: iAdvize runs the replies after it only when it fails.
          record.record({ type: 'escalate', conversationId: id, call: item });
          return;
        } else if (reply.type === 'close') {
          record.record({ type: 'resolve', conversationId: id, call: item });
        }
      }
    },
    reset: () => {
      record.reset();
      started.clear();
    },
  };
}
