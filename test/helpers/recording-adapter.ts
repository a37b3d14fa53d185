import type { Adapter, HandoffRequestPolicy, HelperName, NormalizedEvent, PlatformActions } from '../../src/index.js';
import { HandoffkitError, NotOwnerError, PayloadError } from '../../src/index.js';

/** One platform call the recording adapter received. */
export interface RecordedCall {
  conversationId: string;
  helper: HelperName;
  args: unknown[];
}

/** Options of the recording adapter. */
export interface RecordingAdapterOptions {
  capabilities?: HelperName[];
  /** Makes a helper fail with an E_PLATFORM_API error, or with E_NOT_OWNER as a platform refuses a non-owner. */
  failing?: Partial<Record<HelperName, boolean | 'not_owner'>>;
  /** How handoff requests are answered. */
  onHandoffRequest?: HandoffRequestPolicy;
  ackTimeoutMs?: number;
}

/**
 * An adapter for testing the core in isolation: the body is `{ events: NormalizedEvent[] }` (unsigned unless the
 * `x-test-signature` header says `bad`), and every helper call is recorded instead of reaching a platform.
 */
export function recordingAdapter(options: RecordingAdapterOptions = {}): Adapter & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const capabilities = options.capabilities ?? ['reply', 'tag', 'untag', 'resolve', 'escalate', 'handBack', 'typing', 'setAttributes'];
  return {
    name: 'recording',
    capabilities,
    ...(options.ackTimeoutMs === undefined ? {} : { ackTimeoutMs: options.ackTimeoutMs }),
    // A handoff request policy belongs to a handover protocol; otherwise ownership is a status field.
    ownership:
      options.onHandoffRequest === undefined
        ? { kind: 'status-field', statuses: { escalated: 'open', handedBack: 'pending', resolved: 'resolved' } }
        : { kind: 'handover-protocol', onHandoffRequest: options.onHandoffRequest },
    calls,
    verify(delivery) {
      const headers = delivery.headers as Record<string, string>;
      if (headers['x-test-signature'] === 'bad') throw new HandoffkitError('E_SIGNATURE', 'bad test signature');
    },
    parse(body) {
      const { events, invalid } = body as { events: NormalizedEvent[]; invalid?: string[] };
      return invalid === undefined ? { events } : { events, errors: invalid.map((field) => new PayloadError(`item ${field} is invalid`, field)) };
    },
    actions(ref) {
      const actions: PlatformActions = {};
      for (const helper of capabilities) {
        (actions as Record<string, unknown>)[helper] = async (...args: unknown[]) => {
          calls.push({ conversationId: ref.id, helper, args });
          if (options.failing?.[helper] === 'not_owner') throw new NotOwnerError(helper, ref.id, 'another app');
          if (options.failing?.[helper]) {
            throw new HandoffkitError('E_PLATFORM_API', `recording ${helper} failed`);
          }
          return helper === 'reply' ? { id: `m${calls.length}` } : undefined;
        };
      }
      actions.grantHandoff = async (requestedBy) => {
        calls.push({ conversationId: ref.id, helper: 'grantHandoff' as HelperName, args: [requestedBy] });
      };
      return actions;
    },
  };
}

let counter = 0;

/** A contact message event in conversation `conversationId`, with the platform status given. */
export function contactMessage(conversationId: string, text: string, status?: 'pending' | 'open' | 'resolved', at?: number): NormalizedEvent {
  counter += 1;
  const event: NormalizedEvent = {
    name: 'message_created',
    type: 'message',
    idempotencyKey: `msg-${conversationId}-${counter}`,
    conversationId,
    contact: { id: 'contact-1', name: 'Ada', attributes: {} },
    message: { id: `id-${counter}`, text, attachments: [], sender: { role: 'contact' }, private: false },
    raw: { text },
  };
  if (status !== undefined) {
    event.ownership = { owner: status === 'pending' ? 'bot' : status === 'open' ? 'human' : 'none', status };
    if (at !== undefined) event.ownership.at = at;
  }
  return event;
}

/** A status-change event announced by the platform. */
export function statusChange(conversationId: string, status: 'pending' | 'open' | 'resolved', at?: number): NormalizedEvent {
  counter += 1;
  const owner = status === 'pending' ? 'bot' : status === 'open' ? 'human' : 'none';
  const event: NormalizedEvent = {
    name: owner === 'bot' ? 'handed_back' : owner === 'human' ? 'handed_off' : 'conversation_resolved',
    type: 'status',
    idempotencyKey: `status-${conversationId}-${counter}`,
    conversationId,
    ownership: { owner, status },
    raw: { status },
  };
  if (at !== undefined) event.ownership!.at = at;
  return event;
}

/** A handoff request from another party. */
export function handoffRequest(conversationId: string, requestedBy: string): NormalizedEvent {
  counter += 1;
  return {
    name: 'handoff_requested',
    type: 'request_thread_control',
    idempotencyKey: `request-${conversationId}-${counter}`,
    conversationId,
    handoff: { requestedBy, reason: 'an agent opened the thread' },
    raw: {},
  };
}

/** A POST delivery carrying events. */
export function deliveryOf(...events: NormalizedEvent[]) {
  return { method: 'POST', url: '/webhook', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) };
}
