import type { ConversationRef, HelperName, OwnershipStatuses, PlatformActions } from '../core/actions.js';
import type { Answer, Delivery } from '../core/delivery.js';
import type { NormalizedEvent } from '../core/events.js';

/** What the agent hands an adapter besides the delivery. */
export interface VerifyContext {
  /** The current time in milliseconds (injectable for tests). */
  now: number;
}

/** A platform adapter: verifies and parses its webhooks and performs helpers through its API. */
export interface Adapter {
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
  /** Turns a verified, JSON-parsed body into 0..n normalized events; throws a `PayloadError` naming the field. */
  parse(body: unknown, delivery: Delivery): NormalizedEvent[];
  /** The platform calls for one conversation. */
  actions(conversation: ConversationRef): PlatformActions;
}
