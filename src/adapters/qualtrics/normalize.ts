import type { Contact, Message, NormalizedEvent } from '../../core/events.js';
import { parsePayload } from '../kit/payload.js';
import { emptyRecord } from '../kit/records.js';
import { mentionSchema, type QualtricsMention } from './schema.js';

/** What the adapter remembers of a contact's latest mention: where replies, tags and handovers go. */
export type MentionTarget = {
  /** The conversation: `<service>:<author id>` (an author id is unique per channel only), the author id without a channel. */
  conversationId: string;
  /** The author's id on the channel (the `{id}` of contact and handover paths). Absent in targets saved by older versions: the conversation id then. */
  authorId?: string;
  /** The mention's id (`mention_id` of replies). */
  mentionId: string;
  /** The mention's topic (`topic_id` of replies, `topic_ids` of contact calls). */
  topicId: string;
  /** The channel, e.g. `twitter`, `whatsapp` (`{service}` of contact and handover paths). */
  service: string | undefined;
  /** Whether the mention is a private message (replied to with `privatemessage`, else with `reply`). */
  private: boolean;
  /** The query of the mention's own `publisher/add` link (its `action_links` entry of type `api`), when it has one. */
  replyQuery?: Record<string, string>;
};

/** Options of {@link normalizeQualtrics}. */
export interface NormalizeQualtricsOptions {
  /** Overrides the private-message rule of {@link isPrivateMention}. */
  isPrivateMessage?: ((mention: QualtricsMention) => boolean) | undefined;
}

/** The result of normalizing one recipe webhook. */
export interface NormalizedMention {
  /** The normalized events (one). */
  events: NormalizedEvent[];
  /** Where helpers act for this mention's contact. */
  target: MentionTarget;
}

/** `message.type` words that mark a private message. */
const PRIVATE_TYPES: ReadonlySet<string> = new Set(['privatemessage', 'private_message', 'private', 'directmessage', 'direct_message', 'dm']);
/** Channels that only carry private conversations (the contact types the API asks `topic_ids` for). */
const PRIVATE_SERVICES: ReadonlySet<string> = new Set(['whatsapp', 'web', 'viber', 'twilio', 'wechat']);

/**
 * The default private-message rule: a mention is private when its `message.type` says so (`privatemessage`, `dm`, …)
 * or when its channel (`source.service`) only has private conversations (WhatsApp, Live Chat `web`, Viber, Twilio,
 * WeChat); anything else (a tweet, a comment) is public.
 */
export function isPrivateMention(mention: QualtricsMention): boolean {
  const type = mention.message?.type?.toLowerCase();
  if (type !== undefined && PRIVATE_TYPES.has(type)) return true;
  const service = mention.source?.service?.toLowerCase();
  return service !== undefined && PRIVATE_SERVICES.has(service);
}

/**
 * The conversation id of a channel's author: `<service>:<author id>` (e.g. `twitter:42`), since a Twitter author 42
 * and a Facebook author 42 are different people; the author id alone when the mention names no channel.
 */
export function qualtricsConversationId(service: string | undefined, authorId: string | number): string {
  return service === undefined ? String(authorId) : `${service.toLowerCase()}:${String(authorId)}`;
}

/** Where helpers act for a mention's contact: the author, the mention, its topic and channel, private or not. */
export function mentionTarget(mention: QualtricsMention, options: NormalizeQualtricsOptions = {}): MentionTarget {
  const service = mention.source?.service ? mention.source.service.toLowerCase() : undefined;
  const authorId = String(mention.author.id);
  const target: MentionTarget = {
    conversationId: qualtricsConversationId(service, authorId),
    authorId,
    mentionId: String(mention.id),
    topicId: String(mention.topic.id),
    service,
    private: (options.isPrivateMessage ?? isPrivateMention)(mention),
  };
  const replyQuery = apiReplyQuery(mention);
  if (replyQuery !== undefined) target.replyQuery = replyQuery;
  return target;
}

/**
 * The query of the mention's `publisher/add` link (`action_links` entry of type `api`, POST), e.g.
 * `{ type: 'reply', topic_id, mention_id }`. Only the query is kept: the call goes to the configured API host, so
 * that a link naming another host never receives the access token.
 */
function apiReplyQuery(mention: QualtricsMention): Record<string, string> | undefined {
  for (const link of mention.action_links ?? []) {
    if (link?.type !== 'api' || typeof link.link !== 'string') continue;
    if (link.http_method != null && link.http_method.toUpperCase() !== 'POST') continue;
    let url: URL;
    try {
      url = new URL(link.link);
    } catch {
      continue;
    }
    if (!/\/publisher\/add\/?$/.test(url.pathname)) continue;
    const query = emptyRecord<string>();
    for (const [key, value] of url.searchParams) if (key !== 'access_token') query[key] = value;
    return query;
  }
  return undefined;
}

/** Turns a recipe webhook's body (the mention object) into a normalized event and its reply target (pure). */
export function normalizeQualtrics(body: unknown, options: NormalizeQualtricsOptions = {}): NormalizedMention {
  const mention = parsePayload(mentionSchema, body, 'Qualtrics mention');
  const target = mentionTarget(mention, options);
  const { conversationId, service } = target;
  const authorId = target.authorId ?? conversationId;
  const attributes = emptyRecord();
  if (service !== undefined) attributes.service = service;
  // The contact keeps the channel's author id; the conversation id adds the channel.
  const contact: Contact = { id: authorId, attributes };
  if (mention.author.name) contact.name = mention.author.name;
  if (mention.message?.language) contact.locale = mention.message.language;

  if (mention.author.managed === true) {
    // Written by one of the account's own profiles (an agent's or the bot's reply): not a contact's message.
    // onAny handlers see it; it neither runs message handlers nor reads any tags.
    return {
      events: [{ name: 'platform_event', type: 'mention.managed', idempotencyKey: target.mentionId, conversationId, contact, raw: body }],
      target,
    };
  }

  const message: Message = {
    id: target.mentionId,
    // `stripped_content` is `content` without HTML (mail, live chat); older payloads only carry `content`.
    text: mention.message?.stripped_content ?? mention.message?.content ?? undefined,
    attachments: [],
    sender: { role: 'contact', id: authorId, ...(mention.author.name ? { name: mention.author.name } : {}) },
    // A contact's private message is not a private note: `private` stays for agent-only notes.
    private: false,
  };
  if (mention.message?.type) message.contentType = mention.message.type;
  const added = mention.date?.added;
  if (typeof added === 'number' && Number.isFinite(added)) message.createdAt = new Date(added * 1000);

  return {
    events: [{ name: 'message_created', type: 'mention', idempotencyKey: target.mentionId, conversationId, contact, message, raw: body }],
    target,
  };
}
