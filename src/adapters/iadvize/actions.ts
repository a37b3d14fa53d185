import type { ConversationRef, EscalateOptions, EscalationTarget, OutgoingMessage, PlatformActions, SentMessage } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';
import type { ResponseOutbox } from '../../core/outbox.js';
import type { ResolvedIadvizeOptions } from './options.js';
import { awaitReply, type IadvizeReply, messageReplies, transferReplies } from './replies.js';

// How long `typing()` pauses the conversation (iAdvize shows the bot typing during an `await`).
const TYPING_MS = 1_000;

/**
 * The helpers of one conversation as `replies[]` of the answer to iAdvize's call: `message`, `await`, `transfer`
 * (with its failure fallback) and `close`. iAdvize takes the bot's replies only there.
 */
export class IadvizeActions implements PlatformActions {
  readonly #config: ResolvedIadvizeOptions;
  readonly #ref: ConversationRef;
  readonly #outbox: ResponseOutbox | undefined;

  /** Creates the actions of one conversation; `outbox` is the answer being collected, if any. */
  constructor(config: ResolvedIadvizeOptions, ref: ConversationRef, outbox?: ResponseOutbox) {
    this.#config = config;
    this.#ref = ref;
    this.#outbox = outbox;
  }

  /** `message` replies (over 450 characters: several), quick replies on the last. */
  async reply(message: OutgoingMessage): Promise<SentMessage> {
    this.#collect('reply', messageReplies(message));
    return {};
  }

  /** An `await` of one second, during which iAdvize shows the bot typing; hiding it sends nothing. */
  async typing(on: boolean): Promise<void> {
    if (on) this.#collect('typing', [awaitReply(TYPING_MS)]);
  }

  /**
   * `transfer` to the distribution rule (`to`, else `transferRule`) then the fallback message and `close`, which
   * iAdvize runs only if the transfer fails. After a call was requested: `close`, or the transfer (`afterCall`).
   */
  async escalate(options: EscalateOptions): Promise<void> {
    const config = this.#config;
    if (options.call !== undefined && config.afterCall === 'close') return this.#collect('escalate', [{ type: 'close' }]);
    const rule = ruleOf(options.to) ?? config.transferRule;
    this.#collect('escalate', transferReplies(rule, config.transferTimeoutSeconds, config.transferFallbackMessage));
  }

  /** `close`. */
  async resolve(): Promise<void> {
    this.#collect('resolve', [{ type: 'close' }]);
  }

  #collect(helper: string, replies: IadvizeReply[]): void {
    const outbox = this.#outbox as ResponseOutbox<IadvizeReply> | undefined;
    if (outbox?.open) {
      for (const reply of replies) outbox.push(reply);
      return;
    }
    throw new HandoffkitError(
      'E_UNSUPPORTED',
      `${helper}() in iAdvize conversation ${this.#ref.id} came after the answer to iAdvize's call: the bot connector takes replies only in that answer (within 10 s). Asynchronous messages (GraphQL chatbotMessageSend) are not supported by this adapter.`,
      { details: { adapter: 'iadvize', helper } },
    );
  }
}

/** The distribution rule an escalation names: a rule id, or `{ team: id }`. */
function ruleOf(to: EscalationTarget | undefined): string | undefined {
  if (to === undefined) return undefined;
  if (typeof to === 'string' || typeof to === 'number') return String(to);
  if ('team' in to) return String(to.team);
  throw new HandoffkitError('E_UNSUPPORTED', 'escalate({ to }) on iAdvize takes a distribution rule id (or { team: ruleId }).', {
    details: { adapter: 'iadvize', helper: 'escalate' },
  });
}
