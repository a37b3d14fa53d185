import type { Contact, EventName, HandoffInfo, LifecycleEventName, Message, MessageEventName, NormalizedEvent, Owner } from './events.js';
import { HandoffkitError } from '../errors.js';
import { ConversationHelpers, type HelperHost } from './helpers.js';
import type { Session } from './session.js';

/** The conversation as a handler sees it. */
export interface ConversationInfo {
  /** The platform's conversation id, as a string. */
  readonly id: string;
  /** Who owns it now (kept current when a helper changes it). */
  readonly owner: Owner;
  /** The platform's status word, when known. */
  readonly status: string | undefined;
  /** The labels/tags, when known. */
  readonly labels: readonly string[];
  /** The conversation's custom attributes, when known. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** The event as a handler sees it. */
export interface ContextEvent<N extends string = EventName> {
  /** The normalized name. */
  readonly name: N;
  /** The platform's own event type. */
  readonly type: string;
  /** The key repeated deliveries of this event share. */
  readonly idempotencyKey: string;
}

/**
 * The type of `ctx.raw` for event `N` of an adapter whose payloads are `Raw`: a lifecycle event the bot's own helper
 * caused (`handoffkit.handed_off`, …) came from no delivery, and has no payload.
 */
export type RawOf<N extends string, Raw> = N extends LifecycleEventName ? Raw | undefined : Raw;

/**
 * The fields every context has, whatever the event; `S` is the type of the conversation's session, `Raw` the type
 * of the adapter's payloads.
 */
export interface BaseContext<N extends string = EventName, S = unknown, Raw = unknown> extends ConversationHelpers {
  /** The normalized event name; test it to narrow a context of several events (`if (ctx.name === 'message_created')`). */
  readonly name: N;
  /** The normalized event. */
  readonly event: ContextEvent<N>;
  /** The platform payload the event came from, typed by the adapter (`undefined` on a lifecycle event the bot caused). */
  readonly raw: RawOf<N, Raw>;
  /** The adapter's name (`adapter.name`), the same for every event of one agent. */
  readonly platform: string;
  /** The conversation. */
  readonly conversation: ConversationInfo;
  /** The contact. */
  readonly contact: Contact;
  /** Aborted when the handler outlives `handlerTimeoutMs`. */
  readonly signal: AbortSignal;
  /** Data the bot keeps for this conversation between deliveries (`VirtualAgent<S>` types it). */
  readonly session: Session<S>;
}

/** Fields only some events have, by event name. */
export interface EventFields {
  /** A contact opened the chat widget. */
  widget_triggered: object;
  /** A new message. */
  message_created: { readonly message: Message };
  /** A changed message (e.g. the contact answered a form). */
  message_updated: { readonly message: Message };
  /** A conversation was given to the bot at its start. */
  conversation_started: object;
  /** Someone else asks for control. */
  handoff_requested: { readonly handoff: HandoffInfo };
  /** Control moved from the bot to a human. */
  handed_off: { readonly handoff: HandoffInfo };
  /** Control came back to the bot. */
  handed_back: { readonly handoff: HandoffInfo };
  /** The conversation was closed. */
  conversation_resolved: { readonly handoff: HandoffInfo };
}

/** The context a handler of event `N` receives; narrows by event name. `S` types `ctx.session`, `Raw` types `ctx.raw`. */
export type Context<N extends EventName = EventName, S = unknown, Raw = unknown> = N extends EventName ? BaseContext<N, S, Raw> & EventFields[N] : never;

/** The context of a message event. */
export type MessageContext<S = unknown, Raw = unknown> = Context<MessageEventName, S, Raw>;

/** A platform event of a conversation that no named handler takes (`onAny` only). */
export type PlatformEventContext<S = unknown, Raw = unknown> = BaseContext<'platform_event', S, Raw> & { readonly message?: Message };

/**
 * An event about a contact rather than a conversation (a contact created or updated), for `onAny`
 * handlers: `ctx.contact` is the contact, and there is a conversation only when the payload names the contact's
 * conversation. Without one, `ctx.conversation` is `undefined` and the helpers reject with `E_UNSUPPORTED`.
 */
export type ContactEventContext<S = unknown, Raw = unknown> = Omit<BaseContext<'contact_event', S, Raw>, 'conversation' | 'session'> & {
  /** The contact's conversation when the payload names it; otherwise `undefined`. */
  readonly conversation: ConversationInfo | undefined;
  /** That conversation's session, when there is a conversation. */
  readonly session: Session<S> | undefined;
};

/** The context `onAny` handlers receive: every normalized event, plus platform and contact events no named handler sees. */
export type AnyContext<S = unknown, Raw = unknown> = Context<EventName, S, Raw> | PlatformEventContext<S, Raw> | ContactEventContext<S, Raw>;

/** Mutable conversation state behind `ctx.conversation`. */
export interface ConversationState extends HelperHost {
  /** The platform's status word, when known. */
  status: string | undefined;
  /** False for a contact event that names no conversation: no `ctx.conversation`, no session, no helpers. */
  readonly hasConversation: boolean;
  /** The conversation's session (created on first use). */
  session(): Session<unknown>;
}

class ConversationView implements ConversationInfo {
  readonly #state: ConversationState;
  constructor(state: ConversationState) {
    this.#state = state;
  }
  get id(): string {
    return this.#state.ref.id;
  }
  get owner(): Owner {
    return this.#state.owner();
  }
  get status(): string | undefined {
    return this.#state.status;
  }
  get labels(): readonly string[] {
    return this.#state.ref.labels ?? [];
  }
  get attributes(): Readonly<Record<string, unknown>> {
    return this.#state.ref.attributes ?? {};
  }
  toJSON(): ConversationInfo {
    return { id: this.id, owner: this.owner, status: this.status, labels: this.labels, attributes: this.attributes };
  }
}

const NO_CONTACT: Contact = Object.freeze({ id: '', attributes: Object.freeze({}) }) as Contact;

/** The one runtime class behind every context type. @internal */
export class EventContext extends ConversationHelpers {
  /** The normalized event name. */
  readonly name: EventName | 'platform_event' | 'contact_event';
  /** The normalized event. */
  readonly event: ContextEvent<EventName | 'platform_event' | 'contact_event'>;
  /** The platform payload. */
  readonly raw: unknown;
  /** The adapter's name. */
  readonly platform: string;
  /** The conversation (absent on a contact event that names none). */
  readonly conversation: ConversationInfo | undefined;
  /** The contact. */
  readonly contact: Contact;
  /** The message, on message events. */
  readonly message: Message | undefined;
  /** The change of owner, on lifecycle events. */
  readonly handoff: HandoffInfo | undefined;
  readonly #state: ConversationState;
  // Made on first use: most handlers never look at the signal, and an AbortController costs per event.
  #controller: AbortController | undefined;
  #abortedWith: unknown;
  #aborted = false;

