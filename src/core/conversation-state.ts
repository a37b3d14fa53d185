import { type Adapter, statusesOf } from './adapter.js';
import type { Store } from '../store/types.js';
import type { ConversationRef, HelperName, OwnershipStatuses, PlatformActions } from './actions.js';
import type { CallProvider } from './calls.js';
import type { ConversationState } from './context.js';
import type { OwnerChange } from './helpers.js';
import { errorMessage, HandoffkitError } from '../errors.js';
import type { HandoffInfo, LifecycleEventName, Owner } from './events.js';
import { expectOwner, lifecycleFor, type OwnershipRecord } from './handoff.js';
import type { ResponseOutbox } from './outbox.js';
import type { Session } from './session.js';
import type { AgentEvents } from './observability/bus.js';
import type { EscalationSource } from './observability/emit.js';
import type { OutgoingMessage, SentMessage } from './actions.js';
import { ConversationTranscript } from './transcript/conversation.js';
import type { DeferredAppends } from './transcript/deferred.js';
import type { TranscriptRecorder } from './transcript/recorder.js';
import type { TranscriptEntry, TranscriptQuery } from './transcript/types.js';

/** How long the agent remembers who owns an idle conversation. */
export const OWNER_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** A lifecycle event caused by the bot's own helper call, dispatched after the current handlers. */
export interface FollowUp {
  /** The lifecycle event. */
  name: LifecycleEventName;
  /** The change of owner. */
  handoff: HandoffInfo;
}

/** What a conversation's state needs from the agent. @internal */
export interface StateDeps {
  readonly adapter: Adapter;
  readonly store: Store;
  /** The agent's lifecycle bus. */
  readonly bus?: AgentEvents;
  /** The agent's call provider, for `escalate({ to: { call } })`. */
  readonly calls?: CallProvider;
  readonly now: () => number;
  /** The store key of the ownership record of a conversation. */
  ownerKey(conversationId: string): string;
  /** The store key of a conversation's latest adapter target (`Adapter.remembersTarget`). */
  targetKey(conversationId: string): string;
  /** The session of a conversation. */
  session(conversationId: string): Session<unknown>;
  /** The conversations' transcripts; absent unless the `transcript` option turned them on. */
  readonly transcript?: TranscriptRecorder;
  /** Forgets what was cached about the conversation's owner (the bot just changed it). */
  forgetOwner?(conversationId: string): Promise<void>;
  /** Called when the bot changed the owner outside a webhook: the follow-ups must be dispatched. */
  detached?(state: LiveConversation): void;
}

/** One conversation's state while handlers act on it: ownership, labels, the adapter's actions. @internal */
export class LiveConversation implements ConversationState {
  readonly ref: ConversationRef;
  status: string | undefined;
  record: OwnershipRecord;
  readonly followUps: FollowUp[] = [];
  /** False for a contact event that names no conversation. */
  hasConversation = true;
  readonly #deps: StateDeps;
  #actions: PlatformActions | undefined;
  #session: Session<unknown> | undefined;
  #transcript: ConversationTranscript | undefined;
  #loaded: Promise<void> | undefined;
  readonly #detached: boolean;

  readonly #outbox: ResponseOutbox | undefined;
  readonly #deferred: DeferredAppends | undefined;
  /** How many platform calls succeeded through this state (side effects a retry would repeat). */
  sideEffects = 0;

  /** `deferred`: where the transcript's appends wait for the end of the event (a store that ends it in one call). */
  constructor(deps: StateDeps, ref: ConversationRef, record: OwnershipRecord | undefined, outbox?: ResponseOutbox, deferred?: DeferredAppends) {
    this.#deps = deps;
    this.#outbox = outbox;
    this.#deferred = deferred;
    this.ref = ref;
    this.record = record ?? { owner: 'none' };
    this.status = this.record.status;
    // A state created without a record (a handle outside a webhook) reads it afresh before every helper call.
    this.#detached = record === undefined;
    ref.recorded = () => this.record;
    this.#loaded = this.#detached ? undefined : Promise.resolve();
  }

  get bus(): AgentEvents | undefined {
    return this.#deps.bus;
  }

  get calls(): CallProvider | undefined {
    return this.#deps.calls;
  }

  get platform(): string {
    return this.#deps.adapter.name;
  }

