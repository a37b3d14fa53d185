import { keepEmulationOptions } from '../kit/emulation-options.js';
import type { ConversationRef } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';
import type { Adapter } from '../../core/adapter.js';
import { createGraphClient } from '../meta/graph-client.js';
import { answerMetaHandshake } from '../meta/handshake.js';
import { verifyMetaSignature } from '../meta/signature.js';
import { WhatsAppActions } from './actions.js';
import { whatsappErrorMapper } from './graph-errors.js';
import { normalizeWhatsApp } from './normalize.js';
import { resolveWhatsAppOptions, type WhatsAppOptions } from './options.js';
import type { WhatsAppItem } from './schema.js';
import { capabilitiesOf } from '../kit/capabilities.js';

export type { RoutingRole, WhatsAppOptions, WhatsAppTemplate } from './options.js';
export { normalizeWhatsApp } from './normalize.js';
export type { WhatsAppBatch } from './normalize.js';
export { toWhatsAppMessages } from './messages.js';
export type { WhatsAppOutgoing } from './messages.js';
export { REENGAGEMENT_CODE, RATE_LIMIT_CODES } from './graph-errors.js';
// The wire schemas (zod/mini, built once at load) and their inferred types.
export * from './schema.js';

const CAPABILITIES = capabilitiesOf(WhatsAppActions);

/** Meta retries a failed delivery for up to 36 hours (7 days by another of its pages): the dedupe window, with a margin. */
export const WHATSAPP_DEDUPE_TTL_MS = 48 * 60 * 60 * 1000;

/** A media object of the Cloud API: where to download it (with the access token, for about 5 minutes) and what it is. */
export interface WhatsAppMedia {
  /** The media id. */
  id: string;
  /** The download URL; the download needs the access token as a bearer token. */
  url: string;
  /** The MIME type, when given. */
  mimeType?: string;
  /** The size in bytes, when given. */
  fileSize?: number;
  /** The SHA-256 of the file, when given. */
  sha256?: string;
}

/** The WhatsApp adapter: an `Adapter`, plus the media lookup of attachments (which arrive by media id). */
export interface WhatsAppAdapter extends Adapter<WhatsAppItem> {
  /** `GET /<media-id>`: the download URL of an attachment's media id (`ctx.message.attachments[i].id`). */
  mediaUrl(mediaId: string): Promise<WhatsAppMedia>;
}

/**
 * A WhatsApp Cloud API adapter with Conversation Routing: the GET setup check, `X-Hub-Signature-256` verification,
 * every entry, change and item normalized (messages, statuses, handovers, standby), helpers over the Graph API
 * (messages, read + typing, `thread_control` pass / take / release).
 */
export function whatsapp(options: WhatsAppOptions): WhatsAppAdapter {
  const config = resolveWhatsAppOptions(options);
  const client = createGraphClient({
    platform: 'whatsapp',
    graphBase: config.graphBase,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    accessToken: config.accessToken,
    auth: 'bearer',
    secrets: [...config.secrets, config.verifyToken],
    mapError: whatsappErrorMapper(config.notOwnerCodes),
  });
  const deps = { client, phoneNumberId: config.phoneNumberId, role: config.role, templates: config.templates };

  return keepEmulationOptions(
    {
      name: 'whatsapp',
      capabilities: CAPABILITIES,
      // Meta redelivers on any non-2xx status (and disables a webhook that keeps failing).
      redelivery: { unavailable: 503, failed: 500 },
      redact: client.redact,
      // Meta expects an answer within a few seconds.
      ackTimeoutMs: 4_000,
      dedupeTtlMs: WHATSAPP_DEDUPE_TTL_MS,
      // typing() marks the contact's last message read: the agent keeps it per conversation.
      remembersTarget: true,
      handshake(delivery) {
        return answerMetaHandshake(delivery, config.verifyToken, 'WhatsApp');
      },
      verify(delivery) {
        verifyMetaSignature(delivery, config.secrets);
      },
      parse(body) {
        return normalizeWhatsApp(body);
      },
      actions(conversation: ConversationRef) {
        return new WhatsAppActions(deps, conversation);
      },
      async mediaUrl(mediaId: string) {
        if (typeof mediaId !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(mediaId)) {
          throw new HandoffkitError('E_PAYLOAD', 'mediaUrl(mediaId) takes the media id of an attachment (ctx.message.attachments[i].id).');
        }
        const media = await client.request<Record<string, unknown> | undefined>('GET', mediaId);
        if (typeof media?.url !== 'string') {
          throw new HandoffkitError('E_PLATFORM_API', `WhatsApp API GET /${mediaId} answered without a url.`, { details: { platform: 'whatsapp', mediaId } });
        }
        return {
          id: mediaId,
          url: media.url,
          ...(typeof media.mime_type === 'string' ? { mimeType: media.mime_type } : {}),
          ...(typeof media.file_size === 'number' ? { fileSize: media.file_size } : {}),
          ...(typeof media.sha256 === 'string' ? { sha256: media.sha256 } : {}),
        };
      },
    },
    options,
  );
}
