import type { Delivery } from '../../core/delivery.js';
import type { Message, NormalizedEvent } from '../../core/events.js';
import { PayloadError } from '../../errors.js';
import { parsePayload } from '../kit/payload.js';
import { digestOf } from '../../crypto/digest.js';
import { type IadvizeMessage, type IadvizeWebhook, conversationMessageSchema, conversationSchema } from './schema.js';

/** The connector call a delivery is, from its path (any prefix before the connector's own paths). */
export type ConnectorRoute =
  | { kind: 'externalBots' }
  | { kind: 'availability' }
  | { kind: 'bot'; idOperator: string }
  | { kind: 'firstMessages'; idOperator: string }
  | { kind: 'conversations' }
  | { kind: 'messages'; idConversation: string }
  | { kind: 'unknown'; path: string };

/** What the answer to a conversation call repeats: the conversation, its operator, and when it started. */
export interface ConversationFacts {
  /** The conversation id. */
  idConversation: string;
  /** The bot operator's id. */
  idOperator: string;
}

const ROUTES: readonly [RegExp, (m: RegExpMatchArray) => ConnectorRoute][] = [
  [/\/external-bots$/, () => ({ kind: 'externalBots' })],
  [/\/availability-strategies$/, () => ({ kind: 'availability' })],
  [/\/bots\/([^/]+)\/conversation-first-messages$/, (m) => ({ kind: 'firstMessages', idOperator: decode(m[1]!) })],
  [/\/bots\/([^/]+)$/, (m) => ({ kind: 'bot', idOperator: decode(m[1]!) })],
  [/\/conversations\/([^/]+)\/messages$/, (m) => ({ kind: 'messages', idConversation: decode(m[1]!) })],
  [/\/conversations$/, () => ({ kind: 'conversations' })],
];

/** Reads the connector call from a delivery's URL. */
export function routeOf(url: string): ConnectorRoute {
  const path = pathOf(url).replace(/\/+$/, '');
  for (const [pattern, route] of ROUTES) {
    const match = path.match(pattern);
    if (match) return route(match);
  }
  return { kind: 'unknown', path };
}

/** The path of a URL (absolute or not), without its query. */
export function pathOf(url: string): string {
  const noQuery = url.split('?')[0] ?? '';
  return noQuery.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') || '/';
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A verified connector body (`POST /conversations`, `POST /conversations/:id/messages`) as normalized events. */
export function normalizeIadvize(body: unknown, delivery: Delivery): { events: NormalizedEvent<IadvizeWebhook>[]; facts: ConversationFacts } {
  const route = routeOf(delivery.url);
  const query = queryFacts(delivery.url);
  if (route.kind === 'conversations') {
    const started = parsePayload(conversationSchema, body, 'iAdvize POST /conversations body');
    const facts = { idConversation: started.idConversation, idOperator: started.idOperator };
    const event: NormalizedEvent<IadvizeWebhook> = {
      name: 'conversation_started',
      type: 'conversation.created',
      idempotencyKey: `iadvize:conversation:${started.idConversation}`,
      conversationId: started.idConversation,
      ownership: { owner: 'bot' },
      target: { idOperator: started.idOperator, ...query },
      raw: started,
    };
    return { events: [event], facts };
  }
  if (route.kind === 'messages') {
    const posted = parsePayload(conversationMessageSchema, body, 'iAdvize POST /conversations/:id/messages body');
    const facts = { idConversation: route.idConversation, idOperator: posted.idOperator };
    const visitor = posted.message.author.role === 'visitor';
    const message = toMessage(posted.message, delivery, visitor);
    const event: NormalizedEvent<IadvizeWebhook> = {
      // The bot's own messages come back too: only onAny handlers see them.
      name: visitor ? 'message_created' : 'platform_event',
      type: `message.${posted.message.author.role}`,
      idempotencyKey: `iadvize:message:${route.idConversation}:${message.id}`,
      conversationId: route.idConversation,
      message,
      // iAdvize calls the bot only while the bot is the conversation's operator, and synchronously (no queue of
      // late deliveries): a visitor message says the bot owns the conversation now, after a failed transfer too.
      ...(visitor ? { ownership: { owner: 'bot' as const, current: true } } : {}),
      target: { idOperator: posted.idOperator, ...query },
      raw: posted,
    };
    return { events: [event], facts };
  }
  throw new PayloadError(
    `iAdvize ${delivery.method.toUpperCase()} ${route.kind === 'unknown' ? route.path : route.kind} carries no conversation event.`,
    '(path)',
  );
}

/** The `idConnectorVersion` and `idWebsite` query parameters, when given. */
export function queryFacts(url: string): { idConnectorVersion?: string; idWebsite?: string } {
  const at = url.indexOf('?');
  const query = new URLSearchParams(at === -1 ? '' : url.slice(at + 1));
  const version = query.get('idConnectorVersion');
  const website = query.get('idWebsite');
  return { ...(version === null ? {} : { idConnectorVersion: version }), ...(website === null ? {} : { idWebsite: website }) };
}

function toMessage(message: IadvizeMessage, delivery: Delivery, visitor: boolean): Message {
  const { payload } = message;
  const text = typeof payload.value === 'string' ? payload.value : undefined;
  const id = message.idMessage === undefined || message.idMessage === null ? `body:${digestOf([delivery.body])}` : String(message.idMessage);
  const created = message.createdAt ? new Date(message.createdAt) : undefined;
  return {
    id,
    text,
    attachments: [],
    sender: { role: visitor ? 'contact' : 'bot' },
    private: false,
    contentType: payload.contentType,
    ...(created !== undefined && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
  };
}
