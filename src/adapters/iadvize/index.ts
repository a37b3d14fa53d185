import { keepEmulationOptions } from '../kit/emulation-options.js';
import type { ConversationRef } from '../../core/actions.js';
import { type Delivery, jsonAnswer } from '../../core/delivery.js';
import type { NormalizedEvent } from '../../core/events.js';
import { Redactor } from '../../core/redact.js';
import { MemoryStore } from '../../store/memory.js';
import type { Store } from '../../store/types.js';
import type { Adapter } from '../../core/adapter.js';
import { IadvizeActions } from './actions.js';
import { BotConnector, type StoredBotConfig } from './connector.js';
import { IadvizeGraphql } from './graphql.js';
import { type ConversationFacts, normalizeIadvize } from './normalize.js';
import { type IadvizeOptions, resolveIadvizeOptions } from './options.js';
import type { IadvizeReply } from './replies.js';
import type { IadvizeWebhook } from './schema.js';
import { verifyIadvizeSignature } from './signature.js';
import { capabilitiesOf } from '../kit/capabilities.js';

export type { FirstMessagesOption, FirstMessagesRequest, IadvizeAvailability, IadvizeBot, IadvizeGraphqlOptions, IadvizeOptions } from './options.js';
export { actionOrMessageOf, CHATBOT_MESSAGE_SEND, IADVIZE_API_URL, operatorOf } from './graphql.js';
export type { IadvizeQuickReply, IadvizeReply } from './replies.js';
export { MAX_MESSAGE_LENGTH, splitText } from './replies.js';
export type { StoredBotConfig } from './connector.js';
export type { ConnectorRoute, ConversationFacts } from './normalize.js';
export { routeOf } from './normalize.js';
export { verifyIadvizeSignature } from './signature.js';
export { botConfigSchema, conversationMessageSchema, conversationSchema, messageSchema, webhookSchemas } from './schema.js';
export type { IadvizeBotConfig, IadvizeConversation, IadvizeConversationMessage, IadvizeMessage, IadvizeWebhook } from './schema.js';

/** The iAdvize adapter: an `Adapter` plus the operators' bot configurations iAdvize stored. */
export interface IadvizeAdapter extends Adapter<IadvizeWebhook> {
  /** The configuration iAdvize sent for a bot operator (`PUT /bots/:idOperator`), if any. */
  botConfig(idOperator: string): Promise<StoredBotConfig | undefined>;
}

/** The options of {@link iadvize}, with where operator configurations are kept. */
export interface IadvizeAdapterOptions extends IadvizeOptions {
  /** Where `PUT /bots/:idOperator` configurations are kept: give the agent's store to share them. Default: in memory. */
  store?: Store;
}

const CAPABILITIES = capabilitiesOf(IadvizeActions);
// iAdvize waits 10 s for the answer to a conversation call.
const ACK_TIMEOUT_MS = 8_000;
// A failing handler stops early enough for the fail-safe transfer to ride in that answer.
const HANDLER_TIMEOUT_MS = 7_000;

/**
 * An iAdvize connected bot: iAdvize calls the bot's connector endpoints (one handler serves them all) and the bot
 * answers in the HTTP response, whose `replies[]` carry its messages, pauses, transfers and closes.
 */
export function iadvize(options: IadvizeAdapterOptions): IadvizeAdapter {
  const config = resolveIadvizeOptions(options);
  const connector = new BotConnector(config, options.store ?? new MemoryStore());
  const conversations = new WeakMap<Delivery, ConversationFacts>();
  const graphql = config.graphql === undefined ? undefined : new IadvizeGraphql(config.graphql);
  const redact = graphql?.redact.bind(graphql) ?? new Redactor(config.secret === false ? [] : [config.secret]).text;

  return keepEmulationOptions(
    {
      name: 'iadvize',
      capabilities: CAPABILITIES,
      redelivery: { unavailable: 503, failed: 500 },
      ackTimeoutMs: ACK_TIMEOUT_MS,
      handlerTimeoutMs: HANDLER_TIMEOUT_MS,
      // The answer at the ack deadline carries what was collected: iAdvize reads replies from a 200.
      ackStatus: 200,
      ownership: { kind: 'status-field', statuses: { escalated: 'transfer', resolved: 'close' } },
      remembersTarget: true,
      // Escalations are recorded per bot: the bot operator the conversation was given to.
      botIdOf: (conversation) => {
        const id = conversation.target?.idOperator;
        return typeof id === 'string' ? id : undefined;
      },
      handshake: (delivery) => connector.answer(delivery),
      verify(delivery) {
        verifyIadvizeSignature(delivery, config.secret);
      },
      parse(body, delivery) {
        const { events, facts } = normalizeIadvize(body, delivery);
        conversations.set(delivery, facts);
        return { events: events as NormalizedEvent<IadvizeWebhook>[] };
      },
      actions(conversation: ConversationRef, outbox) {
        return new IadvizeActions(config, conversation, outbox, graphql);
      },
      outbox: {
        respond(items, status, delivery) {
          const facts = delivery === undefined ? undefined : conversations.get(delivery);
          const now = new Date().toISOString();
          return jsonAnswer(status, { ...facts, replies: items as IadvizeReply[], createdAt: now, updatedAt: now });
        },
      },
      redact,
      botConfig: (idOperator) => connector.botConfig(idOperator),
    },
    options,
  );
}
