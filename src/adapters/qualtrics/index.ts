import { keepEmulationOptions } from '../kit/emulation-options.js';
import type { ConversationRef } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';
import type { TagOwnership } from '../../core/tag-ownership.js';
import type { NormalizedEvent } from '../../core/events.js';
import type { Adapter } from '../../core/adapter.js';
import { QualtricsActions } from './actions.js';
import { createEngagorClient } from './client.js';
import { readContactTags } from './contacts.js';
import { type MentionTarget, mentionTarget, normalizeQualtrics } from './normalize.js';
import { type QualtricsOptions, resolveQualtricsOptions } from './options.js';
import { mentionSchema, type QualtricsWebhook } from './schema.js';
import { verifyQualtricsSignature } from './signature.js';
import { capabilitiesOf } from '../kit/capabilities.js';

export type { QualtricsOptions } from './options.js';
export { DEFAULT_ESCALATION_TAG, DEFAULT_API_URL } from './options.js';
// The wire schemas (zod/mini, built once at load) and their inferred types.
export * from './schema.js';
export { normalizeQualtrics, isPrivateMention, mentionTarget } from './normalize.js';
export type { MentionTarget, NormalizedMention, NormalizeQualtricsOptions } from './normalize.js';
export { verifyQualtricsSignature } from './signature.js';

// No resolve: Social Connect closes mentions and cases, not a contact's conversation, and the status words are per account.
const CAPABILITIES = capabilitiesOf(QualtricsActions);

/**
 * A Qualtrics Social Connect adapter: an automation recipe posts each mention (`[mention]`) to the webhook; the bot
 * answers through the Engagor API and hands contacts to agents with an escalation tag (or the native handover).
 */
export function qualtrics(options: QualtricsOptions): Adapter<QualtricsWebhook> {
  const config = resolveQualtricsOptions(options);
  const client = createEngagorClient({
    baseUrl: config.apiBase,
    accountId: config.accountId,
    accessToken: config.accessToken,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    secrets: config.secrets || [],
  });

  const tagOwnership: TagOwnership = {
    tag: config.escalationTag,
    ...(config.onTagReadError === undefined ? {} : { onReadError: config.onTagReadError }),
    ...(config.tagCacheMs === undefined ? {} : { botCacheMs: config.tagCacheMs }),
    readTags(contactId, event) {
      // The mention the event came from tells its own channel and topic, whatever arrived since.
      const parsed = mentionSchema.safeParse(event.raw);
      const target = parsed.success ? mentionTarget(parsed.data) : (event.target as MentionTarget | undefined);
      if (target === undefined) {
        return Promise.reject(new HandoffkitError('E_PLATFORM_API', `No mention of contact ${contactId} tells its channel and topic.`));
      }
      return readContactTags(client, target);
    },
  };

  return keepEmulationOptions(
    {
      name: 'qualtrics',
      capabilities: CAPABILITIES,
      // Social Connect recipes: no retry policy is documented; the usual statuses.
      redelivery: { unavailable: 503, failed: 500 },
      redact: client.redact,
      ...(config.mode === 'tag' ? { ownership: { kind: 'contact-tag', tags: tagOwnership } as const } : {}),
      verify(delivery) {
        if (config.secrets !== false) verifyQualtricsSignature(delivery, config.secrets);
      },
      // Replies attach to the contact's latest mention: the agent keeps it (in the store) for later helpers.
      remembersTarget: true,
      parse(body) {
        const { events, target } = normalizeQualtrics(body, { isPrivateMessage: config.isPrivateMessage });
        for (const event of events) if (event.name === 'message_created') event.target = target;
        // Each event's raw is the mention the schema just checked.
        return { events: events as NormalizedEvent<QualtricsWebhook>[] };
      },
      actions(conversation: ConversationRef) {
        return new QualtricsActions(
          {
            client,
            escalationTag: config.escalationTag,
            mode: config.mode,
            replyStatus: config.replyStatus,
            profiles: config.profiles,
            reasonAsMentionTag: config.reasonAsMentionTag,
          },
          conversation,
        );
      },
    },
    options,
  );
}
