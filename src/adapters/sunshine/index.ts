import { keepEmulationOptions } from '../kit/emulation-options.js';
import type { ConversationRef } from '../../core/actions.js';
import { createRestClient } from '../../outbound/rest-client.js';
import type { Adapter } from '../../core/adapter.js';
import { SunshineActions } from './actions.js';
import { mapSunshineError, sunshineErrorFacts } from './errors.js';
import { conversationMemory } from './memory.js';
import { normalizeSunshine } from './normalize.js';
import { resolveSunshineOptions, type SunshineOptions } from './options.js';
import type { SunshineEvent } from './schema.js';
import { verifySunshineApiKey } from './signature.js';
import { capabilitiesOf } from '../kit/capabilities.js';

export type { SunshineOptions, SunshineTokenSource } from './options.js';
export { AGENT_WORKSPACE } from './options.js';
export { normalizeSunshine } from './normalize.js';
export type { SunshineBatch, SunshineNormalizeOptions, EventContext as SunshineEventContext } from './normalize.js';
export { conversationMemory, BoundedMap } from './memory.js';
export type { ConversationMemory } from './memory.js';
export { verifySunshineApiKey } from './signature.js';
export { toSunshineContents } from './messages.js';
export type { SunshineOutgoingContent } from './messages.js';
export { route } from './route.js';
export type { RouteOptions, RoutedAgent, SunshineRouter } from './route.js';
// The wire schemas (zod/mini, built once at load) and their inferred types.
export * from './schema.js';
export type {
  SunshineAuthor,
  SunshineContent,
  SunshineConversation,
  SunshineEnvelope,
  SunshineEvent,
  SunshineSource,
  SunshineSwitchboardIntegration,
  SunshineUser,
} from './schema.js';

const CAPABILITIES = capabilitiesOf(SunshineActions);

/** Sunshine waits 20 s for an answer; the agent answers by 15 s. */
export const SUNSHINE_ACK_TIMEOUT_MS = 15_000;

/**
 * A Zendesk messaging bot through the Sunshine Conversations switchboard: `X-API-Key` verification, every event of
 * a delivery normalized (each in its conversation's lane), ownership from the active switchboard integration,
 * helpers over the Conversations API (messages, typing, passControl / releaseControl / acceptControl, metadata).
 */
export function sunshine(options: SunshineOptions): Adapter<SunshineEvent> {
  const config = resolveSunshineOptions(options);
  const auth = config.auth;
  const client = createRestClient({
    platform: 'sunshine',
    baseUrl: config.apiBase,
    headers:
      'basic' in auth
        ? { authorization: auth.basic, accept: 'application/json' }
        : async () => ({ authorization: `Bearer ${await auth.jwt()}`, accept: 'application/json' }),
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    errorFacts: sunshineErrorFacts,
    mapError: mapSunshineError,
    // The Basic header's base64 (and a JWT's bearer value) are redacted by the client as the credentials it sends.
    secrets: ['basic' in auth ? [auth.keySecret] : [], config.webhookSecrets].flat(),
  });
  const memory = conversationMemory();
  const deps = { client, appId: config.appId, integrationId: config.integrationId, humanIntegration: config.humanIntegration, memory };

  return keepEmulationOptions(
    {
      name: 'sunshine',
      capabilities: CAPABILITIES,
      // Sunshine retries 5xx and timeouts (5 attempts over 15 min), never 400/401/403/404/406.
      redelivery: { unavailable: 503, failed: 500 },
      redact: client.redact,
      ackTimeoutMs: SUNSHINE_ACK_TIMEOUT_MS,
      // Switchboard events name no user: the contact (and its locale) of the conversation's earlier events is kept.
      remembersContact: true,
      ownership: { kind: 'handover-protocol', onHandoffRequest: config.onHandoffRequest },
      verify(delivery) {
        verifySunshineApiKey(delivery, config.webhookSecrets);
      },
      parse(body) {
        const batch = normalizeSunshine(body, { integrationId: config.integrationId, channels: config.channels, memory });
        return batch;
      },
      actions(conversation: ConversationRef) {
        return new SunshineActions(deps, conversation);
      },
    },
    options,
  );
}
