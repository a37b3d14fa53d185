import type { ConversationRef, HelperName, OwnershipStatuses, PlatformActions } from '../core/actions.js';
import type { Answer, Delivery } from '../core/delivery.js';
import type { Context } from '../core/context.js';
import type { HandoffkitError } from '../core/errors.js';
import type { NormalizedEvent } from '../core/events.js';
import type { ResponseOutbox } from '../core/outbox.js';
import type { RedeliveryStatuses } from '../core/failures.js';
import type { TagOwnership } from '../core/tag-ownership.js';

/** A delivery whose items were parsed one by one: the valid ones are handled, the invalid ones reported. */
export interface ParsedDelivery<Raw = unknown> {
  /** The normalized events of the valid items. */
  events: NormalizedEvent<Raw>[];
  /** One `E_PAYLOAD` error per invalid item, reported through `onError`; the delivery is still answered 200. */
  errors: HandoffkitError[];
}

/**
 * What the agent does when another party asks for control (`handoff_requested`): `'grant'` passes control to the
 * requester (through `PlatformActions.grantHandoff`), `'ignore'` does nothing, a function decides (it runs as a
 * `handoff_requested` handler).
 */
export type HandoffRequestPolicy = 'grant' | 'ignore' | ((ctx: Context<'handoff_requested'>) => unknown);

/** What the agent hands an adapter besides the delivery. */
export interface VerifyContext {
  /** The current time in milliseconds (injectable for tests). */
  now: number;
}

/**
 * A platform adapter: verifies and parses its webhooks and performs helpers through its API. `Raw` is the type of
 * the payload its events carry (`ctx.raw` in the handlers of an agent built with it).
 */
export interface Adapter<Raw = unknown> {
  /** The platform's name, e.g. `chatwoot`; also the `ctx.platform` value. */
  readonly name: string;
  /** The helpers this adapter can perform. */
  readonly capabilities: readonly HelperName[];
  /** How long the platform waits for an answer, minus a margin; the agent's default ack deadline. */
  readonly ackTimeoutMs?: number;
  /** The status words the bot's own escalate / handBack / resolve lead to. */
  readonly statuses?: OwnershipStatuses;
  /** Answers a setup handshake (e.g. a GET challenge) or returns `undefined` for a normal delivery. */
  handshake?(delivery: Delivery): Answer | undefined;
  /** Throws a `SignatureError` unless the delivery is authentic. */
  verify(delivery: Delivery, context: VerifyContext): void;
  /** Whether the agent keeps each conversation's latest `event.target` in the store for `actions()` (`ref.target`). */
  readonly remembersTarget?: boolean;
  /**
   * Whether the agent keeps each conversation's latest contact in the store, and gives it to the conversation's
   * events whose payload names none (or names no id): for platforms that send the contact at the start only.
   */
  readonly remembersContact?: boolean;
  /**
   * How long the platform may redeliver an event (its whole retry horizon): the agent's default dedupe window, and
   * the age past which events with an `occurredAt` are refused. Default 24 h.
   */
  readonly dedupeTtlMs?: number;
  /** Ownership by escalation tag on the contact, for platforms without a handover protocol. */
  readonly tagOwnership?: TagOwnership;
  /** How `handoff_requested` is answered after its handlers ran. Default `'ignore'`. */
  readonly onHandoffRequest?: HandoffRequestPolicy;
  /**
   * Turns a verified, JSON-parsed body into 0..n normalized events; throws a `PayloadError` naming the field
   * when the delivery as a whole is unusable, or returns the per-item errors of a batch beside its valid events.
   */
  parse(body: unknown, delivery: Delivery): NormalizedEvent<Raw>[] | ParsedDelivery<Raw>;
  /** How long a handler may run before it counts as failed (the platform's reply window); the agent's default. */
  readonly handlerTimeoutMs?: number;
  /**
   * The statuses the platform redelivers on, used by every answer that means "send this again" (store failure,
   * lock timeout, failed escalation, `onHandlerError: 'throw'`). Default 503 / 500.
   */
  readonly redelivery?: RedeliveryStatuses;
  /** The status of an answer sent at the ack deadline while handlers still run. Default 202. */
  readonly ackStatus?: 200 | 202;
  /**
   * The platform calls for one conversation. Inside a webhook of an adapter with `respond`, `outbox` is given:
   * while it is open, actions go into it (and so into the HTTP answer); once closed, through the API.
   */
  actions(conversation: ConversationRef, outbox?: ResponseOutbox): PlatformActions;
  /** Replaces the adapter's secrets (in every encoding) in a text; the agent's log lines pass through it. */
  readonly redact?: (text: string) => string;
  /** Builds the HTTP answer from the actions collected during a delivery, for platforms that take them there. */
  respond?(items: unknown[], status: 200 | 202): Answer;
}
