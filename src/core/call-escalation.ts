import type { EscalateOptions } from './actions.js';
import { asCallError, type CallResult, type CallTarget } from './calls.js';
import { ConfigError, NotOwnerError } from '../errors.js';
import type { Contact } from './events.js';
import type { HelperHost } from './helpers.js';
import type { EscalationTrigger } from './observability/bus.js';

/** What the call escalation needs from the helpers of one conversation. @internal */
export interface CallEscalationHelpers {
  /** The conversation's host. */
  host: HelperHost;
  /** Who escalates. */
  trigger: EscalationTrigger;
  /** The event's contact, when known. */
  contact: Contact | undefined;
  /** Sends a text to the contact. */
  reply(text: string): Promise<unknown>;
  /** The platform's own handover, observed and recorded. */
  handOver(options: EscalateOptions, trigger: EscalationTrigger): Promise<void>;
}

const RETRY_PROMPT = 'Please send your phone number again.';
const FALLBACK = 'We could not place the call. A member of our team will answer you here.';

/**
 * `escalate({ to: { call } })`: requests the call, then tells the contact and completes the platform's escalation;
 * a refused number is told to the contact and nothing is escalated; a failing provider hands over in the chat.
 */
export async function escalateByCall(helpers: CallEscalationHelpers, target: CallTarget, options: EscalateOptions): Promise<void> {
  const { host, contact } = helpers;
  const provider = host.calls;
  if (provider === undefined) {
    throw new ConfigError('calls', 'escalate({ to: { call } }) needs a call provider: new VirtualAgent({ calls }), e.g. one from handoffkit/calls.');
  }
  // A conversation already handed over is not escalated twice.
  if (host.owner() === 'human') throw new NotOwnerError('escalate', host.ref.id, 'human');
  const phone = typeof target.phone === 'string' ? target.phone.trim() : '';
  const { reason } = options;
  let call: CallResult;
  try {
    call = await provider.requestCall({
      phone,
      conversationId: host.ref.id,
      ...(contact === undefined ? {} : { contact }),
      ...(reason === undefined ? {} : { reason }),
      ...(contact?.locale === undefined ? {} : { locale: contact.locale }),
    });
  } catch (error) {
    const refused = asCallError(error);
    if (refused.code === 'invalid_number') {
      await helpers.reply(`${refused.message} ${target.retryPrompt ?? RETRY_PROMPT}`);
      return;
    }
    // The fail-safe: no contact is left waiting for a call that will not come.
    const bus = host.bus;
    if (bus?.listening('escalation')) {
      bus.emit('escalation', {
        ...host.escalationSource,
        conversationId: host.ref.id,
        reason: reason ?? 'unspecified',
        trigger: helpers.trigger,
        channel: 'call',
        outcome: 'failed',
      });
    }
    await helpers.reply(target.fallbackMessage ?? FALLBACK).catch(() => undefined);
    const note = `A call to ${phone} was requested, but the call provider failed: ${refused.message}`;
    await helpers.handOver({ reason: reason ?? 'call failed', note }, 'fail-safe');
    return;
  }
  await helpers.reply(target.confirmation ?? `Thank you, we are calling you at ${phone}.`);
  await helpers.handOver(
    {
      ...(reason === undefined ? {} : { reason }),
      note: options.note ?? `Call requested to ${phone} (${provider.name} ${call.id}).`,
      call: { phone, id: call.id, provider: provider.name },
    },
    helpers.trigger,
  );
}