  get escalationSource(): EscalationSource {
    return { platform: this.#deps.adapter.name, botId: this.#deps.adapter.botIdOf?.(this.ref) };
  }

  get capabilities(): readonly HelperName[] {
    return this.#deps.adapter.capabilities;
  }

  get statuses(): OwnershipStatuses {
    return statusesOf(this.#deps.adapter);
  }

  ready(): Promise<void> {
    if (this.#detached) return this.#load();
    this.#loaded ??= this.#load();
    return this.#loaded;
  }

  owner(): Owner {
    return this.record.owner;
  }

  session(): Session<unknown> {
    this.#session ??= this.#deps.session(this.ref.id);
    return this.#session;
  }

  /** The conversation's transcript, or `undefined` when the agent keeps none. */
  transcribing(): ConversationTranscript | undefined {
    const recorder = this.#deps.transcript;
    if (recorder === undefined) return undefined;
    this.#transcript ??= new ConversationTranscript(recorder, this.ref, this.#deps.now, this.#deferred);
    return this.#transcript;
  }

  transcript(query?: TranscriptQuery): Promise<TranscriptEntry[]> {
    const transcript = this.transcribing();
    if (transcript === undefined) {
      return Promise.reject(
        new HandoffkitError(
          'E_UNSUPPORTED',
          'This agent keeps no transcript: turn it on with new VirtualAgent({ transcript: true }) (or bounds: { maxEntries, maxBytes }).',
          {
            details: { option: 'transcript' },
          },
        ),
      );
    }
    return transcript.read(query);
  }

  sent(message: OutgoingMessage, result: SentMessage | undefined): Promise<void> | undefined {
    return this.transcribing()?.sent(message, result);
  }

  acted(helper: HelperName): void {
    // An action collected into the webhook's answer happens only if that answer is a success: not a side effect yet.
    if (this.#outbox === undefined || !this.#outbox.open) this.sideEffects += 1;
    // A tag added or removed by hand may be the escalation tag: the cached owner is no longer known.
    if ((helper === 'tag' || helper === 'untag') && this.#deps.forgetOwner) void this.#deps.forgetOwner(this.ref.id).catch(() => undefined);
  }

  actions(): PlatformActions {
    this.#actions ??= this.#deps.adapter.actions(this.ref, this.#outbox);
    return this.#actions;
  }

  async ownerChanged(change: OwnerChange): Promise<void> {
    const { to, kind, reason, queued, initiator = 'bot' } = change;
    const from = this.record.owner;
    this.record = expectOwner(this.record, to, kind === undefined ? undefined : this.statuses[kind], this.#deps.now());
    this.status = this.record.status;
    await storeCall(() => this.#deps.store.set(this.#deps.ownerKey(this.ref.id), this.record, OWNER_TTL_MS));
    if (this.#deps.forgetOwner) await storeCall(() => this.#deps.forgetOwner!(this.ref.id));
    const name = lifecycleFor(from, to);
    const handoff: HandoffInfo = { from, to, initiator, inferred: false };
    if (reason !== undefined) handoff.reason = reason;
    if (queued === true) handoff.queued = true;
    // The transcript marks every change of hands, also one without a lifecycle event (an escalation from `none`).
    const marked = from === to ? undefined : this.transcribing()?.handedOver(handoff);
    if (marked !== undefined) await marked;
    if (name === undefined) return;
    this.followUps.push({ name, handoff });
    this.#deps.detached?.(this);
  }

  async #load(): Promise<void> {
    if (this.#deps.adapter.remembersTarget && this.ref.target === undefined) {
      const target = await storeCall(() => this.#deps.store.get<Record<string, unknown>>(this.#deps.targetKey(this.ref.id)));
      if (target !== undefined) this.ref.target = target;
    }
    const record = await storeCall(() => this.#deps.store.get<OwnershipRecord>(this.#deps.ownerKey(this.ref.id)));
    if (record !== undefined) {
      this.record = record;
      this.status = record.status;
    }
  }
}

/** Runs a store call, turning its failure into `E_STORE` (answered 503 so the platform retries). */
export async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof HandoffkitError) throw error;
    throw new HandoffkitError('E_STORE', `The store failed: ${errorMessage(error)}`);
  }
}
