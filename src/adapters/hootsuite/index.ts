import { keepEmulationOptions } from '../kit/emulation-options.js';
import type { ConversationRef } from '../../core/actions.js';
import { type Delivery, jsonAnswer } from '../../core/delivery.js';
import { HandoffkitError } from '../../errors.js';
import type { NormalizedEvent } from '../../core/events.js';
import type { Adapter } from '../../core/adapter.js';
import { HootsuiteActions } from './actions.js';
import { HootsuiteApi, type UploadFile } from './api.js';
import { type ConversationManipulation, mergeManipulations } from './manipulation.js';
import { ConversationMemory } from './memory.js';
import { normalizeEnvelope, readEnvelope } from './normalize.js';
import { type HootsuiteMode, type HootsuiteOptions, resolveHootsuiteOptions } from './options.js';
import type { HootsuiteWebhook } from './schema.js';
import { assertHootsuiteFresh, verifyHootsuiteSignature } from './signature.js';
import { capabilitiesOf } from '../kit/capabilities.js';

export type { HootsuiteMode, HootsuiteOptions } from './options.js';
export { DEFAULT_API_URL, DEFAULT_REPLY_WINDOW_MS, DELEGATION_REPLY_WINDOW_MS } from './options.js';
export type { ConversationManipulation, HootsuiteMessage, CompleteAction } from './manipulation.js';
export { mergeManipulations } from './manipulation.js';
export { normalizeHootsuite, contactAttributes, parseTimestamp, HOOTSUITE_EVENT_TYPES } from './normalize.js';
export { verifyHootsuiteSignature } from './signature.js';
export { messageTag } from './tags.js';
export type { UploadFile } from './api.js';
// The wire schemas (zod/mini, built once at load) and their inferred types.
export * from './schema.js';

/** The Hootsuite adapter: an `Adapter` plus the timing facts and the upload call specific to Hootsuite. */
export interface HootsuiteAdapter extends Adapter<HootsuiteWebhook> {
  /** The activation mode given in the options, if any. */
  readonly mode: HootsuiteMode | undefined;
  /** How long Hootsuite waits for the bot's answer (`replyWindowMs`). */
  readonly replyWindowMs: number;
  /**
   * The handler timeout that leaves time for the fail-safe escalation before the reply window closes: pass it to
   * `new VirtualAgent({ adapter, handlerTimeoutMs: adapter.handlerTimeoutMs })`.
   */
  readonly handlerTimeoutMs: number;
  /** Uploads a file (bytes) into a conversation through REST; resolves with the file name to send as `{ attachment }`. */
  uploadAttachment(conversationId: string, file: UploadFile): Promise<string>;
}

const CAPABILITIES = capabilitiesOf(HootsuiteActions);
// Hootsuite waits 10 s for the answer, then retries (3 times) and finally moves the conversation to the New queue.
const ACK_TIMEOUT_MS = 8_000;
// Time kept for the fail-safe escalation before the reply window closes.
const FAIL_SAFE_MARGIN_MS = 30_000;
const FILENAME = /^[A-Za-z0-9._-]+$/;

/**
 * A Hootsuite Inbox 2.0 custom virtual agent: signed webhooks (`X-Hootsuite-Signature`), actions answered in the
 * webhook response while handlers run inside it, and through the REST API (OAuth2 client credentials) after.
 */
export function hootsuite(options: HootsuiteOptions): HootsuiteAdapter {
  const config = resolveHootsuiteOptions(options);
  const api = new HootsuiteApi(config);
  const memory = new ConversationMemory();
  // The agent's clock at verification, for the freshness check once the body is parsed (one JSON parse, not two).
  const clocks = new WeakMap<Delivery, number>();
  const deps = { api, memory, timeoutMs: config.timeoutMs };

  return keepEmulationOptions(
    {
      name: 'hootsuite',
      capabilities: CAPABILITIES,
      // Hootsuite retries any answer other than 200 (3 times, backing off), then sends the conversation to New.
      redelivery: { unavailable: 503, failed: 500 },
      redact: api.redact,
      ackTimeoutMs: ACK_TIMEOUT_MS,
      // Hootsuite reads actions from the answer: the one sent at the ack deadline is a 200 carrying what was collected.
      ackStatus: 200,
      ownership: { kind: 'status-field', statuses: { escalated: 'HANDOVER', resolved: 'RESOLVED' } },
      // The contact comes with CONVERSATION_STARTED / DELEGATED; later messages may not name it again.
      remembersContact: true,
      mode: config.mode,
      replyWindowMs: config.replyWindowMs,
      handlerTimeoutMs: config.replyWindowMs - Math.min(FAIL_SAFE_MARGIN_MS, config.replyWindowMs / 10),
      verify(delivery, { now }) {
        verifyHootsuiteSignature(delivery, config.keys);
        clocks.set(delivery, now);
      },
      parse(body, delivery) {
        const read = readEnvelope(body);
        assertHootsuiteFresh(read.at, clocks.get(delivery) ?? Date.now(), config.tolerance);
        const events = normalizeEnvelope(read, body);
        for (const event of events) {
          const messageId = inboundMessageId(event);
          if (messageId !== undefined) memory.messageReceived(event.conversationId, messageId);
        }
        // Each event's raw is the body the schemas just checked.
        return { events: events as NormalizedEvent<HootsuiteWebhook>[] };
      },
      actions(conversation: ConversationRef, outbox) {
        return new HootsuiteActions(deps, conversation, outbox);
      },
      outbox: {
        respond(items, status) {
          return jsonAnswer(status, mergeManipulations(items as ConversationManipulation[]));
        },
      },
      async uploadAttachment(conversationId, file) {
        if (typeof file?.filename !== 'string' || !FILENAME.test(file.filename)) {
          throw new HandoffkitError(
            'E_PAYLOAD',
            'uploadAttachment(): filename may only contain letters, digits, -, _ and . (Hootsuite shows it to the contact).',
          );
        }
        await api.upload(String(conversationId), file, 'uploadAttachment');
        return file.filename;
      },
    },
    options,
  );
}

// The message's own id; older payloads have none (the normalized id falls back to the delivery key then).
function inboundMessageId(event: NormalizedEvent): string | undefined {
  const id = event.message?.id;
  return id === undefined || id === event.idempotencyKey ? undefined : id;
}
