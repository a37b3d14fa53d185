// A stand-in for a Qualtrics Social Connect account: mentions posted by an automation recipe, signed
// base64(HMAC-SHA256(client secret, body)), and msw handlers answering the Engagor API the adapter calls (replies,
// contact tags, mention updates, the handover endpoints), recorded as normalized actions. Ownership is the
// contact's escalation tag (mode 'tag') or the native handover: an agent's take-over or hand-back changes the
// contact in the API, and the bot sees it with the contact's next mention.
import { createHmac } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import type { Delivery } from '../../core/delivery.js';
import { asJson, EmulatorRecord, jsonDelivery, readCall, type EmulatedCall, type Json, type PlatformEmulator } from '../kit/emulator.js';
import { resolveQualtricsOptions, type QualtricsOptions } from './options.js';

const WEBHOOK = 'https://bot.example.com/qualtrics';
const TOPIC = 46283;
const envelope = (response: unknown): Response => HttpResponse.json({ meta: { code: 200 }, response });

/** An emulated Social Connect account for the adapter built with `options`. */
export function qualtricsEmulator(options: QualtricsOptions): PlatformEmulator {
  const config = resolveQualtricsOptions(options);
  const record = new EmulatorRecord();
  const tags = new Map<string, string[]>();
  let mentions = 4_376_935_887_850_000;
  let published = 0;
  const sign = (body: Json): Delivery => {
    const text = JSON.stringify(body);
    const headers: Record<string, string> =
      config.secrets === false
        ? {}
        : {
            'x-signature': createHmac('sha256', config.secrets[0] as string)
              .update(text)
              .digest('base64'),
          };
    return jsonDelivery(WEBHOOK, text, headers);
  };
  const mention = (conversation: string, text: string, managed: boolean): Delivery[] => {
    const [service, author] = conversation.split(':') as [string, string];
    const id = String((mentions += 1));
    const api = `${config.apiBase}${config.accountId}/publisher/add/?type=reply&topic_id=${TOPIC}&mention_id=${id}`;
    return [
      sign({
        id,
        unique_id: `${TOPIC}_${id}`,
        message: { content: text, type: 'tweet', language: 'en' },
        source: { category: 'social', type: 'SearchProviderTwitter', service, id: String(mentions), domain: 'twitter.com' },
        topic: { id: TOPIC, name: 'Support' },
        status: 'new',
        date: { added: Math.floor(Date.now() / 1000) },
        tags: [],
        author: managed ? { id: 900100, name: 'Acme Support', managed: true } : { id: Number(author), name: 'Ana Souza', managed: false },
        action_links: [{ key: 'reply', type: 'api', link: api, http_method: 'POST' }],
      }),
    ];
  };
  const setTag = (conversation: string, on: boolean): Delivery[] => {
    const current = (tags.get(conversation) ?? []).filter((t) => t.toLowerCase() !== config.escalationTag.toLowerCase());
    tags.set(conversation, on ? [...current, config.escalationTag] : current);
    record.setOwner(conversation, on ? 'human' : 'bot');
    // Nothing is posted: the recipe posts the contact's next mention, and the bot reads the tags then.
    return [];
  };
  const conversationOf = (path: string): string => {
    const match = /\/inbox\/(?:contact|handover)\/([^/]+)\/([^/]+)$/.exec(path);
    return match === null ? '' : `${match[1]}:${match[2]}`;
  };
  const tagged = (conversation: string, body: Json, call: EmulatedCall): Response => {
    const asked = (asJson(JSON.parse(String(body.updates ?? '{}'))).tags as string[] | undefined) ?? [];
    const mode = asJson(JSON.parse(String(body.options ?? '{}'))).tags_edit_mode ?? 'update';
    const current = tags.get(conversation) ?? [];
    const next =
      mode === 'add' ? [...current, ...asked.filter((t) => !current.includes(t))] : mode === 'delete' ? current.filter((t) => !asked.includes(t)) : asked;
    tags.set(conversation, next);
    const escalation = asked.some((t) => t.toLowerCase() === config.escalationTag.toLowerCase());
    const type = escalation ? (mode === 'delete' ? 'handBack' : 'escalate') : mode === 'delete' ? 'untag' : 'tag';
    record.record({ type, conversationId: conversation, tags: asked, call });
    return envelope({ id: 'ct-77', tags: next });
  };

  const answer = async ({ request }: { request: Request }): Promise<Response> => {
    const call = await readCall(request);
    const body = asJson(call.body);
    const query = new URL(request.url).searchParams;
    if (call.path.endsWith('/publisher/add')) {
      if (call.method === 'GET') return envelope({ services: [{ type: 'twitter', service_id: '900100' }], options: { max_length: 10000 } });
      const mentionId = String(body.mention_id ?? query.get('mention_id') ?? '');
      const author = authorOfMention.get(mentionId) ?? '';
      record.record({ type: 'reply', conversationId: author, text: String(body.message ?? ''), call });
      return envelope({ messages: [{ id: `msg-${(published += 1)}` }], publisher_mention: { id: `pm-${published}`, status: body.status } });
    }
    const conversation = conversationOf(call.path);
    if (call.path.includes('/inbox/contact/')) {
      if (call.method === 'GET') return envelope({ id: 'ct-77', tags: tags.get(conversation) ?? [] });
      return tagged(conversation, body, call);
    }
    if (call.path.includes('/inbox/handover/')) {
      record.record({ type: call.method === 'POST' ? 'escalate' : 'handBack', conversationId: conversation, call });
      return envelope({ owner: call.method === 'POST' ? 'engage' : 'application' });
    }
    record.record({ type: 'other', conversationId: authorOfMention.get(call.path.split('/').at(-1) ?? '') ?? '', call });
    return envelope({ id: call.path.split('/').at(-1) });
  };
  // The conversation of each mention posted, for the replies to it.
  const authorOfMention = new Map<string, string>();
  const posted = (conversation: string, deliveries: Delivery[]): Delivery[] => {
    for (const delivery of deliveries) authorOfMention.set(String(asJson(JSON.parse(String(delivery.body))).id), conversation);
    return deliveries;
  };

  return {
    platform: 'qualtrics',
    handlers: [http.all(`${config.apiBase}${config.accountId}/*`, answer)],
    actions: record.actions,
    newConversation: () => `twitter:${Math.floor(1e9 + Math.random() * 8e9)}`,
    owner: (id) => record.owner(id),
    contactMessage: (id, text) => posted(id, mention(id, text, false)),
    // A mention has no buttons (the adapter sends text only): a choice is the contact writing the option's title.
    choice: (id, choice) => posted(id, mention(id, choice.title, false)),
    agentMessage: (id, text) => posted(id, mention(id, text, true)),
    // Social Connect's internal notes stay with the agents: the recipe posts mentions only.
    agentNote: () => [],
    // Tags live on the contact: in mode 'tag' the escalation tag moves the conversation (added: the agents', removed: the bot's),
    // and nothing is posted: the bot reads the contact's tags with the next mention.
    agentLabels: (id, change) => {
      const escalation = config.escalationTag.toLowerCase();
      const removed = new Set((change.remove ?? []).map((t) => t.toLowerCase()));
      const kept = (tags.get(id) ?? []).filter((t) => !removed.has(t.toLowerCase()));
      const added = (change.add ?? []).filter((t) => !kept.some((k) => k.toLowerCase() === t.toLowerCase()));
      tags.set(id, [...kept, ...added]);
      if (config.mode === 'tag' && added.some((t) => t.toLowerCase() === escalation)) record.setOwner(id, 'human');
      else if (config.mode === 'tag' && removed.has(escalation)) record.setOwner(id, 'bot');
      return [];
    },
    labels: (id) => [...(tags.get(id) ?? [])],
    takeOver: (id) => setTag(id, true),
    handBack: (id) => setTag(id, false),
    // Closing the case in Social Connect removes the escalation: the contact's next mention goes to the bot.
    resolve: (id) => setTag(id, false),
    drain: () => record.drain(),
    readAnswer: () => undefined,
    reset: () => {
      record.reset();
      tags.clear();
      authorOfMention.clear();
    },
  };
}
