import { Redactor } from '../../core/redact.js';
import { ConfigError, HandoffkitError } from '../../errors.js';
import { createRestClient, type PlatformErrorFacts, type RestClient, type Unwrapped } from '../../outbound/rest-client.js';
import type { IadvizeReply } from './replies.js';

// Asynchronous messages (after the answer to iAdvize's call left): the GraphQL mutation `chatbotMessageSend`, one
// action or message per call, `Authorization: Bearer <token>` on `POST {apiUrl}graphql`.

/** iAdvize's API, whose `graphql` path takes the mutation. */
export const IADVIZE_API_URL = 'https://api.iadvize.com/';

/** The mutation the adapter sends; its variables are the conversation, the bot (an integer) and one action or message. */
export const CHATBOT_MESSAGE_SEND = `mutation ChatbotMessageSend($conversationId: UUID!, $chatbotId: Int!, $actionOrMessage: ChatbotActionOrMessageInput!) {
  chatbotMessageSend(conversationId: $conversationId, chatbotId: $chatbotId, actionOrMessage: $actionOrMessage) {
    userErrors { __typename }
  }
}`;

/** What the GraphQL client needs from the adapter's options. @internal */
export interface IadvizeGraphqlConfig {
  /** The access token (a bearer token), or a function giving the current one. */
  token: string | (() => string | Promise<string>);
  /** The API base URL, ending with `/`. */
  apiUrl: string;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
  /** Retries on 408, 429 and 503 (a message is never sent twice after a network error). */
  retries: number;
  /** Other secrets to redact (the connector's signing secret). */
  secrets: readonly string[];
}

/** The `actionOrMessage` input of one reply; `undefined` for a reply the mutation has no form of (`await`). */
export function actionOrMessageOf(reply: IadvizeReply): Record<string, unknown> | undefined {
  switch (reply.type) {
    case 'message': {
      const text = reply.payload.value;
      if (reply.quickReplies.length === 0) return { chatbotMessage: { chatbotSimpleTextMessage: text } };
      const choices = reply.quickReplies.map((q) => q.value);
      return { chatbotMessage: { chatbotMessageAttachmentInput: { quickReplyMenu: { message: text, choices } } } };
    }
    case 'transfer':
      return {
        chatbotAction: {
          transferMessage: { routingRuleId: reply.distributionRule, transferOptions: { timeout: reply.transferOptions.timeout.value } },
        },
      };
    case 'close':
      return { chatbotAction: { closeMessage: { _unusedField: false } } };
    default:
      return undefined;
  }
}

/** The bot operator as the GraphQL API knows it: the integer of `ha-456678`, and `sd` for an operator of the SD platform. */
export function operatorOf(idOperator: unknown): { chatbotId: number; platform: string | undefined } {
  const match = typeof idOperator === 'string' ? /^(?:([a-z]+)-)?(\d+)$/i.exec(idOperator.trim()) : null;
  if (match === null) {
    throw new HandoffkitError('E_PAYLOAD', `iAdvize GraphQL: the bot operator id ${JSON.stringify(idOperator)} holds no integer (expected e.g. ha-456678).`, {
      details: { adapter: 'iadvize' },
    });
  }
  const prefix = match[1]?.toLowerCase();
  return { chatbotId: Number(match[2]), platform: prefix === 'sd' ? 'sd' : undefined };
}

/** The GraphQL API of one bot: `chatbotMessageSend`, errors (HTTP, `errors[]`, `userErrors`) as `E_PLATFORM_API`. */
export class IadvizeGraphql {
  readonly #client: RestClient;
  // Every token a token function gave, for the log lines' redaction (the client's errors redact what they sent).
  readonly #tokens = new Redactor();

  /** Creates the client; nothing is sent until the first call. */
  constructor(config: IadvizeGraphqlConfig) {
    const { token } = config;
    const headers =
      typeof token === 'string'
        ? { authorization: `Bearer ${token}`, accept: 'application/json' }
        : async () => ({ authorization: `Bearer ${this.#remember(await token())}`, accept: 'application/json' });
    this.#client = createRestClient({
      platform: 'iadvize',
      baseUrl: config.apiUrl,
      headers,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      secrets: [...(typeof token === 'string' ? [token] : []), ...config.secrets],
      unwrap,
      errorFacts: (body) => graphqlErrors(body),
    });
  }

  /** Replaces the token (and the connector's secret) in a text, in every encoding. */
  redact(text: string): string {
    return this.#client.redact(this.#tokens.text(text));
  }

  #remember(token: unknown): string {
    if (!isAccessToken(token)) {
      throw new ConfigError('graphql.token', 'iadvize({ graphql: { token } }): the token function gave no access token (a non-empty string without spaces).');
    }
    this.#tokens.add([token]);
    return token;
  }

  /** Sends one action or message into a conversation. */
  async send(conversationId: string, idOperator: unknown, actionOrMessage: Record<string, unknown>): Promise<void> {
    const { chatbotId, platform } = operatorOf(idOperator);
    await this.#client.send({
      method: 'POST',
      path: 'graphql',
      json: { operationName: 'ChatbotMessageSend', query: CHATBOT_MESSAGE_SEND, variables: { conversationId, chatbotId, actionOrMessage } },
      ...(platform === undefined ? {} : { query: { platform } }),
      once: true,
    });
  }
}

/** A GraphQL answer: `errors[]` (HTTP 200 included) or `userErrors` are failures; else the data. */
function unwrap(body: unknown): Unwrapped {
  const failed = graphqlErrors(body);
  if (failed !== undefined) return { error: failed, status: 200 };
  const data = (body as { data?: { chatbotMessageSend?: { userErrors?: unknown } } } | null)?.data;
  const userErrors = data?.chatbotMessageSend?.userErrors;
  if (Array.isArray(userErrors) && userErrors.length > 0) {
    const kinds = userErrors.map((e) => String((e as { __typename?: unknown })?.__typename ?? 'error'));
    return { error: { message: `chatbotMessageSend refused the message (${kinds.join(', ')})`, details: { userErrors: kinds } }, status: 200 };
  }
  return { data };
}

/** The messages of a GraphQL `errors[]`, when the body has one. */
function graphqlErrors(body: unknown): PlatformErrorFacts | undefined {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const messages = errors.map((e) => (typeof (e as { message?: unknown })?.message === 'string' ? (e as { message: string }).message : 'error'));
  return { message: messages.join('; ').slice(0, 500), details: { errors: messages.length } };
}

/** Whether `value` can be an access token: a non-empty string without spaces. */
export function isAccessToken(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && !/\s/.test(value);
}
