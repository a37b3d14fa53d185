import type { ConversationRef, HelperName, OwnershipStatuses, PlatformActions } from './actions.js';
import type { Answer, Delivery } from './delivery.js';
import type { HandoffkitError } from '../errors.js';
import type { NormalizedEvent } from './events.js';
import type { ResponseOutbox } from './outbox.js';
import type { RedeliveryStatuses } from './failures.js';
import type { TagOwnership } from './tag-ownership.js';

// The contract between the agent and one platform. A platform is one folder under src/adapters/ whose index.ts
// exports a factory returning an `Adapter`; src/adapters/README.md walks through writing one.

/** What `parse()` makes of a delivery: the normalized events of its valid items, and one error per invalid item. */
export interface ParsedDelivery<Raw = unknown> {
  /** The normalized events of the valid items, in delivery order. */
  events: NormalizedEvent<Raw>[];
  /** One `E_PAYLOAD` error per invalid item of a batch, reported through `onError`; the delivery is still answered 200. */
  errors?: HandoffkitError[];
}

/**
 * What the agent does when another party asks for control (`handoff_requested`), after its handlers ran:
 * `'grant'` passes control to the requester (through `PlatformActions.grantHandoff`), `'ignore'` does nothing.
 * A custom policy is an ordinary `agent.on('handoff_requested', …)` handler.
 */
export type HandoffRequestPolicy = 'grant' | 'ignore';

/**
 * Ownership from a status field of the conversation (open / pending / resolved, an assignee): the payloads carry
 * `event.ownership`, and the bot's own escalate / handBack / resolve lead to the `statuses` given.
 */
export interface StatusFieldOwnership {
  /** The mechanism. */
  readonly kind: 'status-field';
  /** The status words the bot's own escalate / handBack / resolve lead to. */
  readonly statuses?: OwnershipStatuses;
}

/**
 * Ownership by a handover protocol: one app holds the thread, the others get its events on standby, and control
 * passes by explicit calls (pass / take / request). The payloads carry `event.ownership` and `handoff_requested`.
 */
export interface HandoverProtocolOwnership {
  /** The mechanism. */
  readonly kind: 'handover-protocol';
  /** How a `handoff_requested` is answered after its handlers ran. Default `'ignore'`. */
  readonly onHandoffRequest?: HandoffRequestPolicy;
}

/** Ownership by an escalation tag on the contact, for platforms without a status field or a handover protocol. */
export interface ContactTagOwnership {
  /** The mechanism. */
  readonly kind: 'contact-tag';
  /** The tag, and how to read a contact's tags. */
  readonly tags: TagOwnership;
}

/** How a platform says who owns a conversation: each adapter picks one. */
export type OwnershipMechanism = StatusFieldOwnership | HandoverProtocolOwnership | ContactTagOwnership;

/** For platforms that take the bot's actions in the HTTP answer of the webhook rather than (only) by REST calls. */
export interface AnswerOutbox {
  /** Builds the HTTP answer from the actions collected during a delivery. */
  /** `delivery` is the delivery being answered (some answers echo a part of the request). */
  respond(items: unknown[], status: 200 | 202, delivery?: Delivery): Answer;
}

/** What the agent hands an adapter besides the delivery. */
export interface VerifyContext {
  /** The current time in milliseconds (injectable for tests). */
  now: number;
}

/**
 * A platform adapter: verifies and parses its webhooks and performs helpers through its API. `Raw` is the type of
 * the payload its events carry (`ctx.raw` in the handlers of an agent built with it). Members are grouped by
 * concern; each says when an adapter needs it.
 */
export interface Adapter<Raw = unknown> {
  // ── Identity ──
  /** Always: the platform's name, the folder's name (lower case); also the `ctx.platform` value and the store prefix. */
  readonly name: string;
  /** Always: the helpers `actions()` performs, the one record of what the platform supports (others throw `E_UNSUPPORTED`). */
  readonly capabilities: readonly HelperName[];

  // ── Inbound ──
  /**
   * When the platform checks the endpoint with a handshake (e.g. a GET challenge), or makes a request of the bot
   * that is not an event (a configuration read): its answer, else `undefined`.
   */
  handshake?(delivery: Delivery): Answer | Promise<Answer> | undefined;
  /** Always: throws a `SignatureError` unless the delivery is authentic (a no-op only when signing is off by option). */
  verify(delivery: Delivery, context: VerifyContext): void;
  /**
   * Always: turns a verified, JSON-parsed body into 0..n normalized events. Throws a `PayloadError` naming the field
   * when the delivery as a whole is unusable; returns the per-item errors of a batch in `errors` beside its events.
   */
  parse(body: unknown, delivery: Delivery): ParsedDelivery<Raw>;
  /** When later helpers need something only some events carry (a reply target): the agent keeps the latest `event.target`. */
  readonly remembersTarget?: boolean;
  /** The bot's own id on the platform for a conversation (several bots may share one adapter), for escalation records. */
  botIdOf?(conversation: ConversationRef): string | undefined;
  /** When the platform sends the contact at the start only: the agent keeps it and gives it to later events that lack it. */
  readonly remembersContact?: boolean;

  // ── Outbound ──
  /**
   * Always: the platform calls for one conversation. With an `outbox` adapter, `outbox` is given inside a webhook:
   * while it is open, actions go into it (and so into the HTTP answer); once closed, through the API.
   */
  actions(conversation: ConversationRef, outbox?: ResponseOutbox): PlatformActions;
  /** When the platform takes actions in the webhook's HTTP answer. */
  readonly outbox?: AnswerOutbox;
  /** When the adapter holds secrets: replaces them (in every encoding) in a text; every log line passes through it. */
  readonly redact?: (text: string) => string;

  // ── Timing and retries ──
  /** When the platform waits less than 5 s for an answer: that, minus a margin; the agent's default ack deadline. */
  readonly ackTimeoutMs?: number;
  /** When the platform's reply window is known: how long a handler may run before it counts as failed. */
  readonly handlerTimeoutMs?: number;
  /** When the platform redelivers for longer than 24 h: its retry horizon (dedupe window; older events are refused). */
  readonly dedupeTtlMs?: number;
  /** When the platform retries only some statuses: the ones every "send this again" answer uses. Default 503 / 500. */
  readonly redelivery?: RedeliveryStatuses;
  /** When the platform wants 200 for an answer sent at the ack deadline while handlers still run. Default 202. */
  readonly ackStatus?: 200 | 202;

  // ── Ownership ──
  /** How the platform says who owns a conversation. Default `{ kind: 'status-field' }` with no status words. */
  readonly ownership?: OwnershipMechanism;
}

/** The status words of an adapter's own ownership changes (status-field ownership only). */
export function statusesOf(adapter: Adapter): OwnershipStatuses {
  return adapter.ownership?.kind === 'status-field' ? (adapter.ownership.statuses ?? {}) : {};
}

/** The tag ownership of an adapter (contact-tag ownership only). */
export function tagOwnershipOf(adapter: Adapter): TagOwnership | undefined {
  return adapter.ownership?.kind === 'contact-tag' ? adapter.ownership.tags : undefined;
}

/** How an adapter answers `handoff_requested` (handover-protocol ownership only; else `'ignore'`). */
export function handoffRequestPolicyOf(adapter: Adapter): HandoffRequestPolicy {
  return adapter.ownership?.kind === 'handover-protocol' ? (adapter.ownership.onHandoffRequest ?? 'ignore') : 'ignore';
}
