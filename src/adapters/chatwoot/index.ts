import type { ConversationRef, HelperName } from '../../core/actions.js';
import { readHeader } from '../../core/delivery.js';
import { createRestClient } from '../../outbound/rest-client.js';
import type { Adapter } from '../types.js';
import { ChatwootActions, explainLabelsError } from './actions.js';
import { normalizeChatwoot } from './normalize.js';
import { type ChatwootOptions, resolveChatwootOptions } from './options.js';
import { verifyChatwootSignature } from './signature.js';

export type { ChatwootOptions } from './options.js';
export { normalizeChatwoot, OWNER_BY_STATUS } from './normalize.js';
export { verifyChatwootSignature } from './signature.js';
export { toChatwootMessage } from './messages.js';

const CAPABILITIES: readonly HelperName[] = ['reply', 'tag', 'untag', 'resolve', 'escalate', 'handBack', 'typing', 'setAttributes'];
const OWN_MESSAGES_KEPT = 1_000;

/** A Chatwoot AgentBot adapter: signed deliveries to the bot's outgoing URL, helpers over the REST API. */
export function chatwoot(options: ChatwootOptions): Adapter {
  const config = resolveChatwootOptions(options);
  const client = createRestClient({
    platform: 'chatwoot',
    baseUrl: `${config.apiBase}api/v1/accounts/${config.accountId}/`,
    headers: { api_access_token: config.botToken, accept: 'application/json' },
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    mapError: explainLabelsError,
    secrets: [config.botToken, ...(config.secrets || [])],
  });
  // Ids of the bot's recent messages: Chatwoot echoes them back, and current servers omit sender.type.
  const own = new Set<string>();
  const sent = (id: string): void => {
    own.add(id);
    if (own.size > OWN_MESSAGES_KEPT) own.delete(own.values().next().value as string);
  };
  const isOwnMessage = (id: string): boolean => own.has(id);

  return {
    name: 'chatwoot',
    capabilities: CAPABILITIES,
    redact: client.redact,
    // Chatwoot waits 5 s, then retries or hands the conversation to humans.
    ackTimeoutMs: 4_000,
    statuses: { escalated: 'open', handedBack: 'pending', resolved: 'resolved' },
    verify(delivery, { now }) {
      if (config.secrets !== false) verifyChatwootSignature(delivery, config.secrets, now, config.tolerance);
    },
    parse(body, delivery) {
      const deliveryId = readHeader(delivery.headers, 'x-chatwoot-delivery');
      return normalizeChatwoot(body, deliveryId === undefined ? { isOwnMessage } : { deliveryId, isOwnMessage });
    },
    actions(conversation: ConversationRef) {
      return new ChatwootActions({ client, sent }, conversation);
    },
  };
}
