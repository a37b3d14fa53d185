import { asError, errorMessage, HandoffkitError, isHandoffkitError } from '../../errors.js';
import type { OutgoingMessage } from '../actions.js';
import type { AnyContext, EventContext } from '../context.js';
import type { LiveConversation } from '../conversation-state.js';
import type { NormalizedEvent } from '../events.js';
import { DeliveryFailure } from '../failures.js';
import { ConversationHelpers } from '../helpers.js';
import * as observe from '../observability/emit.js';
import type { AgentRuntime } from './runtime.js';

/** What the agent does when a handler throws or times out. */
export type HandlerErrorPolicy = 'escalate' | 'ignore' | 'throw';

/** Receives every error the agent reports (handler failures, failed escalations, work after the ack). */
export type ErrorHandler<S = unknown, Raw = unknown> = (error: HandoffkitError | Error, ctx: AnyContext<S, Raw> | undefined) => unknown;

/**
 * Events whose failed handlers are reported but never escalated: no contact is left waiting on them (a closed
 * conversation, an observer's event, a greeting when the widget opens).
 */
const NO_FAIL_SAFE: ReadonlySet<string> = new Set<NormalizedEvent['name']>(['conversation_resolved', 'platform_event', 'contact_event', 'widget_triggered']);

/** Reports errors to the `onError` handlers (or the log when there is none) and runs the fail-safe of a failed handler. */
export class FailSafe {
  /** The registered `onError` handlers, in order. */
  readonly errorHandlers: ErrorHandler[] = [];
  readonly #runtime: AgentRuntime;
  readonly #policy: HandlerErrorPolicy;
  readonly #fallbackMessage: string | OutgoingMessage | undefined;

  /** A fail-safe with the agent's policy and fallback message. */
  constructor(runtime: AgentRuntime, policy: HandlerErrorPolicy, fallbackMessage: string | OutgoingMessage | undefined) {
    this.#runtime = runtime;
    this.#policy = policy;
    this.#fallbackMessage = fallbackMessage;
  }

  /** Reports an error (any thrown value) with the context it happened in. */
  async report(error: unknown, ctx: AnyContext | EventContext | undefined): Promise<void> {
    const reported = asError(error);
    const context = ctx as AnyContext | undefined;
    observe.reported(this.#runtime.events, reported, context?.conversation?.id);
    if (this.errorHandlers.length === 0) {
      this.#runtime.logger.error(errorMessage(reported), {
        code: (reported as { code?: unknown }).code ?? 'E_HANDLER',
        conversationId: context?.conversation?.id,
        event: context?.event.name,
      });
      return;
    }
    for (const handler of this.errorHandlers) {
      try {
        await handler(reported, context);
      } catch (inner) {
        this.#runtime.logger.error(`an onError handler failed: ${errorMessage(inner)}`);
      }
    }
  }

  /** After a handler of `name` failed: nothing, a "send again" answer, or the fallback message and an escalation. */
  async handlerFailed(state: LiveConversation, ctx: EventContext, name: NormalizedEvent['name']): Promise<void> {
    if (this.#policy === 'ignore') return;
    if (this.#policy === 'throw') throw new DeliveryFailure('E_HANDLER', `A ${name} handler failed.`);
    // Only a contact who wrote is left waiting: a failed greeting (widget_triggered) or observer is reported, not escalated.
    if (state.owner() === 'human' || NO_FAIL_SAFE.has(name)) return;
    // The failed context refuses to act once timed out; the fail-safe acts through the conversation itself.
    const helpers = new ConversationHelpers(state, 'fail-safe');
    if (this.#fallbackMessage !== undefined) {
      // Best effort: the escalation below matters more than this message.
      await helpers.reply(this.#fallbackMessage).catch((error: unknown) => this.report(error, ctx));
    }
    try {
      await helpers.escalate({ reason: `a ${name} handler failed` });
    } catch (error) {
      // A retry cannot help when the platform cannot escalate here at all (E_UNSUPPORTED): report, answer 200.
      // Nor when the platform says the conversation is no longer the bot's (E_NOT_OWNER): it already left the bot.
      const final = isHandoffkitError(error, 'E_UNSUPPORTED') || isHandoffkitError(error, 'E_NOT_OWNER');
      const failure = new HandoffkitError(
        'E_HANDLER',
        `A ${name} handler failed in conversation ${state.ref.id} and the escalation to a human failed too: ${errorMessage(error).replace(/\.$/, '')}. ${
          final ? 'A retry cannot help, so the delivery is answered 200.' : 'The delivery is answered with an error so the platform retries it.'
        }`,
        { details: { conversationId: state.ref.id, event: name } },
      );
      await this.report(failure, ctx);
      if (!final) throw new DeliveryFailure('E_HANDLER', failure.message);
    }
  }
}
