// A stand-in for Hootsuite Inbox 2.0 with a virtual agent: signed deliveries (conversation started, delegated,
// inbound messages), the actions read from the webhook's HTTP answer (a ConversationManipulation), and msw handlers
// answering the token and REST manipulation endpoints used after the answer. Hootsuite sends the bot only the
// conversations it holds: while a human has one, neither the contact's messages nor the agent's reach the bot.
import { createHmac } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import type { Delivery } from '../../core/delivery.js';
import { asJson, EmulatorRecord, type EmulatedCall, jsonDelivery, readCall, type Json, type PlatformEmulator, silentAgentActs } from '../kit/emulator.js';
import { resolveHootsuiteOptions, type HootsuiteOptions } from './options.js';

const WEBHOOK = 'https://bot.example.com/hootsuite';
const CONTACT = {
  id: '693ed54b-a426-11eb-9363-cffd945b4b2f',
  mediumContactProfileId: 'bb7b0f8f00cc989b97f0725b',
  primaryIdentifier: 'Ana Souza',
  secondaryIdentifier: '+5511999990000',
};
const CHANNEL = { id: '0-02534c5ac04-000-261ad914', name: 'Inbox 2.0 support channel' };

/** An emulated Hootsuite organization for the adapter built with `options`. */
export function hootsuiteEmulator(options: HootsuiteOptions): PlatformEmulator {
  const config = resolveHootsuiteOptions(options);
  const record = new EmulatorRecord();
  const started = new Set<string>();
  let tokens = 0;
  const sign = (type: string, data: Json): Delivery => {
    const body = JSON.stringify({ timestamp: new Date().toISOString(), idempotencyKey: crypto.randomUUID(), version: 1, type, data });
    const signature = createHmac('sha256', config.keys[0] as Uint8Array)
      .update(body)
      .digest('hex');
    return jsonDelivery(WEBHOOK, body, { 'x-hootsuite-signature': signature });
  };
  const conversation = (id: string): Json => ({
    conversationId: id,
    medium: { id: 'facebook' },
    channel: CHANNEL,
    language: 'en',
    contactProfile: CONTACT,
    contactAttributes: [],
  });
  const inbound = (id: string, message: Json): Delivery[] => {
    // Hootsuite routes the conversation to a human or the bot: the bot hears nothing of a human's conversations.
    if (record.owner(id) !== 'bot') return [];
    const first = started.has(id) ? [] : [sign('CONVERSATION_STARTED', conversation(id))];
    started.add(id);
    return [...first, sign('INBOUND_MESSAGE_RECEIVED', { ...conversation(id), message: { messageId: crypto.randomUUID(), ...message } })];
  };
  // One ConversationManipulation, from the answer or a REST call, as normalized actions.
  const manipulated = (id: string, body: Json, call: EmulatedCall): void => {
    const messages = [...(body.sendMessage === undefined ? [] : [body.sendMessage]), ...(Array.isArray(body.sendMessages) ? body.sendMessages : [])];
    for (const message of messages) record.record({ type: 'reply', conversationId: id, text: String(asJson(message).text ?? ''), call });
    for (const key of ['applyTopics', 'applyTags'] as const) {
      if (Array.isArray(body[key])) record.record({ type: 'tag', conversationId: id, tags: (body[key] as unknown[]).map(String), call });
    }
    if (Array.isArray(body.applyConversationNotes)) {
      for (const note of body.applyConversationNotes) record.record({ type: 'note', conversationId: id, text: String(asJson(note).text ?? ''), call });
    }
    if (body.setContactAttributes !== undefined) record.record({ type: 'attributes', conversationId: id, call });
    if (body.complete === 'HANDOVER') record.record({ type: 'escalate', conversationId: id, call });
    if (body.complete === 'RESOLVED') record.record({ type: 'resolve', conversationId: id, call });
  };

  const token = (): Response => HttpResponse.json({ access_token: `hs-token-${(tokens += 1)}`, token_type: 'bearer', expires_in: 3599 });
  const rest = async ({ request }: { request: Request }): Promise<Response> => {
    const call = await readCall(request);
    manipulated(decodeURIComponent(call.path.split('/').at(-1) ?? ''), asJson(call.body), call);
    return HttpResponse.json({});
  };

  return {
    platform: 'hootsuite',
    handlers: [http.post(`${config.apiBase}oauth2/token`, token), http.post(`${config.apiBase}inbox/v1/virtual-agent/conversations/:id`, rest)],
    actions: record.actions,
    newConversation: () => `0-${crypto.randomUUID().slice(0, 11)}-000-${crypto.randomUUID().slice(0, 8)}`,
    owner: (id) => record.owner(id),
    contactMessage: (id, text) => inbound(id, { text }),
    choice: (id, choice) => inbound(id, { text: choice.title, payload: choice.payload ?? choice.title }),
    agentMessage: () => [],
    // Hootsuite keeps its agents' notes and tags to itself: the bot hears nothing of them.
    ...silentAgentActs(record),
    takeOver: (id) => {
      record.setOwner(id, 'human');
      return [];
    },
    handBack: (id) => {
      record.setOwner(id, 'bot');
      started.add(id);
      return [sign('CONVERSATION_DELEGATED', conversation(id))];
    },
    resolve: (id) => {
      record.setOwner(id, 'none');
      return [];
    },
    drain: () => record.drain(),
    readAnswer(id, delivery, answer) {
      if (answer.status !== 200 || answer.body === '') return;
      const path = new URL(delivery.url, 'http://127.0.0.1').pathname;
      manipulated(id, asJson(JSON.parse(answer.body)), { method: 'ANSWER', path, body: JSON.parse(answer.body) as unknown });
    },
    reset: () => {
      record.reset();
      started.clear();
    },
  };
}
