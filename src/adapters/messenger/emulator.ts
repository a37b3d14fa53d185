// A stand-in for a Facebook Page on Messenger with the handover protocol: signed Page deliveries (messages,
// postbacks, the inbox's echoes, control passed and taken), and msw handlers answering the Send and handover
// calls of the Graph API, recorded as normalized actions.
import { http, HttpResponse } from 'msw';
import type { Owner } from '../../core/events.js';
import type { Delivery } from '../../core/delivery.js';
import {
  asJson,
  clicked,
  EmulatorRecord,
  readCall,
  type EmulatedActionType,
  type Json,
  type OfferedChoice,
  type PlatformEmulator,
  silentAgentActs,
} from '../kit/emulator.js';
import { signMetaDelivery } from '../meta/emulation.js';
import { resolveMessengerOptions, type MessengerOptions } from './options.js';

const PAGE_ID = '404217156637689';
const WEBHOOK = 'https://bot.example.com/messenger';

/** An emulated Page for the Messenger adapter built with `options` (this app as the primary receiver). */
export function messengerEmulator(options: MessengerOptions): PlatformEmulator {
  const config = resolveMessengerOptions(options);
  const record = new EmulatorRecord();
  let clock = Date.now();
  let mids = 0;
  const tick = (): number => (clock += 1_000);
  // The bot's app owns a thread unless control went to another app (standby) or was released (idle).
  const lane = (psid: string): 'messaging' | 'standby' => (record.owner(psid) === 'bot' ? 'messaging' : 'standby');
  const deliver = (psid: string, item: Json, into: 'messaging' | 'standby' = lane(psid)): Delivery[] => [
    signMetaDelivery({ object: 'page', entry: [{ id: PAGE_ID, time: tick(), [into]: [item] }] }, config.secrets[0] as string, WEBHOOK),
  ];
  const fromContact = (psid: string, fields: Json): Json => ({ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: tick(), ...fields });
  const control = (psid: string, owner: Owner): Delivery[] => {
    const previous = record.owner(psid) === 'bot' ? config.appId : config.humanAppId;
    record.setOwner(psid, owner);
    const item =
      owner === 'bot'
        ? fromContact(psid, {
            pass_thread_control: { new_owner_app_id: config.appId, previous_owner_app_id: previous, metadata: 'Handed back from the inbox' },
          })
        : fromContact(psid, { take_thread_control: { previous_owner_app_id: previous, new_owner_app_id: config.humanAppId, metadata: 'Taken in the inbox' } });
    // The handover items come in the messaging lane of the app they concern.
    return deliver(psid, item, 'messaging');
  };

  const answer = async ({ request }: { request: Request }): Promise<Response> => {
    const call = await readCall(request);
    const body = asJson(call.body);
    const psid = String(asJson(body.recipient).id ?? asJson(body.recipient).user_ref ?? '');
    const action = call.path.split('/').at(-1) ?? '';
    if (action === 'messages') {
      if (typeof body.sender_action === 'string') {
        record.record({ type: body.sender_action === 'mark_seen' ? 'other' : 'typing', conversationId: psid, call });
        return HttpResponse.json({ recipient_id: psid });
      }
      const message = asJson(body.message);
      const payload = asJson(asJson(message.attachment).payload);
      const quick = (Array.isArray(message.quick_replies) ? message.quick_replies : []).map(asJson).filter((q) => q.content_type !== 'user_email');
      const elements = Array.isArray(payload.elements) ? payload.elements.map(asJson) : [];
      const buttons = [payload, ...elements].flatMap((part) => (Array.isArray(part.buttons) ? part.buttons.map(asJson) : []));
      // Quick replies come back as a message with quick_reply.payload, postback buttons as a postback.
      const offered: OfferedChoice[] = [
        ...quick.map((q) => ({ title: String(q.title ?? ''), payload: String(q.payload ?? q.title ?? ''), kind: 'quickReply' as const })),
        ...buttons
          .filter((b) => b.type === 'postback')
          .map((b) => ({ title: String(b.title ?? ''), payload: String(b.payload ?? ''), kind: 'button' as const })),
      ];
      const choices = record.offer(psid, offered);
      const text = typeof message.text === 'string' ? message.text : typeof payload.text === 'string' ? payload.text : '';
      record.record({ type: 'reply', conversationId: psid, text, ...(choices.length > 0 ? { choices } : {}), call });
      return HttpResponse.json({ recipient_id: psid, message_id: `m_sent_${(mids += 1)}` });
    }
    const passedBack = action === 'pass_thread_control' && String(body.target_app_id) === config.appId;
    const types: Record<string, EmulatedActionType> = {
      pass_thread_control: passedBack ? 'handBack' : 'escalate',
      take_thread_control: 'handBack',
      release_thread_control: 'resolve',
      request_thread_control: 'other',
    };
    record.record({ type: types[action] ?? 'other', conversationId: psid, call });
    return HttpResponse.json({ success: true });
  };

  return {
    platform: 'messenger',
    handlers: [http.post(`${config.graphBase}me/:action`, answer)],
    actions: record.actions,
    newConversation: () => `${Math.floor(1e15 + Math.random() * 8e15)}`,
    owner: (psid) => record.owner(psid),
    contactMessage: (psid, text) => deliver(psid, fromContact(psid, { message: { mid: `m_in_${(mids += 1)}`, text } })),
    choice: (psid, choice) => {
      const picked = clicked(record, psid, choice);
      mids += 1;
      if (picked.kind === 'quickReply') {
        return deliver(psid, fromContact(psid, { message: { mid: `m_in_${mids}`, text: picked.title, quick_reply: { payload: picked.payload } } }));
      }
      // A postback on standby (another app owns the thread) arrives without its payload.
      const postback = { title: picked.title, mid: `m_pb_${mids}`, ...(lane(psid) === 'messaging' ? { payload: picked.payload } : {}) };
      return deliver(psid, fromContact(psid, { postback }));
    },
    agentMessage: (psid, text) =>
      deliver(psid, {
        sender: { id: PAGE_ID },
        recipient: { id: psid },
        timestamp: tick(),
        message: { is_echo: true, app_id: Number(config.humanAppId), mid: `m_echo_${(mids += 1)}`, text },
      }),
    // The Page Inbox's notes and labels stay in the inbox: no webhook tells an app of them.
    ...silentAgentActs(record),
    takeOver: (psid) => control(psid, 'human'),
    handBack: (psid) => control(psid, 'bot'),
    // Marking a thread done in the inbox passes control back to the primary receiver.
    resolve: (psid) => control(psid, 'bot'),
    drain: () => record.drain(),
    readAnswer: () => undefined,
    reset: () => record.reset(),
  };
}
