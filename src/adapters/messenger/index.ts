import type { ConversationRef, HelperName } from '../../core/actions.js';
import { createRestClient } from '../../outbound/rest-client.js';
import type { Adapter } from '../types.js';
import { MessengerActions } from './actions.js';
import { graphErrorFacts, mapGraphError } from './graph-errors.js';
import { answerMessengerHandshake } from './handshake.js';
import { normalizeMessenger } from './normalize.js';
import { type MessengerOptions, resolveMessengerOptions } from './options.js';
import { verifyMessengerSignature } from './signature.js';

export type { MessengerOptions, MessengerResolveAction } from './options.js';
export { PAGE_INBOX_APP_ID } from './options.js';
export { normalizeMessenger } from './normalize.js';
export type { MessengerBatch, MessengerNormalizeOptions } from './normalize.js';
export { verifyMessengerSignature } from './signature.js';
export type { MessengerSignatureOptions } from './signature.js';
export { answerMessengerHandshake } from './handshake.js';
export { toMessengerMessage } from './messages.js';
export type { MessengerMessage, MessengerQuickReply, MessengerButton } from './messages.js';

const CAPABILITIES: readonly HelperName[] = ['reply', 'resolve', 'escalate', 'handBack', 'typing'];

/**
 * A Messenger adapter (handover protocol): the GET setup check, `X-Hub-Signature-256` verification, every entry
 * and item of a delivery normalized, helpers over the Graph API (Send API, pass/take/request/release thread control).
 */
export function messenger(options: MessengerOptions): Adapter {
  const config = resolveMessengerOptions(options);
  const client = createRestClient({
    platform: 'messenger',
    baseUrl: config.graphBase,
    headers: { accept: 'application/json' },
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    errorFacts: graphErrorFacts(config.pageAccessToken),
    mapError: mapGraphError,
    // The token travels in the URL's query: whatever error text quotes the URL must not show it.
    secrets: [config.pageAccessToken, ...config.secrets, config.verifyToken],
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

  return {
    name: 'messenger',
    capabilities: CAPABILITIES,
    redact: client.redact,
    // Meta expects an answer within 5 s.
    ackTimeoutMs: 4_000,
    onHandoffRequest: config.onHandoffRequest,
    handshake(delivery) {
      return answerMessengerHandshake(delivery, config.verifyToken);
    },
    verify(delivery) {
      verifyMessengerSignature(delivery, config.secrets, { legacySha1: config.legacySha1 });
    },
    parse(body) {
      const batch = normalizeMessenger(body, { appId: config.appId });
      if (batch.appRole !== undefined) role = batch.appRole;
      return batch.errors.length === 0 ? batch.events : { events: batch.events, errors: batch.errors };
    },
    actions(conversation: ConversationRef) {
      return new MessengerActions(deps, conversation);
    },
  };
}
