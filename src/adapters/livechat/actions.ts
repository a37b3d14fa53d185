import type { ConversationRef, EscalateOptions, EscalationResult, OutgoingMessage, PlatformActions, SentMessage } from '../../core/actions.js';
import { HandoffkitError, PlatformApiError } from '../../errors.js';
import type { LiveChatApi } from './api.js';
import { toLiveChatEvents } from './messages.js';
import { cutToLimit, joinParts } from '../kit/handover-text.js';

/** The most characters the note event is given (LiveChat refuses longer message events). */
const EVENT_TEXT_LIMIT = 16_000;

/** What the actions need from the adapter. */
export interface LiveChatActionDeps {
  /** The Agent Chat API as the bot. */
  api: LiveChatApi;
  /** The group `escalate()` transfers to without `to`. */
  humanGroup: number;
  /** The namespace of the bot's chat properties (its app's client id). */
  namespace: string;
}

/** Where the bot acts in a chat, kept by the agent from the latest event (`NormalizedEvent.target`). */
export interface LiveChatTarget {
  /** The chat's current thread, which tags belong to. */
  threadId?: string;
}

// What LiveChat answers a transfer that finds no agent to take the chat (the only refusal a queue fixes).
const NO_AGENT_TYPES: ReadonlySet<string> = new Set(['agents_unavailable', 'agents_not_available', 'group_offline', 'groups_offline', 'group_unavailable']);
const NO_AGENT_TEXT = /no (available )?agents?|agents? (are )?(not available|unavailable|offline)/i;

/** Whether a failed `transfer_chat` said that no agent is available. */
export function isNoAgentAvailable(error: unknown): boolean {
  if (!(error instanceof PlatformApiError)) return false;
  const type = error.details?.type;
  return (typeof type === 'string' && NO_AGENT_TYPES.has(type)) || NO_AGENT_TEXT.test(error.platformMessage);
}

/** The helpers over the Agent Chat API, for one chat. */
export class LiveChatActions implements PlatformActions {
  readonly #deps: LiveChatActionDeps;
  readonly #ref: ConversationRef;

  /** Creates the actions of one chat. */
  constructor(deps: LiveChatActionDeps, ref: ConversationRef) {
    this.#deps = deps;
    this.#ref = ref;
  }

  /** `send_event`: the text as a message, quick replies and cards as rich messages; resolves with the last event's id. */
  async reply(message: OutgoingMessage): Promise<SentMessage> {
    let sent: SentMessage = {};
    for (const event of toLiveChatEvents(message)) sent = await this.#sendEvent(event);
    return sent;
  }

  /** `send_typing_indicator`. */
  async typing(on: boolean): Promise<void> {
    await this.#deps.api.action('send_typing_indicator', { chat_id: this.#ref.id, visibility: 'all', is_typing: on });
  }

  /** `tag_thread`, once per tag, on the chat's current thread. */
  async tag(names: string[]): Promise<void> {
    const threadId = await this.#threadId();
    for (const tag of names) await this.#deps.api.action('tag_thread', { chat_id: this.#ref.id, thread_id: threadId, tag });
  }

  /** `untag_thread`, once per tag. */
  async untag(names: string[]): Promise<void> {
    const threadId = await this.#threadId();
    for (const tag of names) await this.#deps.api.action('untag_thread', { chat_id: this.#ref.id, thread_id: threadId, tag });
  }

  /** `deactivate_chat`. */
  async resolve(): Promise<void> {
    await this.#deps.api.action('deactivate_chat', { id: this.#ref.id });
  }

  /**
   * The reason, summary and note as a private event for the agents (cut to 16,000 characters), then `transfer_chat` to `to` or `humanGroup`; when no
   * agent is available, the transfer again with `ignore_agents_availability: true`: the chat waits in the queue.
   */
  async escalate(options: EscalateOptions): Promise<EscalationResult> {
    const note = joinParts([options.reason, options.summary, options.note]);
    if (note !== undefined) await this.#sendEvent({ type: 'message', text: cutToLimit(note, EVENT_TEXT_LIMIT, 'chars'), visibility: 'agents' });
    const transfer = { id: this.#ref.id, target: targetOf(options.to, this.#deps.humanGroup) };
    try {
      await this.#deps.api.action('transfer_chat', transfer, true);
      return {};
    } catch (error) {
      if (!isNoAgentAvailable(error)) throw error;
    }
    await this.#deps.api.action('transfer_chat', { ...transfer, ignore_agents_availability: true }, true);
    return { queued: true };
  }

  /** `update_chat_properties` in the bot's namespace. */
  async setAttributes(attributes: Record<string, unknown>): Promise<void> {
    await this.#deps.api.action('update_chat_properties', { id: this.#ref.id, properties: { [this.#deps.namespace]: attributes } });
    this.#ref.attributes = { ...this.#ref.attributes, ...attributes };
  }

  async #sendEvent(event: Record<string, unknown>): Promise<SentMessage> {
    const answer = await this.#deps.api.action<{ event_id?: unknown } | undefined>('send_event', { chat_id: this.#ref.id, event }, true);
    return typeof answer?.event_id === 'string' ? { id: answer.event_id } : {};
  }

  // The thread the latest event named; outside a webhook, the chat's current thread (`get_chat`).
  async #threadId(): Promise<string> {
    const known = (this.#ref.target as LiveChatTarget | undefined)?.threadId;
    if (typeof known === 'string' && known !== '') return known;
    const chat = await this.#deps.api.action<{ thread?: { id?: unknown } } | undefined>('get_chat', { chat_id: this.#ref.id });
    const threadId = chat?.thread?.id;
    if (typeof threadId !== 'string' || threadId === '') {
      throw new HandoffkitError('E_PLATFORM_API', `LiveChat named no current thread of chat ${this.#ref.id} (get_chat): tags belong to a thread.`);
    }
    this.#ref.target = { ...this.#ref.target, threadId };
    return threadId;
  }
}

function targetOf(to: EscalateOptions['to'], humanGroup: number): { type: 'group' | 'agent'; ids: (string | number)[] } {
  if (to === undefined) return { type: 'group', ids: [humanGroup] };
  if (typeof to === 'number') return { type: 'group', ids: [to] };
  if (typeof to === 'object' && to !== null) {
    if ('agent' in to) return { type: 'agent', ids: [String(to.agent)] };
    const group = 'group' in to ? to.group : 'team' in to ? to.team : undefined;
    if (group !== undefined && Number.isInteger(Number(group))) return { type: 'group', ids: [Number(group)] };
  }
  throw new HandoffkitError('E_UNSUPPORTED', `escalate({ to }) on LiveChat takes { group: id }, { agent: id } or a group id, got ${JSON.stringify(to)}.`, {
    details: { adapter: 'livechat', helper: 'escalate' },
  });
}
