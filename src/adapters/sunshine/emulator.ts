// A stand-in for a Sunshine Conversations app with a switchboard (the bot and the Zendesk agent workspace): v2
// webhook envelopes with the X-API-Key, and msw handlers answering the Conversations API the adapter calls
// (messages, activity, passControl / releaseControl, metadata), recorded as normalized actions.
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
  type Json,
  type OfferedChoice,
  type PlatformEmulator,
  silentAgentActs,
} from '../kit/emulator.js';
import { resolveSunshineOptions, type SunshineOptions } from './options.js';

const WEBHOOK = 'https://bot.example.com/sunshine';
const WORKSPACE = {
  id: '5eece1cacdbffb08f5c3ed43',
  name: 'zd-agentWorkspace',
  integrationId: '5f11a65ae4e987667c2051d2',
  integrationType: 'zd:agentWorkspace',
};

/** An emulated Sunshine Conversations app for the adapter built with `options`. */
export function sunshineEmulator(options: SunshineOptions): PlatformEmulator {
  const config = resolveSunshineOptions(options);
  const record = new EmulatorRecord();
  const bot = { id: config.integrationId, name: 'bot', integrationId: '5f11a650e4e987667c2051d1', integrationType: 'custom' };
  const hex = (): string => freshId().padEnd(24, '0').slice(0, 24);
  const active = (id: string): Json | undefined => ({ bot, human: WORKSPACE, none: undefined })[record.owner(id)];
  const conversation = (id: string): Json => {
    const integration = active(id);
    return { id, type: 'personal', ...(integration === undefined ? {} : { activeSwitchboardIntegration: integration }) };
  };
  const deliver = (type: string, payload: Json): Delivery[] => {
    const body = {
      app: { id: config.appId },
      webhook: { id: '5f4eaef81e3dcc117c7ba48a', version: 'v2' },
      events: [{ id: hex(), createdAt: new Date().toISOString(), type, payload }],
    };
    return [jsonDelivery(WEBHOOK, JSON.stringify(body), { 'x-api-key': config.webhookSecrets[0] as string })];
  };
  const user = (id: string): Json => ({ id: `user-${id}`, externalId: `ext-${id}`, profile: { givenName: 'Ana', surname: 'Souza', locale: 'en-US' } });
  const fromUser = (id: string, content: Json): Delivery[] =>
    deliver('conversation:message', {
      conversation: conversation(id),
      message: {
        id: hex(),
        received: new Date().toISOString(),
        author: { type: 'user', userId: `user-${id}`, displayName: 'Ana Souza', user: user(id) },
        content,
        source: { type: 'web', integrationId: '5ecff63ffc3ab25f4561c8a0' },
      },
    });
  const control = (id: string, owner: Owner): Delivery[] => {
    record.setOwner(id, owner);
    if (owner === 'none') return deliver('switchboard:releaseControl', { conversation: conversation(id) });
    return deliver('switchboard:passControl', { conversation: conversation(id), metadata: { reason: owner === 'bot' ? 'handed back' : 'taken over' } });
  };

  const answer = async ({ request }: { request: Request }): Promise<Response> => {
    const call = await readCall(request);
    const body = asJson(call.body);
    const match = /\/conversations\/([^/]+)(?:\/(\w+))?$/.exec(call.path);
    const id = match?.[1] ?? '';
    switch (`${call.method} ${match?.[2] ?? ''}`) {
      case 'POST messages': {
        const content = asJson(body.content);
        const items = Array.isArray(content.items) ? content.items.map(asJson) : [];
        const actions = [content, ...items].flatMap((part) => (Array.isArray(part.actions) ? part.actions.map(asJson) : []));
        // A tapped `reply` action comes back as the contact's text message with its payload; a `postback` as a postback.
        const offered: OfferedChoice[] = actions
          .filter((a) => a.type === 'reply' || a.type === 'postback')
          .map((a) => ({ title: String(a.text ?? ''), payload: String(a.payload ?? a.text ?? ''), kind: a.type === 'reply' ? 'quickReply' : 'button' }));
        const choices = record.offer(id, offered);
        record.record({ type: 'reply', conversationId: id, text: String(content.text ?? ''), ...(choices.length > 0 ? { choices } : {}), call });
        return HttpResponse.json({ messages: [{ id: hex() }] }, { status: 201 });
      }
      case 'POST passControl': {
        const target = String(asJson(body).switchboardIntegration ?? '');
        record.record({ type: target === config.integrationId || target === 'bot' ? 'handBack' : 'escalate', conversationId: id, call });
        return HttpResponse.json({});
      }
      case 'POST releaseControl':
        record.record({ type: 'resolve', conversationId: id, call });
        return HttpResponse.json({});
      case 'POST activity':
        record.record({ type: 'typing', conversationId: id, call });
        return HttpResponse.json({});
      case 'PATCH ':
        record.record({ type: 'attributes', conversationId: id, call });
        return HttpResponse.json({ conversation: conversation(id) });
      default:
        record.record({ type: 'other', conversationId: id, call });
        return HttpResponse.json({});
    }
  };

  return {
    platform: 'sunshine',
    handlers: [http.all(`${config.apiBase.replace(/\/$/, '')}/v2/apps/${config.appId}/conversations/*`, answer)],
    actions: record.actions,
    newConversation: hex,
    owner: (id) => record.owner(id),
    contactMessage: (id, text) => fromUser(id, { type: 'text', text }),
    choice: (id, choice) => {
      const picked = clicked(record, id, choice);
      if (picked.kind === 'quickReply') return fromUser(id, { type: 'text', text: picked.title, payload: picked.payload });
      return deliver('conversation:postback', {
        conversation: conversation(id),
        user: user(id),
        postback: { payload: picked.payload },
        source: { type: 'web', integrationId: '5ecff63ffc3ab25f4561c8a0' },
      });
    },
    agentMessage: (id, text) =>
      deliver('conversation:message', {
        conversation: conversation(id),
        message: {
          id: hex(),
          received: new Date().toISOString(),
          author: { type: 'business', displayName: 'Bruno' },
          content: { type: 'text', text },
          source: { type: 'zd:agentWorkspace', integrationId: WORKSPACE.integrationId },
        },
      }),
    // Internal notes and ticket tags live in Zendesk's ticket: no Sunshine webhook carries them.
    ...silentAgentActs(record),
    takeOver: (id) => control(id, 'human'),
    handBack: (id) => control(id, 'bot'),
    resolve: (id) => control(id, 'none'),
    drain: () => record.drain(),
    readAnswer: () => undefined,
    reset: () => record.reset(),
  };
}
