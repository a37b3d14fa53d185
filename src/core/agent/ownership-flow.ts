import type { ConversationRef } from '../actions.js';
import { handoffRequestPolicyOf } from '../adapter.js';
import { EventContext } from '../context.js';
import { type FollowUp, LiveConversation, OWNER_TTL_MS, storeCall } from '../conversation-state.js';
import type { Contact, HandoffInfo, LifecycleEventName, NormalizedEvent } from '../events.js';
import { announcedName, applySignal, lifecycleFor, missedChange, type OwnershipRecord, unrecordedAnnouncement } from '../handoff.js';
import type { Lanes } from '../lanes.js';
import * as observe from '../observability/emit.js';
import type { ResponseOutbox } from '../outbox.js';
import { applyRemembered, namesContact, rememberContact } from '../remembered.js';
import { conversationKey } from '../keys.js';
import type { TagOwnershipResolver } from '../tag-ownership.js';
import { platformHandoff, transcribeEvent } from '../transcript/event.js';
import type { Dispatcher } from './dispatch.js';
import type { FailSafe } from './fail-safe.js';
import { CANCELLED, type AgentRuntime, type EventScope, type Progress } from './runtime.js';

const OWNERSHIP_EVENTS: ReadonlySet<string> = new Set<LifecycleEventName>(['handed_off', 'handed_back', 'conversation_resolved']);

/**
 * One event through the ownership model: the platform's signal updates the conversation's owner, a change of
 * hands is dispatched as its lifecycle event, `handoff_requested` may be granted, and the follow-ups of the bot's
 * own escalate / handBack / resolve are dispatched after the handlers.
 */
export class OwnershipFlow {
  readonly #runtime: AgentRuntime;
  readonly #dispatcher: Dispatcher;
  readonly #failSafe: FailSafe;
  readonly #tags: TagOwnershipResolver | undefined;
  readonly #lanes: Lanes;

  /** The flow of one agent. */
  constructor(runtime: AgentRuntime, dispatcher: Dispatcher, failSafe: FailSafe, tags: TagOwnershipResolver | undefined, lanes: Lanes) {
    this.#runtime = runtime;
    this.#dispatcher = dispatcher;
    this.#failSafe = failSafe;
    this.#tags = tags;
    this.#lanes = lanes;
  }

