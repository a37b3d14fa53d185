import type { ConversationRef, EscalateOptions, OutgoingMessage, PlatformActions, RecordedOwnership, SentMessage } from '../../core/actions.js';
import { HandoffkitError, NotOwnerError, PlatformApiError } from '../../errors.js';
import type { ResponseOutbox } from '../../core/outbox.js';
import type { HootsuiteApi } from './api.js';
import { loadAttachment } from './attachments.js';
import { toContactAttributes } from './attributes.js';
import type { CompleteAction, ConversationManipulation, HootsuiteMessage } from './manipulation.js';
import type { ConversationMemory } from './memory.js';
import { planReply } from './messages.js';
import { splitTags } from './tags.js';
import { cutToLimit, noteForAgents } from '../kit/handover-text.js';

/** The most characters a conversation note is given (Hootsuite documents no limit; a note is meant to be read at a glance). */
const NOTE_LIMIT = 5_000;

/** What the actions need from the adapter. */
export interface HootsuiteActionDeps {
  /** The REST API (used once the webhook is answered, outside a webhook, and for uploads). */
  api: HootsuiteApi;
  /** The latest inbound message of each conversation. */
  memory: ConversationMemory;
  /** Timeout of attachment downloads, in ms. */
  timeoutMs: number;
}

/**
 * The helpers of one conversation as `ConversationManipulation`s: into the webhook answer while the outbox is open,
 * through the REST API otherwise. Once the bot completed the conversation, every helper refuses with `E_NOT_OWNER`
 * without calling the API: on this process at once, and on every instance sharing the agent's store (or after a
 * restart), since the completion is recorded there as the conversation's owner.
 */
export class HootsuiteActions implements PlatformActions {
  readonly #deps: HootsuiteActionDeps;
  readonly #ref: ConversationRef;
  readonly #outbox: ResponseOutbox | undefined;
  /** How these helpers ended the bot's part, from the moment a complete is sent (so that a concurrent one is refused). */
  #finished: Finished | undefined;

  /** Creates the actions of one conversation; `outbox` is the webhook answer being collected, if any. */
  constructor(deps: HootsuiteActionDeps, ref: ConversationRef, outbox?: ResponseOutbox) {
    this.#deps = deps;
    this.#ref = ref;
    this.#outbox = outbox;
  }

