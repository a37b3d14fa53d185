import { type Answer, jsonAnswer } from './delivery.js';
import { type ErrorCode, errorMessage, HandoffkitError } from '../errors.js';

/**
 * The statuses a platform redelivers on, declared by its adapter: the agent answers with them wherever it means
 * "please send this again". Platforms differ: some retry only a few statuses (e.g. 429 and 500) and hand the conversation to a
 * human on any other failure; others retry any non-2xx.
 */
export interface RedeliveryStatuses {
  /** A dependency of the bot failed (the store, a conversation lock, the platform API). */
  readonly unavailable: number;
  /** Handling failed (a handler under `onHandlerError: 'throw'`, a failed fail-safe escalation). */
  readonly failed: number;
  /** Sent as `Retry-After` (seconds) on these answers, for platforms that read it. */
  readonly retryAfterSeconds?: number;
}

/** What an adapter that declares nothing gets: 503 when a dependency failed, 500 when handling did. */
export const DEFAULT_REDELIVERY: RedeliveryStatuses = { unavailable: 503, failed: 500 };

/** Why a delivery must be redelivered: a dependency was unavailable, or handling failed. */
export type FailureKind = 'unavailable' | 'failed';

/** The fixed texts of failed deliveries' answers (never a platform's or a handler's text, which may quote a token). */
const MESSAGES: Record<FailureKind, string> = {
  unavailable: 'A dependency of the bot (its store or the platform API) is unavailable; deliver this again later.',
  failed: 'The bot could not handle this delivery; deliver it again.',
};

/** A failure the platform should see so that it retries. @internal */
export class DeliveryFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly kind: FailureKind = 'failed',
  ) {
    super(message);
  }

  /** The failure a rejected event amounts to: a store failure or a platform 503 is a dependency's. */
  static of(reason: unknown): DeliveryFailure {
    if (reason instanceof DeliveryFailure) return reason;
    if (reason instanceof HandoffkitError && (reason.code === 'E_STORE' || reason.details?.status === 503)) {
      return new DeliveryFailure(reason.code, reason.message, 'unavailable');
    }
    return new DeliveryFailure('E_HANDLER', errorMessage(reason));
  }
}

/** The answer asking the platform to redeliver, with the status (and Retry-After) its adapter declared. */
export function redeliveryAnswer(statuses: RedeliveryStatuses, kind: FailureKind, code: ErrorCode): Answer {
  const answer = jsonAnswer(statuses[kind], { error: { code, message: MESSAGES[kind] } });
  if (statuses.retryAfterSeconds !== undefined) answer.headers['retry-after'] = String(statuses.retryAfterSeconds);
  return answer;
}
