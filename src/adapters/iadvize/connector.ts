import type { OutgoingMessage } from '../../core/actions.js';
import { type Answer, bodyText, byteLength, type Delivery, jsonAnswer } from '../../core/delivery.js';
import { HandoffkitError, HTTP_STATUS_BY_CODE, PayloadError } from '../../errors.js';
import { parsePayload } from '../kit/payload.js';
import type { Store } from '../../store/types.js';
import { queryFacts, routeOf } from './normalize.js';
import type { ResolvedIadvizeOptions } from './options.js';
import { messageReplies } from './replies.js';
import { botConfigSchema } from './schema.js';
import { verifyIadvizeSignature } from './signature.js';

/** An operator's bot configuration as the adapter keeps it (what `PUT /bots/:idOperator` sent, with its times). */
export interface StoredBotConfig {
  /** The bot operator's id. */
  idOperator: string;
  /** The body iAdvize sent. */
  config: Record<string, unknown>;
  /** The scenario chosen (`external.idBot`). */
  idBot: string;
  /** When it was first stored (ISO 8601). */
  createdAt: string;
  /** When it was last stored (ISO 8601). */
  updatedAt: string;
}

// iAdvize gives up on conversation-first-messages after 2 s: answer before it does.
const FIRST_MESSAGES_DEADLINE_MS = 1_500;
const MAX_CONFIG_BYTES = 64 * 1024;

/**
 * The bot connector's configuration calls (everything but the conversation events), answered at once; `undefined`
 * for the two conversation calls, which the agent handles as deliveries.
 */
export class BotConnector {
  readonly #config: ResolvedIadvizeOptions;
  readonly #store: Store;
  readonly #now: () => number;

  constructor(config: ResolvedIadvizeOptions, store: Store, now: () => number = Date.now) {
    this.#config = config;
    this.#store = store;
    this.#now = now;
  }

  /** Answers a configuration call, or returns `undefined` for a conversation event. */
  answer(delivery: Delivery): Promise<Answer> | undefined {
    const route = routeOf(delivery.url);
    const method = delivery.method.toUpperCase();
    if ((route.kind === 'conversations' || route.kind === 'messages') && method === 'POST') return undefined;
    return this.#answer(route, method, delivery).catch(errorAnswer);
  }

  /** The stored configuration of one bot operator. */
  botConfig(idOperator: string): Promise<StoredBotConfig | undefined> {
    return this.#store.get<StoredBotConfig>(configKey(idOperator));
  }

  async #answer(route: ReturnType<typeof routeOf>, method: string, delivery: Delivery): Promise<Answer> {
    if (route.kind === 'unknown')
      return notFound(
        `No bot connector endpoint at ${method} ${route.path}: iAdvize calls /external-bots, /bots/:idOperator, /availability-strategies, /bots/:idOperator/conversation-first-messages, /conversations and /conversations/:id/messages.`,
      );
    const allowed = route.kind === 'bot' ? ['GET', 'PUT'] : route.kind === 'conversations' || route.kind === 'messages' ? ['POST'] : ['GET'];
    if (!allowed.includes(method)) {
      const answer = jsonAnswer(405, new HandoffkitError('E_METHOD', `Method ${method} is not allowed here: use ${allowed.join(' or ')}.`).toJSON());
      answer.headers.allow = allowed.join(', ');
      return answer;
    }
    verifyIadvizeSignature(delivery, this.#config.secret);
    switch (route.kind) {
      case 'externalBots':
        return jsonAnswer(
          200,
          this.#config.bots.map((bot) => ({ ...bot })),
        );
      case 'availability':
        return jsonAnswer(200, this.#config.availability);
      case 'bot':
        return method === 'PUT' ? this.#putBot(route.idOperator, delivery) : this.#getBot(route.idOperator);
      default:
        return this.#firstMessages(route.kind === 'firstMessages' ? route.idOperator : '', delivery.url);
    }
  }

  async #putBot(idOperator: string, delivery: Delivery): Promise<Answer> {
    if (byteLength(delivery.body) > MAX_CONFIG_BYTES) throw new HandoffkitError('E_BODY_TOO_LARGE', `The bot configuration is over ${MAX_CONFIG_BYTES} bytes.`);
    let json: unknown;
    try {
      json = JSON.parse(bodyText(delivery.body));
    } catch {
      throw new PayloadError('iAdvize PUT /bots/:idOperator body: not JSON.', '(body)');
    }
    const body = parsePayload(botConfigSchema, json, 'iAdvize PUT /bots/:idOperator body');
    if (!this.#config.bots.some((bot) => bot.idBot === body.external.idBot)) {
      throw new PayloadError(
        `iAdvize PUT /bots/:idOperator body: field "external.idBot" names no scenario of this bot (${this.#config.bots.map((b) => b.idBot).join(', ')}).`,
        'external.idBot',
      );
    }
    const now = new Date(this.#now()).toISOString();
    const previous = await this.botConfig(idOperator);
    const stored: StoredBotConfig = { idOperator, config: body, idBot: body.external.idBot, createdAt: previous?.createdAt ?? now, updatedAt: now };
    await this.#store.set(configKey(idOperator), stored);
    return jsonAnswer(200, this.#botAnswer(stored));
  }

  async #getBot(idOperator: string): Promise<Answer> {
    const stored = await this.botConfig(idOperator);
    if (stored === undefined) return notFound(`No configuration for bot operator ${idOperator}: iAdvize sends it with PUT /bots/${idOperator}.`);
    return jsonAnswer(200, this.#botAnswer(stored));
  }

  #botAnswer(stored: StoredBotConfig): Record<string, unknown> {
    const bot = this.#config.bots.find((b) => b.idBot === stored.idBot) ?? { idBot: stored.idBot };
    return { idOperator: stored.idOperator, external: { ...bot }, createdAt: stored.createdAt, updatedAt: stored.updatedAt };
  }

  async #firstMessages(idOperator: string, url: string): Promise<Answer> {
    const option = this.#config.firstMessages;
    if (option === undefined) return jsonAnswer(200, { replies: [] });
    const { idConnectorVersion, idWebsite } = queryFacts(url);
    const listed = typeof option === 'function' ? option({ idOperator, idConnectorVersion, idWebsite }) : option;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, FIRST_MESSAGES_DEADLINE_MS, undefined);
    });
    try {
      // A handler too slow for iAdvize's 2 s: the conversation opens without first messages rather than failing.
      const messages = await Promise.race([Promise.resolve(listed), late]);
      const replies = (messages ?? []).flatMap((m) => messageReplies(typeof m === 'string' ? { text: m } : (m as OutgoingMessage)));
      return jsonAnswer(200, { replies });
    } finally {
      clearTimeout(timer);
    }
  }
}

function configKey(idOperator: string): string {
  return `iadvize:bot:${idOperator}`;
}

function notFound(message: string): Answer {
  return jsonAnswer(404, { error: { code: 'E_NOT_FOUND', message } });
}

function errorAnswer(error: unknown): Answer {
  if (error instanceof HandoffkitError) return jsonAnswer(HTTP_STATUS_BY_CODE[error.code], error.toJSON());
  return jsonAnswer(500, { error: { code: 'E_HANDLER', message: 'The bot connector call could not be handled.' } });
}
