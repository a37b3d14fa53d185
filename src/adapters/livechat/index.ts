import { keepEmulationOptions } from '../kit/emulation-options.js';
import type { ConversationRef } from '../../core/actions.js';
import type { RedeliveryStatuses } from '../../core/failures.js';
import { digestOf } from '../../crypto/digest.js';
import type { Adapter } from '../../core/adapter.js';
import { LiveChatActions } from './actions.js';
import { LiveChatApi } from './api.js';
import { normalizeLiveChat } from './normalize.js';
import { type LiveChatOptions, resolveLiveChatOptions } from './options.js';
import type { LiveChatWebhook } from './schema.js';
import { readJson, verifyLiveChatSecret } from './signature.js';
import { capabilitiesOf } from '../kit/capabilities.js';

export type { LiveChatOptions } from './options.js';
export { DEFAULT_API_URL, DEFAULT_API_VERSION } from './options.js';
export { normalizeLiveChat, LIVECHAT_ACTIONS } from './normalize.js';
export type { NormalizeLiveChatOptions } from './normalize.js';
export { verifyLiveChatSecret } from './signature.js';
export { toLiveChatEvents } from './messages.js';
export type { LiveChatOutgoingEvent } from './messages.js';
export { isNoAgentAvailable } from './actions.js';
export type { LiveChatTarget } from './actions.js';
export { BOT_TOKEN_LIFETIME_MS } from './token.js';
export {
  envelopeSchema,
  eventSchema,
  incomingChatSchema,
  incomingEventSchema,
  postbackSchema,
  transferSchema,
  userSchema,
  webhookSchemas,
} from './schema.js';
export type {
  LiveChatEvent,
  LiveChatIncomingChat,
  LiveChatIncomingEvent,
  LiveChatPostback,
  LiveChatTransfer,
  LiveChatUser,
  LiveChatWebhook,
} from './schema.js';

// handBack is absent: a bot cannot take a chat from an agent; agents transfer it back to the bot (or its group).
const CAPABILITIES = capabilitiesOf(LiveChatActions);
/** LiveChat retries any answer but 2xx, up to 3 times within about a minute. */
const LIVECHAT_REDELIVERY: RedeliveryStatuses = { unavailable: 503, failed: 500 };
// LiveChat waits about 10 s for the answer.
const ACK_TIMEOUT_MS = 8_000;
// Its retries end within about a minute: ten minutes of remembered keys cover them with room to spare.
const DEDUPE_TTL_MS = 10 * 60 * 1000;

/**
 * A LiveChat bot agent: webhooks authenticated by their registered `secret_key`, helpers over the Agent Chat API
 * with a bot token (`issue_bot_token`), handoff by `transfer_chat` to a human group.
 */
export function livechat(options: LiveChatOptions): Adapter<LiveChatWebhook> {
  const config = resolveLiveChatOptions(options);
  const api = new LiveChatApi(config);
  const deps = { api, humanGroup: config.humanGroup, namespace: config.clientId };

  return keepEmulationOptions(
    {
      name: 'livechat',
      capabilities: CAPABILITIES,
      ackTimeoutMs: ACK_TIMEOUT_MS,
      dedupeTtlMs: DEDUPE_TTL_MS,
      redelivery: LIVECHAT_REDELIVERY,
      ownership: { kind: 'status-field', statuses: { escalated: 'transferred', resolved: 'deactivated' } },
      // The customer comes with incoming_chat; later events name only an author id.
      remembersContact: true,
      // The thread of the latest event: tags belong to it.
      remembersTarget: true,
      // The agent's log lines pass through it: no secret of the adapter reaches a log.
      redact: api.redact,
      verify(delivery) {
        verifyLiveChatSecret(readJson(delivery), config.webhookSecrets);
      },
      parse(body, delivery) {
        return { events: normalizeLiveChat(body, { botId: config.botId, digest: () => digestOf([delivery.body]) }) };
      },
      actions(conversation: ConversationRef) {
        return new LiveChatActions(deps, conversation);
      },
    },
    options,
  );
}
