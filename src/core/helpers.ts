import type { ConversationRef, EscalateOptions, ForceOption, HelperName, OutgoingMessage, PlatformActions, SentMessage } from './actions.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { HandoffkitError, isHandoffkitError, NotOwnerError, UnsupportedError } from '../errors.js';
import { escalateByCall } from './call-escalation.js';
import type { CallProvider } from './calls.js';
import { isCallTarget } from './calls.js';
import type { Contact, Owner } from './events.js';
import { isLocalizedReply, type LocalizedReply, pickLocalized } from './locale.js';
import type { AgentEvents, EscalationTrigger } from './observability/bus.js';
import { observeHelper } from './observability/calls.js';
import { type EscalationSource, observeEscalation } from './observability/emit.js';
import { describeValue } from './option-checks.js';
import type { TranscriptEntry, TranscriptQuery } from './transcript/types.js';

/** A change of owner the helpers report to the agent. */
export interface OwnerChange {
  /** The new owner. */
  to: Owner;
  /** Which helper caused it; gives the platform status it leads to. Absent when the platform revealed it. */
  kind?: 'escalated' | 'handedBack' | 'resolved';
  /** Why, when known. */
  reason?: string;
  /** The escalation left the conversation queued for the next available human. */
  queued?: boolean;
  /** Who made the change. Default `bot`. */
  initiator?: 'bot' | 'platform';
}

/** What the helpers need from the agent for one conversation. */
export interface HelperHost {
  /** The adapter's name. */
  readonly platform: string;
  /** The platform and bot this conversation's escalations are recorded under. */
  readonly escalationSource: EscalationSource;
  /** The agent's lifecycle bus, when there is one. */
  readonly bus?: AgentEvents | undefined;
  /** The agent's call provider (`calls` option), for `escalate({ to: { call } })`. */
  readonly calls?: CallProvider | undefined;
  /** The adapter's capabilities. */
  readonly capabilities: readonly HelperName[];
  /** The conversation, as the adapter keeps it. */
  readonly ref: ConversationRef;
  /** Resolves once the conversation's state is loaded (a no-op inside a webhook). */
  ready(): Promise<void>;
  /** The current owner. */
  owner(): Owner;
  /** The platform calls (created on first use). */
  actions(): PlatformActions;
  /** Called after each platform call that succeeded (a side effect happened). */
  acted(helper: HelperName): void;
  /** Records a change of owner (made by the bot, or revealed by a platform refusal) and queues its lifecycle event. */
  ownerChanged(change: OwnerChange): Promise<void>;
  /** Records a message the platform accepted in the transcript (a promise only while the store works on it). */
  sent(message: OutgoingMessage, result: SentMessage | undefined): Promise<void> | undefined;
  /** The conversation's transcript. */
  transcript(query?: TranscriptQuery): Promise<TranscriptEntry[]>;
}

/** The helpers of a conversation: `reply`, `tag`, `untag`, `resolve`, `escalate`, `handBack`, `typing`, `setAttributes`. */
export class ConversationHelpers {
  /** @internal */
  protected readonly host: HelperHost;
  /** Who escalates through these helpers, as `escalation` events report it. @internal */
  protected readonly trigger: EscalationTrigger;

  /** @internal */
  constructor(host: HelperHost, trigger: EscalationTrigger = 'bot') {
    this.host = host;
    this.trigger = trigger;
  }

  /**
   * Sends a message to the contact; refused with `E_NOT_OWNER` while a human owns the conversation unless forced.
   * Given `{ en: 'Hi', fr: 'Bonjour', default: 'en' }`, sends the entry that best matches the contact's locale.
   */
  async reply(message: string | OutgoingMessage | LocalizedReply, options: ForceOption = {}): Promise<SentMessage> {
    this.guard();
    await this.host.ready();
    const chosen = isLocalizedReply(message) ? pickLocalized(message, this.locale()) : message;
    const outgoing = typeof chosen === 'string' ? { text: chosen } : chosen;
    // A private note does not talk over the human: it is for them.
    if (!outgoing.private) this.#assertOwner('reply', options);
    const sent = await this.#action('reply')(outgoing);
    const recorded = this.host.sent(outgoing, sent);
    if (recorded !== undefined) await recorded;
    return sent;
  }

  /**
   * The conversation as the agent saw it, oldest first: the contact's, the bot's, human agents' and the platform's
   * messages, and a `handoff` entry wherever the owner changed (a human's stretch begins and ends with one).
   */
  async transcript(query?: TranscriptQuery): Promise<TranscriptEntry[]> {
    this.guard();
    return this.host.transcript(query);
  }

  /** Adds labels/tags to the conversation, keeping the ones it has. */
  async tag(...names: string[]): Promise<void> {
    if (names.length === 0) return;
    this.guard();
    await this.host.ready();
    await this.#action('tag')(names);
  }

