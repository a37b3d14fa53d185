import { keepEmulationOptions } from '../kit/emulation-options.js';
import type { ConversationRef } from '../../core/actions.js';
import type { NormalizedEvent } from '../../core/events.js';
import type { Adapter } from '../../core/adapter.js';
import { MessengerActions } from './actions.js';
import { createGraphClient } from '../meta/graph-client.js';
import { graphErrorMapper, isMessengerNotOwner } from '../meta/graph-errors.js';
import { answerMessengerHandshake } from './handshake.js';
import { verifyMetaSignature } from '../meta/signature.js';
import { normalizeMessenger } from './normalize.js';
import { type MessengerOptions, resolveMessengerOptions } from './options.js';
import type { MessengerItem } from './schema.js';
import { capabilitiesOf } from '../kit/capabilities.js';

export type { MessengerOptions, MessengerResolveAction } from './options.js';
export { PAGE_INBOX_APP_ID } from './options.js';
export { normalizeMessenger } from './normalize.js';
export type { MessengerBatch, MessengerNormalizeOptions } from './normalize.js';
export { verifyMetaSignature as verifyMessengerSignature } from '../meta/signature.js';
export type { MetaSignatureOptions as MessengerSignatureOptions } from '../meta/signature.js';
export { answerMessengerHandshake } from './handshake.js';
export { toMessengerMessage } from './messages.js';
export type { MessengerMessage, MessengerQuickReply, MessengerButton } from './messages.js';
// The wire schemas (zod/mini, built once at load) and their inferred types.
export * from './schema.js';

const CAPABILITIES = capabilitiesOf(MessengerActions);

/**
 * The default dedupe window: Meta retries a failed delivery for up to 36 hours (by some of its pages), plus a margin.
 * Items whose own timestamp is older are refused, since Meta signs no timestamp a replay could be told by.
 */
export const MESSENGER_DEDUPE_TTL_MS = 48 * 60 * 60 * 1000;

/**
 * A Messenger adapter (handover protocol): the GET setup check, `X-Hub-Signature-256` verification, every entry
 * and item of a delivery normalized, helpers over the Graph API (Send API, pass/take/request/release thread control).
 */
export function messenger(options: MessengerOptions): Adapter<MessengerItem> {
  const config = resolveMessengerOptions(options);
  const client = createGraphClient({
    platform: 'messenger',
    graphBase: config.graphBase,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    accessToken: config.pageAccessToken,
    // The token travels in the URL's query of each call.
    auth: 'query',
    secrets: [...config.secrets, config.verifyToken],
    mapError: graphErrorMapper({ platform: 'messenger', label: 'Messenger', notOwner: isMessengerNotOwner }),
  });
  // The role decides how handBack() gets control back; an app_roles event from Meta updates it.
  let role = config.role;
  const deps = {
    client,
    accessToken: config.pageAccessToken,
    humanAppId: config.humanAppId,
    resolve: config.resolve,
    role: () => role,
  };

  return keepEmulationOptions(
    {
      name: 'messenger',
      capabilities: CAPABILITIES,
      // Meta redelivers a failed delivery on any non-2xx status (and disables a webhook that keeps failing).
      redelivery: { unavailable: 503, failed: 500 },
      redact: client.redact,
      // Meta expects an answer within 5 s.
      ackTimeoutMs: 4_000,
      dedupeTtlMs: MESSENGER_DEDUPE_TTL_MS,
      ownership: { kind: 'handover-protocol', onHandoffRequest: config.onHandoffRequest },
      handshake(delivery) {
        return answerMessengerHandshake(delivery, config.verifyToken);
      },
      verify(delivery) {
        verifyMetaSignature(delivery, config.secrets, { legacySha1: config.legacySha1 });
      },
      parse(body) {
        const batch = normalizeMessenger(body, { appId: config.appId });
        if (batch.appRole !== undefined) role = batch.appRole;
        // Each event's raw is the item the schemas just checked.
        const events = batch.events as NormalizedEvent<MessengerItem>[];
        return batch.errors.length === 0 ? { events } : { events, errors: batch.errors };
      },
      actions(conversation: ConversationRef) {
        return new MessengerActions(deps, conversation);
      },
    },
    options,
  );
}
