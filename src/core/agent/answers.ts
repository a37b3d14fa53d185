import { errorMessage, HandoffkitError, HTTP_STATUS_BY_CODE } from '../../errors.js';
import { type Answer, jsonAnswer } from '../delivery.js';
import { DeliveryFailure, redeliveryAnswer } from '../failures.js';
import * as observe from '../observability/emit.js';
import type { ResponseOutbox } from '../outbox.js';
import type { AgentRuntime } from './runtime.js';

/** The fixed text of the answer to a delivery that failed for a reason the answer must not quote. */
export const UNHANDLED_TEXT = 'The delivery could not be handled.';

const OK_BODY = '{"ok":true}';

/** The answer of a delivery handled (200) or still being handled at the ack deadline (202). */
export function okAnswer(status: 200 | 202): Answer {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: OK_BODY };
}

/** The answer of a delivery that failed for a reason the answer must not quote: 500 `E_HANDLER`, fixed text. */
export function unhandledAnswer(): Answer {
  return jsonAnswer(500, { error: { code: 'E_HANDLER', message: UNHANDLED_TEXT } });
}

/** The answer to a delivery refused before any event was handled (handshake, method, size, signature, payload). */
export function rejectAnswer(runtime: AgentRuntime, error: unknown): Answer {
  if (error instanceof HandoffkitError) {
    if (error.code === 'E_STORE') return redeliveryAnswer(runtime.redelivery, 'unavailable', 'E_STORE');
    if (error.code === 'E_CONFIG') runtime.logger.error(error.message, { code: error.code });
    else runtime.logger.warn(`delivery rejected: ${error.message}`, { code: error.code });
    const answer = jsonAnswer(HTTP_STATUS_BY_CODE[error.code], error.toJSON());
    if (error.code === 'E_METHOD') answer.headers.allow = 'POST';
    return answer;
  }
  runtime.logger.error(`delivery failed: ${errorMessage(error)}`);
  return unhandledAnswer();
}

/** The answer to a delivery some of whose events failed: "unavailable" when a dependency failed, else "failed". */
export function failureAnswer(runtime: AgentRuntime, reasons: unknown[]): Answer {
  let failure: DeliveryFailure | undefined;
  for (const reason of reasons) {
    const error = DeliveryFailure.of(reason);
    if (!(reason instanceof DeliveryFailure)) runtime.logger.error(`event failed: ${error.message}`, { code: error.code });
    if (error.code === 'E_STORE') observe.storeFailed(runtime.events, 'handle event', reason);
    if (failure === undefined || error.kind === 'unavailable') failure = error;
  }
  // The answer never carries a platform's or a handler's text (it may quote a URL with a token): details go to
  // the log and to onError, the platform gets a fixed sentence, with the status the adapter says it retries on.
  const { kind, code } = failure as DeliveryFailure;
  return redeliveryAnswer(runtime.redelivery, kind, code);
}

/** The final answer: for platforms that take actions in the answer, the collected actions (unless it failed). */
export function answered(runtime: AgentRuntime, answer: Answer, outbox: ResponseOutbox | undefined): Answer {
  if (outbox === undefined || !outbox.open) return answer;
  const items = outbox.close();
  if (answer.status >= 300) {
    if (items.length > 0) runtime.logger.warn(`${items.length} action(s) not sent: the delivery failed and will be redelivered`);
    return answer;
  }
  return runtime.adapter.outbox!.respond(items, answer.status === 202 ? 202 : 200, outbox.delivery);
}