  /** Removes labels/tags from the conversation, keeping the others. */
  async untag(...names: string[]): Promise<void> {
    if (names.length === 0) return;
    this.guard();
    await this.host.ready();
    await this.#action('untag')(names);
  }

  /** Closes the conversation; emits `conversation_resolved`. */
  async resolve(): Promise<void> {
    this.guard();
    await this.host.ready();
    await this.#action('resolve')();
    await this.host.ownerChanged({ to: 'none', kind: 'resolved' });
  }

  /**
   * Hands the conversation to humans; emits `handed_off` with the reason. With `to: { call: { phone } }`, asks the
   * agent's call provider to call the contact first: a refused number is told to the contact (who is asked again)
   * and nothing is escalated; a failing provider leads to the platform's own handover in the chat.
   */
  async escalate(options: EscalateOptions = {}): Promise<void> {
    this.guard();
    await this.host.ready();
    if (isCallTarget(options.to)) {
      return await escalateByCall(
        {
          host: this.host,
          trigger: this.trigger,
          contact: this.callContact(),
          reply: (text) => this.reply(text),
          handOver: (chat, trigger) => this.#handOver(chat, trigger),
        },
        options.to.call,
        options,
      );
    }
    await this.#handOver(options, this.trigger);
  }

  async #handOver(options: EscalateOptions, trigger: EscalationTrigger): Promise<void> {
    const outcome = await observeEscalation(this.host.bus, this.host.escalationSource, this.host.ref.id, trigger, options, () =>
      this.#action('escalate')(options),
    );
    await this.host.ownerChanged({
      to: 'human',
      kind: 'escalated',
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      ...(outcome?.queued === true ? { queued: true } : {}),
    });
  }

  /** Whether the agent has a call provider, so that `escalate({ to: { call: { phone } } })` can call the contact. */
  get canCall(): boolean {
    return this.host.calls !== undefined;
  }

  /** The contact a call escalation is about, when known. @internal */
  protected callContact(): Contact | undefined {
    return undefined;
  }

  /** Takes the conversation back from humans; emits `handed_back`. */
  async handBack(): Promise<void> {
    this.guard();
    await this.host.ready();
    const outcome = await this.#action('handBack')();
    // Some platforms only forward a request (a secondary receiver): the platform announces the change when granted.
    if (outcome?.pending === true) return;
    await this.host.ownerChanged({ to: 'bot', kind: 'handedBack' });
  }

  /** Shows (default) or hides a typing indicator; refused while a human owns the conversation unless forced. */
  async typing(on = true, options: ForceOption = {}): Promise<void> {
    this.guard();
    await this.host.ready();
    if (on) this.#assertOwner('typing', options);
    await this.#action('typing')(on);
  }

  /**
   * Pauses before the next message for `ms` milliseconds: a pause the platform keeps where it has one (a
   * pause item in its answer), else the handler waits in process. Refused while a human owns the conversation unless forced.
   */
  async wait(ms: number, options: ForceOption = {}): Promise<void> {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new HandoffkitError('E_PAYLOAD', `wait(ms) takes a number of milliseconds, 0 or more; got ${describeValue(ms)}.`);
    }
    this.guard();
    await this.host.ready();
    this.#assertOwner('wait', options);
    const actions = this.host.actions();
    if (typeof actions.wait === 'function') return await actions.wait(ms);
    await sleep(ms);
  }

  /** Merges custom attributes into the existing ones. */
  async setAttributes(attributes: Record<string, unknown>): Promise<void> {
    this.guard();
    await this.host.ready();
    await this.#action('setAttributes')(attributes);
  }

  /** Throws when the helpers may no longer act (a context whose handler timed out). @internal */
  protected guard(): void {}

  /** The contact's locale, which picks the language of a localized reply; none outside an event. @internal */
  protected locale(): string | undefined {
    return undefined;
  }

  #assertOwner(helper: HelperName | 'wait', options: ForceOption): void {
    const owner = this.host.owner();
    if (owner === 'human' && options.force !== true) throw new NotOwnerError(helper, this.host.ref.id, owner);
  }

  #action<H extends HelperName>(helper: H): NonNullable<PlatformActions[H]> {
    const actions = this.host.capabilities.includes(helper) ? this.host.actions() : undefined;
    const fn = actions?.[helper] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (fn === undefined) throw new UnsupportedError(this.host.platform, helper);
    const host = this.host;
    return (async (...args: unknown[]) => {
      try {
        const result = await observeHelper(host.bus, helper, () => fn.apply(actions, args));
        host.acted(helper);
        return result;
      } catch (error) {
        // The platform says another party controls the conversation: the agent learns it, then the caller does.
        if (isHandoffkitError(error, 'E_NOT_OWNER')) {
          const said = error.details?.owner;
          const owner: Owner = said === 'bot' || said === 'none' ? said : 'human';
          if (owner !== host.owner()) await host.ownerChanged({ to: owner, initiator: 'platform', reason: error.message });
        }
        throw error;
      }
    }) as NonNullable<PlatformActions[H]>;
  }
}
