import { HandoffkitError } from '../../errors.js';
import type { NormalizedEvent } from '../../core/events.js';
import { integrationName, isOurs, ownershipOf } from './inbound.js';
import type { EventContext } from './normalize.js';
import { switchboardPayloadSchema } from './schema.js';

// The switchboard's events: who owns the conversation changed (pass, accept, release), was offered, or failed to.

/** `switchboard:passControl` / `acceptControl`: handed_back when the active integration is ours, handed_off otherwise. */
export function controlEvent(ctx: EventContext): NormalizedEvent {
  const payload = ctx.parse(switchboardPayloadSchema);
  const conversation = payload.conversation;
  const toUs = isOurs(conversation.activeSwitchboardIntegration, ctx.integrationId);
  // The bot's stint starts again: the next contact message is where a new issue starts.
  if (toUs) ctx.memory.firstMessages.delete(conversation.id);
  const why = reasonOf(payload);
  return ctx.event(conversation, {
    name: toUs ? 'handed_back' : 'handed_off',
    // Passed to this bot: from the humans' side, whatever the record says.
    handoff: toUs ? { from: 'human', ...why } : why,
    ownership: ownershipOf(conversation, ctx.integrationId, ctx.at) ?? { owner: 'human' },
  });
}

/** `switchboard:offerControl`: handoff_requested when control is offered to this bot, otherwise for observers. */
export function offerEvent(ctx: EventContext): NormalizedEvent {
  const payload = ctx.parse(switchboardPayloadSchema);
  const conversation = payload.conversation;
  const toUs = isOurs(conversation.pendingSwitchboardIntegration, ctx.integrationId);
  const by = integrationName(conversation.activeSwitchboardIntegration);
  return ctx.event(conversation, {
    name: toUs ? 'handoff_requested' : 'platform_event',
    ...(toUs ? { handoff: { to: 'bot', ...(by === undefined ? {} : { requestedBy: by }), ...reasonOf(payload) } } : {}),
    ownership: ownershipOf(conversation, ctx.integrationId, ctx.at),
  });
}

/** `switchboard:releaseControl`: no integration is active any more (the ticket closed, moved to e-mail). */
export function releaseEvent(ctx: EventContext): NormalizedEvent {
  const payload = ctx.parse(switchboardPayloadSchema);
  ctx.memory.firstMessages.delete(payload.conversation.id);
  return ctx.event(payload.conversation, {
    name: 'conversation_resolved',
    handoff: reasonOf(payload),
    ownership: ctx.at === undefined ? { owner: 'none' } : { owner: 'none', at: ctx.at },
  });
}

/**
 * A `switchboard:*:failure` twin: the change did not happen. The conversation's active integration (what the
 * payload says now) is the owner again; the failure, with Sunshine's `error.code`, goes to `onError`.
 */
export function failureEvent(ctx: EventContext, errors: HandoffkitError[]): NormalizedEvent {
  const payload = ctx.parse(switchboardPayloadSchema);
  const conversation = payload.conversation;
  const code = payload.error?.code ?? 'unknown';
  const message = payload.error?.message ?? 'no message';
  const action = ctx.type.slice('switchboard:'.length, -':failure'.length);
  errors.push(
    new HandoffkitError(
      'E_PLATFORM_API',
      `Sunshine could not ${action} in conversation ${conversation.id}: ${message} (${code}). The conversation stays with its active switchboard integration (${integrationName(conversation.activeSwitchboardIntegration) ?? 'none'}).`,
      { details: { platform: 'sunshine', event: ctx.type, conversationId: conversation.id, code, status: 0 } },
    ),
  );
  return ctx.event(conversation, { name: 'platform_event', ownership: ownershipOf(conversation, ctx.integrationId, ctx.at) });
}

function reasonOf(payload: { reason?: string | null; metadata?: Record<string, unknown> | null }): { reason?: string } {
  const said = payload.reason ?? payload.metadata?.reason;
  return typeof said === 'string' && said !== '' ? { reason: said } : {};
}