  /** The store keys `process` reads for `event`, for a store that reads them when the event starts (`EventScope`). */
  reads(event: NormalizedEvent): string[] {
    if (event.name === 'contact_event' && event.conversationId === '') return [];
    const { adapter, deps } = this.#runtime;
    const keys = [deps.ownerKey(event.conversationId)];
    if (adapter.remembersTarget && event.target === undefined) keys.push(deps.targetKey(event.conversationId));
    if (adapter.remembersContact && !namesContact(event)) keys.push(this.#contactKey(event));
    return keys;
  }

  /**
   * Handles one event (its dedupe key is claimed); throws `CANCELLED` when its delivery was answered "redeliver"
   * first. With a `scope`, the keys of `reads` come from it and the flow's own writes are left to it.
   */
  async process(event: NormalizedEvent, outbox: ResponseOutbox | undefined, progress: Progress, scope?: EventScope): Promise<void> {
    if (event.name === 'contact_event' && event.conversationId === '') return this.#contactEvent(event, outbox, progress);
    const { adapter, store, deps } = this.#runtime;
    const ownerKey = deps.ownerKey(event.conversationId);
    const stored = scope === undefined ? store.get<OwnershipRecord>(ownerKey) : (scope.read.get(ownerKey) as OwnershipRecord | undefined);
    const before = stored instanceof Promise ? await stored : stored;
    const tags = this.#tags;
    const signal = tags === undefined ? event.ownership : await storeCall(() => tags.signal(event));
    const announcedFrom = OWNERSHIP_EVENTS.has(event.name) ? event.handoff?.from : undefined;
    const outcome = applySignal(before, signal, this.#runtime.now(), announcedFrom);
    const ref: ConversationRef = { id: event.conversationId, labels: event.conversation?.labels, attributes: event.conversation?.attributes };
    if (adapter.remembersTarget) ref.target = scope === undefined ? await this.#target(event) : this.#scopedTarget(event, scope);
    else if (event.target !== undefined) ref.target = event.target;
    if (adapter.remembersContact) await this.#contact(event, scope);

    // From here on the event is handled whatever the store does: no store failure after the answer can lose it.
    if (progress.cancelled) throw CANCELLED;
    progress.phase = 'started';
    if (outcome.dirty && scope !== undefined) scope.owner = { key: ownerKey, record: outcome.record };
    else if (outcome.dirty) {
      const saved = store.write(ownerKey, outcome.record, OWNER_TTL_MS, 'owner');
      if (saved !== undefined) await saved;
    }
    const state = new LiveConversation(deps, ref, outcome.record, outbox, scope?.transcript);
    progress.state = state;
    observe.watchEvent(this.#runtime.events, state, event, before?.owner);
    if (event.conversation?.status !== undefined && outcome.record.status === undefined) state.status = event.conversation.status;

    const to = outcome.record.owner;
    const from = outcome.from ?? missedChange(before, signal, announcedFrom, to) ?? unrecordedAnnouncement(before, event, announcedFrom, to);
    const change = from === undefined ? undefined : (lifecycleFor(from, to) ?? (before === undefined ? announcedName(event) : undefined));
    const dispatch = this.#dispatcher;
    let pending: Promise<void> | undefined;
    const handoff = change !== undefined && from !== undefined ? platformHandoff(event, change, from, to) : undefined;
    transcribeEvent(state, event, handoff);
    if (change !== undefined && handoff !== undefined) {
      observe.handedOver(this.#runtime.events, state.escalationSource, event.conversationId, handoff);
      if ((pending = dispatch.dispatch(state, event, change, handoff)) !== undefined) await pending;
    }
    if (event.name === 'handoff_requested') {
      const handoff: HandoffInfo = { from: to, to: 'human', initiator: 'platform', inferred: false, ...event.handoff };
      if ((pending = dispatch.dispatch(state, event, event.name, handoff)) !== undefined) await pending;
      if (handoffRequestPolicyOf(adapter) === 'grant') await this.#grant(state, event, handoff);
    } else if (OWNERSHIP_EVENTS.has(event.name)) {
      // Announced by the platform: dispatched above when it changed hands, otherwise only observers see it.
      if (change !== event.name && (pending = dispatch.dispatch(state, event, 'platform_event')) !== undefined) await pending;
    } else if ((pending = dispatch.dispatch(state, event, event.name)) !== undefined) {
      await pending;
    }
    if (state.followUps.length > 0) await this.#drain(state, event);
    if ((pending = state.transcribing()?.settled()) !== undefined) await pending;
    observe.eventHandled(this.#runtime.events, state);
  }

  /** Dispatches the follow-ups of a conversation acted on outside a webhook, in its lane. */
  detached(state: LiveConversation): void {
    const stub: NormalizedEvent = {
      name: 'platform_event',
      type: 'handoffkit.detached',
      idempotencyKey: 'detached',
      conversationId: state.ref.id,
      raw: undefined,
    };
    this.#lanes.run(state.ref.id, () => this.#drain(state, stub)).catch((error: unknown) => this.#failSafe.report(error, undefined));
  }

  /** A contact event that names no conversation: no ownership, no session, no helpers; `onAny` handlers see it. */
  async #contactEvent(event: NormalizedEvent, outbox: ResponseOutbox | undefined, progress: Progress): Promise<void> {
    if (progress.cancelled) throw CANCELLED;
    progress.phase = 'started';
    const state = new LiveConversation(this.#runtime.deps, { id: '' }, { owner: 'none' }, outbox);
    state.hasConversation = false;
    progress.state = state;
    const pending = this.#dispatcher.dispatch(state, event, 'contact_event');
    if (pending !== undefined) await pending;
  }

  /** The event's target, remembered for later helpers; or the one remembered from an earlier event. */
  async #target(event: NormalizedEvent): Promise<Record<string, unknown> | undefined> {
    const { store } = this.#runtime.store;
    const key = this.#runtime.deps.targetKey(event.conversationId);
    if (event.target === undefined) return storeCall(() => store.get<Record<string, unknown>>(key));
    const target = event.target;
    await storeCall(() => store.set(key, target, OWNER_TTL_MS));
    return target;
  }

  /** `#target` with the read of the event's start and the write left to its end. */
  #scopedTarget(event: NormalizedEvent, scope: EventScope): Record<string, unknown> | undefined {
    const key = this.#runtime.deps.targetKey(event.conversationId);
    if (event.target === undefined) return scope.read.get(key) as Record<string, unknown> | undefined;
    scope.writes.push({ key, value: event.target, ttlMs: OWNER_TTL_MS });
    return event.target;
  }

  /** Remembers the event's contact, or gives it the remembered one (`Adapter.remembersContact`). */
  async #contact(event: NormalizedEvent, scope: EventScope | undefined): Promise<void> {
    const key = this.#contactKey(event);
    if (scope === undefined) await rememberContact(this.#runtime.store.store, key, event);
    else if (namesContact(event)) scope.writes.push({ key, value: event.contact, ttlMs: OWNER_TTL_MS });
    else applyRemembered(event, scope.read.get(key) as Contact | undefined);
  }

  #contactKey(event: NormalizedEvent): string {
    return conversationKey(this.#runtime.prefix, event.conversationId, 'contact');
  }

  async #grant(state: LiveConversation, event: NormalizedEvent, handoff: HandoffInfo): Promise<void> {
    const grant = state.actions().grantHandoff;
    if (grant === undefined) return;
    try {
      await grant.call(state.actions(), handoff.requestedBy);
      await state.ownerChanged({ to: handoff.to, kind: 'escalated', reason: handoff.reason ?? 'control requested' });
    } catch (error) {
      await this.#failSafe.report(error, new EventContext(state, event, 'handoff_requested', handoff));
    }
  }

  async #drain(state: LiveConversation, event: NormalizedEvent): Promise<void> {
    let next: FollowUp | undefined;
    while ((next = state.followUps.shift()) !== undefined) {
      const synthetic: NormalizedEvent = {
        name: next.name,
        type: `handoffkit.${next.name}`,
        idempotencyKey: `${event.idempotencyKey}#${next.name}`,
        conversationId: state.ref.id,
        raw: undefined,
      };
      if (event.contact !== undefined) synthetic.contact = event.contact;
      observe.handedOver(this.#runtime.events, state.escalationSource, state.ref.id, next.handoff);
      const pending = this.#dispatcher.dispatch(state, synthetic, next.name, next.handoff);
      if (pending !== undefined) await pending;
    }
  }
}