  /** @internal */
  constructor(state: ConversationState, event: NormalizedEvent, name: EventName | 'platform_event' | 'contact_event', handoff?: HandoffInfo) {
    super(state);
    this.name = name;
    this.event = { name, type: event.type, idempotencyKey: event.idempotencyKey };
    this.raw = event.raw;
    this.platform = state.platform;
    this.conversation = state.hasConversation ? new ConversationView(state) : undefined;
    this.contact = event.contact ?? NO_CONTACT;
    this.message = event.message;
    this.handoff = handoff;
    this.#state = state;
  }

  /** The conversation's session (`undefined` without a conversation). */
  get session(): Session<unknown> {
    return (this.#state.hasConversation ? this.#state.session() : undefined) as Session<unknown>;
  }

  /** Aborted when the handler outlives `handlerTimeoutMs`. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#abortedWith);
    }
    return this.#controller.signal;
  }

  /** After a timeout the handler has failed and the fail-safe took over: its helpers refuse to act. @internal */
  protected override guard(): void {
    if (this.#aborted) throw this.#abortedWith;
    if (!this.#state.hasConversation) {
      throw new HandoffkitError(
        'E_UNSUPPORTED',
        `A ${this.event.type} event is about a contact and names no conversation: helpers need one. Use agent.conversation(id) with the contact's conversation id.`,
        { details: { event: this.event.type } },
      );
    }
  }

  /** The event's contact, for a call escalation. @internal */
  protected override callContact(): Contact | undefined {
    return this.contact === NO_CONTACT ? undefined : this.contact;
  }

  /** The contact's locale, for localized replies. @internal */
  protected override locale(): string | undefined {
    return this.contact.locale;
  }

  /** Aborts `signal` (a handler timed out). @internal */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#abortedWith = reason;
    this.#controller?.abort(reason);
  }
}
