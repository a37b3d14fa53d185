import { keepEmulationOptions } from '../kit/emulation-options.js';
import type { ConversationRef } from '../../core/actions.js';
import { readHeader } from '../../core/delivery.js';
import type { RedeliveryStatuses } from '../../core/failures.js';
import { digestOf } from '../../crypto/digest.js';
import { createRestClient } from '../../outbound/rest-client.js';
import type { NormalizedEvent } from '../../core/events.js';
import type { Adapter } from '../../core/adapter.js';
import { ChatwootActions, explainLabelsError } from './actions.js';
import { normalizeChatwoot } from './normalize.js';
import { type ChatwootOptions, resolveChatwootOptions } from './options.js';
import type { ChatwootWebhook } from './schema.js';
import { verifyChatwootSignature } from './signature.js';
import { capabilitiesOf } from '../kit/capabilities.js';

export type { ChatwootOptions } from './options.js';
export { normalizeChatwoot, OWNER_BY_STATUS } from './normalize.js';
export type { NormalizeOptions as NormalizeChatwootOptions } from './normalize.js';
export { verifyChatwootSignature } from './signature.js';
export { toChatwootMessage } from './messages.js';
export type { ChatwootMessageBody } from './messages.js';
// The wire schemas (zod/mini, built once at load) and their inferred types.
export * from './schema.js';

const CAPABILITIES = capabilitiesOf(ChatwootActions);
const OWN_MESSAGES_KEPT = 1_000;
/** What Chatwoot retries (3 attempts, 3 s apart): 500 for every failure a redelivery can fix. */
const CHATWOOT_REDELIVERY: RedeliveryStatuses = { unavailable: 500, failed: 500 };

/** A Chatwoot AgentBot adapter: signed deliveries to the bot's outgoing URL, helpers over the REST API. */
export function chatwoot(options: ChatwootOptions): Adapter<ChatwootWebhook> {
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

  return keepEmulationOptions(
    {
      name: 'chatwoot',
      capabilities: CAPABILITIES,
      redact: client.redact,
      // Chatwoot waits 5 s, then retries or hands the conversation to humans.
      ackTimeoutMs: 4_000,
      ownership: { kind: 'status-field', statuses: { escalated: 'open', handedBack: 'pending', resolved: 'resolved' } },
      // Chatwoot redelivers only on 429 and 500; any other failure hands a pending conversation to a human.
      redelivery: CHATWOOT_REDELIVERY,
      verify(delivery, { now }) {
        if (config.secrets !== false) verifyChatwootSignature(delivery, config.secrets, now, config.tolerance);
      },
      parse(body, delivery) {
        // Keys from signed bytes only: the timestamp is signed with the body (unless secret: false, then the body alone).
        const signedTimestamp = config.secrets === false ? undefined : readHeader(delivery.headers, 'x-chatwoot-timestamp');
        const digest = (scope: 'body' | 'delivery'): string =>
          digestOf(scope === 'delivery' && signedTimestamp !== undefined ? [`${signedTimestamp}.`, delivery.body] : [delivery.body]);
        // Each event's raw is the body the schemas just checked.
        return { events: normalizeChatwoot(body, { digest, isOwnMessage }) as NormalizedEvent<ChatwootWebhook>[] };
      },
      actions(conversation: ConversationRef) {
        return new ChatwootActions({ client, sent }, conversation);
      },
    },
    options,
  );
}