  /** `sendMessage`/`sendMessages` (attachments uploaded first, sent by file name); a private reply is a conversation note. */
  async reply(message: OutgoingMessage): Promise<SentMessage> {
    this.#assertWithBot('reply');
    const plan = planReply(message);
    if (plan.kind === 'note') {
      await this.#act('reply', { applyConversationNotes: [{ text: plan.text }] });
      return {};
    }
    const messages: HootsuiteMessage[] = [plan.first];
    for (const attachment of plan.uploads) {
      const file = await loadAttachment(attachment, this.#deps.timeoutMs);
      this.#assertWithBot('reply');
      await this.#rest('reply', () => this.#deps.api.upload(this.#ref.id, file, 'reply'));
      if (messages[0]!.attachment === undefined) messages[0]!.attachment = file.filename;
      else messages.push({ attachment: file.filename });
    }
    await this.#act('reply', messages.length === 1 ? { sendMessage: messages[0]! } : { sendMessages: messages });
    // Hootsuite gives no id to the bot's messages.
    return {};
  }

  /** `applyTopics` for plain names; `applyTags` for names wrapped by `messageTag()`. */
  async tag(names: string[]): Promise<void> {
    const split = splitTags(names);
    const item: ConversationManipulation = {};
    if (split.topics.length > 0) item.applyTopics = split.topics;
    if (split.messageTags.length > 0) item.applyTags = split.messageTags;
    if (split.messageId !== undefined) item.messageId = split.messageId;
    // The webhook answer can only tag the latest message: a named message goes through REST.
    await this.#act('tag', item, split.messageId !== undefined);
  }

  /** `complete: "RESOLVED"`. */
  async resolve(): Promise<void> {
    await this.#act('resolve', { complete: 'RESOLVED' });
  }

  /** `complete: "HANDOVER"`, with the summary and note (or else the reason) as a conversation note for the agents. */
  async escalate(options: EscalateOptions): Promise<void> {
    if (options.to !== undefined) {
      throw new HandoffkitError(
        'E_UNSUPPORTED',
        "escalate({ to }) is not supported by the hootsuite adapter: a HANDOVER follows the admin's rule (the New queue, or the previous agent). Apply a topic with tag() that a routing rule matches instead.",
        { details: { adapter: 'hootsuite', helper: 'escalate' } },
      );
    }
    const written = noteForAgents(options);
    const note = written ?? (options.reason === undefined ? undefined : `Handed over by the virtual agent: ${options.reason}`);
    const item: ConversationManipulation = { complete: 'HANDOVER' };
    if (note !== undefined && note !== '') item.applyConversationNotes = [{ text: cutToLimit(note, NOTE_LIMIT, 'chars') }];
    await this.#act('escalate', item);
  }

  /** `indicateTyping: "START" | "STOP"`. */
  async typing(on: boolean): Promise<void> {
    await this.#act('typing', { indicateTyping: on ? 'START' : 'STOP' });
  }

  /** `setContactAttributes`; Hootsuite keeps a value the contact already has (it never overwrites). */
  async setAttributes(attributes: Record<string, unknown>): Promise<void> {
    this.#assertWithBot('setAttributes');
    const values = toContactAttributes(attributes);
    if (Object.keys(values).length === 0) return;
    await this.#act('setAttributes', { setContactAttributes: values });
  }

  async #act(helper: string, item: ConversationManipulation, restOnly = false): Promise<void> {
    this.#assertWithBot(helper);
    const id = this.#ref.id;
    const completes = item.complete;
    // Marked before anything is sent, so that a second complete (even a concurrent one) is refused; once it is done,
    // the agent records the new owner in its store, where other instances see it.
    if (completes !== undefined) this.#finished = completes;
    try {
      if (!restOnly && this.#outbox?.push(item)) return;
      const body = item.applyTags === undefined || item.messageId !== undefined ? item : { ...item, messageId: this.#latestMessage() };
      await this.#rest(helper, () => this.#deps.api.manipulate(id, body, helper));
    } catch (error) {
      if (completes !== undefined && this.#finished === completes) this.#finished = undefined;
      throw error;
    }
  }

  async #rest(helper: string, call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (error) {
      if (!(error instanceof PlatformApiError) || error.status !== 404) throw error;
      // 404: the conversation is no longer assigned to the virtual agent (the agent records a human owner).
      this.#finished = 'GONE';
      throw notOwner(helper, this.#ref.id, 'GONE');
    }
  }

  #latestMessage(): string {
    const id = this.#deps.memory.lastMessageId(this.#ref.id);
    if (id !== undefined) return id;
    throw new HandoffkitError(
      'E_UNSUPPORTED',
      `Tagging a message through the REST API needs its messageId, and no inbound message of conversation ${this.#ref.id} is known: pass messageTag(name, messageId).`,
      { details: { adapter: 'hootsuite', helper: 'tag' } },
    );
  }

  #assertWithBot(helper: string): void {
    const finished = this.#finished ?? finishedByRecord(this.#ref.recorded?.());
    if (finished !== undefined) throw notOwner(helper, this.#ref.id, finished);
  }
}

/**
 * How the bot's part ended, by the ownership the agent's store records: handed to humans (`complete: HANDOVER`, or a
 * 404 that said it is no longer the bot's) or resolved by the bot. A conversation Hootsuite assigns to the bot again
 * is recorded as the bot's by that delivery.
 */
function finishedByRecord(record: RecordedOwnership | undefined): Finished | undefined {
  if (record?.owner === 'human') return record.status === 'HANDOVER' ? 'HANDOVER' : 'GONE';
  if (record?.owner === 'none' && record.status === 'RESOLVED') return 'RESOLVED';
  return undefined;
}

/** Why the bot may no longer act in a conversation. */
type Finished = CompleteAction | 'GONE';

const WHY: Readonly<Record<Finished, string>> = {
  HANDOVER: 'the bot handed it over to humans (complete: HANDOVER)',
  RESOLVED: 'the bot resolved it (complete: RESOLVED)',
  GONE: 'Hootsuite answered 404, so it is no longer assigned to the virtual agent (handed over, resolved, or timed out)',
};

/** `E_NOT_OWNER` for a conversation the bot's part in has ended; `force` cannot override it. */
function notOwner(helper: string, conversationId: string, finished: Finished): NotOwnerError {
  const error = new NotOwnerError(helper, conversationId, finished === 'RESOLVED' ? 'none' : 'human');
  error.message = `Refusing ${helper}() in conversation ${conversationId}: ${WHY[finished]}. Hootsuite takes no more actions from the bot until the conversation is assigned to it again.`;
  return error;
}
