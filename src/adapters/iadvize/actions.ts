import { setTimeout as sleep } from 'node:timers/promises';
import type { ConversationRef, EscalateOptions, EscalationTarget, OutgoingMessage, PlatformActions, SentMessage } from '../../core/actions.js';
import { ConfigError, HandoffkitError } from '../../errors.js';
import type { ResponseOutbox } from '../../core/outbox.js';
import { actionOrMessageOf, type IadvizeGraphql } from './graphql.js';
import type { ResolvedIadvizeOptions } from './options.js';
import { awaitReply, type IadvizeReply, messageReplies, transferReplies } from './replies.js';

// How long `typing()` pauses the conversation (iAdvize shows the bot typing during an `await`).
const TYPING_MS = 1_000;

/**
 * The helpers of one conversation as `replies[]` of the answer to iAdvize's call: `message`, `await`, `transfer`
 * (with its failure fallback) and `close`. After that answer left, through the GraphQL `chatbotMessageSend`
 * mutation when the `graphql` option is set.
 */
export class IadvizeActions implements PlatformActions {
  readonly #config: ResolvedIadvizeOptions;
  readonly #ref: ConversationRef;
  readonly #outbox: ResponseOutbox | undefined;
  readonly #graphql: IadvizeGraphql | undefined;

  /** Creates the actions of one conversation; `outbox` is the answer being collected, if any. */
  constructor(config: ResolvedIadvizeOptions, ref: ConversationRef, outbox?: ResponseOutbox, graphql?: IadvizeGraphql) {
    this.#config = config;
    this.#ref = ref;
    this.#outbox = outbox;
    this.#graphql = graphql;
  }

  /** `message` replies (over 450 characters: several), quick replies on the last. */
  async reply(message: OutgoingMessage): Promise<SentMessage> {
    await this.#send('reply', messageReplies(message));
    return {};
  }

  /** An `await` of one second, during which iAdvize shows the bot typing; hiding it sends nothing (nor does it after the answer). */
  async typing(on: boolean): Promise<void> {
    if (!on) return;
    if (this.#answering()) return this.#collect([awaitReply(TYPING_MS)]);
    this.#api('typing');
  }

  /** An `await` of `ms` in the answer; after it, the bot waits `ms` before its next asynchronous message. */
  async wait(ms: number): Promise<void> {
    if (this.#answering()) return this.#collect([awaitReply(ms)]);
    this.#api('wait');
    await sleep(ms);
  }

  /**
   * `transfer` to the distribution rule (`to`, else `transferRule`) then the fallback message and `close`, which
   * iAdvize runs only if the transfer fails. After a call was requested: `close`, or the transfer (`afterCall`).
   * After the answer, the transfer alone: a fallback sent there would reach the visitor at once.
   */
  async escalate(options: EscalateOptions): Promise<void> {
    const config = this.#config;
    if (options.call !== undefined && config.afterCall === 'close') return this.#send('escalate', [{ type: 'close' }]);
    const { rule, timeoutSeconds } = ruleOf(options.to);
    const replies = transferReplies(rule ?? config.transferRule, timeoutSeconds ?? config.transferTimeoutSeconds, config.transferFallbackMessage);
    return this.#send('escalate', this.#answering() ? replies : replies.slice(0, 1));
  }

  /** `close`. */
  async resolve(): Promise<void> {
    await this.#send('resolve', [{ type: 'close' }]);
  }

  #answering(): boolean {
    return this.#outbox?.open === true;
  }

  #collect(replies: IadvizeReply[]): void {
    const outbox = this.#outbox as ResponseOutbox<IadvizeReply>;
    for (const reply of replies) outbox.push(reply);
  }

  async #send(helper: string, replies: IadvizeReply[]): Promise<void> {
    if (this.#answering()) return this.#collect(replies);
    const graphql = this.#api(helper);
    const idOperator = this.#ref.target?.idOperator;
    // One mutation per reply, in order: each is one action or message.
    for (const reply of replies) {
      const input = actionOrMessageOf(reply);
      if (input !== undefined) await graphql.send(this.#ref.id, idOperator, input);
    }
  }

  /** The GraphQL client, or `E_CONFIG` naming the option that would have given it. */
  #api(helper: string): IadvizeGraphql {
    if (this.#graphql !== undefined) return this.#graphql;
    throw new ConfigError(
      'graphql',
      `${helper}() in iAdvize conversation ${this.#ref.id} came after the answer to iAdvize's call (which takes replies within 10 s): asynchronous messages go through the GraphQL chatbotMessageSend mutation, which needs iadvize({ graphql: { token } }).`,
    );
  }
}

/** Transfer timeouts iAdvize takes, in seconds. */
const MIN_TIMEOUT = 5;
const MAX_TIMEOUT = 60;

/** The distribution rule (and per-call transfer timeout) an escalation names: a rule id, `{ rule, timeoutSeconds? }` or `{ team }`. */
function ruleOf(to: EscalationTarget | undefined): { rule?: string; timeoutSeconds?: number } {
  if (to === undefined) return {};
  if (typeof to === 'string' || typeof to === 'number') return { rule: String(to) };
  if ('team' in to) return { rule: String(to.team) };
  if ('rule' in to) {
    const { timeoutSeconds } = to;
    if (timeoutSeconds !== undefined && (typeof timeoutSeconds !== 'number' || !(timeoutSeconds >= MIN_TIMEOUT && timeoutSeconds <= MAX_TIMEOUT))) {
      throw new HandoffkitError(
        'E_PAYLOAD',
        `escalate({ to: { rule, timeoutSeconds } }) on iAdvize: timeoutSeconds must be a number of seconds from ${MIN_TIMEOUT} to ${MAX_TIMEOUT}, got ${String(timeoutSeconds)}.`,
        { details: { adapter: 'iadvize', helper: 'escalate' } },
      );
    }
    return { rule: String(to.rule), ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }) };
  }
  throw new HandoffkitError(
    'E_UNSUPPORTED',
    'escalate({ to }) on iAdvize takes a distribution rule: a rule id, { rule, timeoutSeconds? } or { team: ruleId }.',
    {
      details: { adapter: 'iadvize', helper: 'escalate' },
    },
  );
}
