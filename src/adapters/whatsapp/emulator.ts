// A stand-in for a WhatsApp Business number with Conversation Routing: signed Business Account deliveries
// (messages, button replies, the inbox's echoes on standby, control passed and taken), and msw handlers answering
// the Cloud API's messages and thread_control calls, recorded as normalized actions.
import { http, HttpResponse } from 'msw';
import type { Owner } from '../../core/events.js';
import type { Delivery } from '../../core/delivery.js';
import { asJson, clicked, EmulatorRecord, readCall, type Json, type PlatformEmulator, silentAgentActs } from '../kit/emulator.js';
import { signMetaDelivery } from '../meta/emulation.js';
import { resolveWhatsAppOptions, type WhatsAppOptions } from './options.js';

const WABA_ID = '102290129340398';
const DISPLAY_NUMBER = '15550783881';
const WEBHOOK = 'https://bot.example.com/whatsapp';
const CONTACT_NAME = 'Ana Souza';

/** An emulated WhatsApp Business number for the adapter built with `options`. */
export function whatsappEmulator(options: WhatsAppOptions): PlatformEmulator {
  const config = resolveWhatsAppOptions(options);
  const record = new EmulatorRecord();
  let clock = Math.floor(Date.now() / 1000);
  let ids = 0;
  const tick = (): string => String((clock += 1));
  const wamid = (): string => `wamid.EMU${(ids += 1)}`;
  const metadata = { display_phone_number: DISPLAY_NUMBER, phone_number_id: config.phoneNumberId };
  const deliver = (change: Json): Delivery[] => [
    signMetaDelivery({ object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [change] }] }, config.secrets[0] as string, WEBHOOK),
  ];
  // The owner's threads come as `messages`; another app's as `standby`.
  const thread = (waId: string, parts: Json): Delivery[] => {
    const contacts = [{ profile: { name: CONTACT_NAME }, wa_id: waId }];
    if (record.owner(waId) === 'bot') return deliver({ field: 'messages', value: { messaging_product: 'whatsapp', metadata, contacts, ...parts } });
    return deliver({ field: 'standby', value: { messaging_product: 'whatsapp', metadata, standby: { contacts, ...parts } } });
  };
  const handover = (waId: string, owner: Owner): Delivery[] => {
    record.setOwner(waId, owner);
    const type = owner === 'bot' ? 'control_passed' : 'control_taken';
    const roles =
      owner === 'bot' ? { previous_owner_role: 'escalation', new_owner_role: config.role } : { previous_owner_role: config.role, new_owner_role: 'escalation' };
    return deliver({
      field: 'messaging_handovers',
      value: {
        messaging_product: 'whatsapp',
        sender: { phone_number: waId },
        recipient: { phone_number_id: config.phoneNumberId, display_phone_number: DISPLAY_NUMBER },
        type,
        timestamp: tick(),
        [type]: roles,
      },
    });
  };

  const answer = async ({ request }: { request: Request }): Promise<Response> => {
    const call = await readCall(request);
    const body = asJson(call.body);
    const waId = String(body.to ?? '');
    if (call.path.endsWith('/thread_control')) {
      const type = body.action === 'pass' ? 'escalate' : body.action === 'take' ? 'handBack' : body.action === 'release' ? 'resolve' : 'other';
      record.record({ type, conversationId: waId, call });
      return HttpResponse.json({ messaging_product: 'whatsapp', request_id: `req_${(ids += 1)}` });
    }
    if (body.status === 'read') {
      record.record({ type: asJson(body.typing_indicator).type === undefined ? 'other' : 'typing', conversationId: waId, call });
      return HttpResponse.json({ success: true });
    }
    const interactive = asJson(body.interactive);
    const action = asJson(interactive.action);
    const buttons = Array.isArray(action.buttons) ? action.buttons.map((b) => asJson(asJson(b).reply)) : [];
    const rows = Array.isArray(action.sections)
      ? action.sections.flatMap((s) => (Array.isArray(asJson(s).rows) ? (asJson(s).rows as unknown[]).map(asJson) : []))
      : [];
    const id = wamid();
    // A reply button comes back as interactive.button_reply, a list row as interactive.list_reply; both name the
    // message they answer in `context`.
    const offered = [
      ...buttons.map((b) => ({ title: String(b.title ?? ''), payload: String(b.id ?? ''), kind: 'button' as const, extra: { context: id } })),
      ...rows.map((r) => ({
        title: String(r.title ?? ''),
        payload: String(r.id ?? ''),
        kind: 'quickReply' as const,
        extra: { context: id, list: true, ...(typeof r.description === 'string' ? { description: r.description } : {}) },
      })),
    ];
    const choices = record.offer(waId, offered);
    const text = body.type === 'text' ? String(asJson(body.text).body ?? '') : String(asJson(interactive.body).text ?? '');
    record.record({ type: 'reply', conversationId: waId, text, ...(choices.length > 0 ? { choices } : {}), call });
    return HttpResponse.json({ messaging_product: 'whatsapp', contacts: [{ input: waId, wa_id: waId }], messages: [{ id }] });
  };

  return {
    platform: 'whatsapp',
    handlers: [http.post(`${config.graphBase}${config.phoneNumberId}/:action`, answer)],
    actions: record.actions,
    newConversation: () => `4477${Math.floor(1e7 + Math.random() * 8e7)}`,
    owner: (waId) => record.owner(waId),
    contactMessage: (waId, text) => thread(waId, { messages: [{ from: waId, id: wamid(), timestamp: tick(), type: 'text', text: { body: text } }] }),
    choice: (waId, choice) => {
      const picked = clicked(record, waId, choice);
      const extra = picked.extra ?? {};
      const reply = { id: picked.payload, title: picked.title };
      const interactive =
        extra.list === true
          ? { type: 'list_reply', list_reply: { ...reply, ...(typeof extra.description === 'string' ? { description: extra.description } : {}) } }
          : { type: 'button_reply', button_reply: reply };
      const context = typeof extra.context === 'string' ? { context: { from: DISPLAY_NUMBER, id: extra.context } } : {};
      return thread(waId, { messages: [{ ...context, from: waId, id: wamid(), timestamp: tick(), type: 'interactive', interactive }] });
    },
    agentMessage: (waId, text) =>
      thread(waId, { message_echoes: [{ from: DISPLAY_NUMBER, to: waId, id: wamid(), timestamp: tick(), type: 'text', text: { body: text } }] }),
    // The inbox's notes and labels stay in the inbox: no webhook field carries them.
    ...silentAgentActs(record),
    takeOver: (waId) => handover(waId, 'human'),
    handBack: (waId) => handover(waId, 'bot'),
    // Closing the ticket in the inbox passes the thread back to this app.
    resolve: (waId) => handover(waId, 'bot'),
    drain: () => record.drain(),
    readAnswer: () => undefined,
    reset: () => record.reset(),
  };
}
