import type { LiveConversation } from '../conversation-state.js';
import type { EventName, HandoffInfo, NormalizedEvent, Owner } from '../events.js';

/** The change of owner a platform's event revealed. */
export function platformHandoff(event: NormalizedEvent, change: EventName, from: Owner, to: Owner): HandoffInfo {
  const handoff: HandoffInfo = { from, to, initiator: 'platform', inferred: event.name !== change };
  if (event.handoff?.reason !== undefined) handoff.reason = event.handoff.reason;
  return handoff;
}

/**
 * Puts what an event showed into the conversation's transcript before its handlers run: the change of owner it
 * revealed, then its message (a new one, or the contact's answer to a form). Not awaited here: the appends are
 * ordered, a read waits for them (or, on a store that ends the event in one call, shows them before that call writes
 * them), and the event's handling ends only once they are stored.
 */
export function transcribeEvent(state: LiveConversation, event: NormalizedEvent, handoff: HandoffInfo | undefined): void {
  const message = event.message;
  const recorded = message !== undefined && (event.name === 'message_created' || (event.name === 'message_updated' && message.submitted !== undefined));
  if (handoff === undefined && !recorded) return;
  const transcript = state.transcribing();
  if (transcript === undefined) return;
  if (handoff !== undefined) void transcript.handedOver(handoff);
  if (recorded) void transcript.received(message);
}
