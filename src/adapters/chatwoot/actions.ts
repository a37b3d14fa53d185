import type { ConversationRef, EscalateOptions, OutgoingMessage, PlatformActions, SentMessage } from '../../core/actions.js';
import { HandoffkitError, PlatformApiError } from '../../errors.js';
import type { RestClient } from '../../outbound/rest-client.js';
import { toChatwootMessage } from './messages.js';
import { cutToLimit, noteForAgents } from '../kit/handover-text.js';

/** Chatwoot's limit on a message's content. */
const NOTE_LIMIT = 150_000;

/** What the actions need from the adapter. */
export interface ChatwootActionDeps {
  /** The REST client, rooted at `/api/v1/accounts/{account_id}/`. */
  client: RestClient;
  /** Called with the id of every message the bot sends, so its echo is known as the bot's. */
  sent(messageId: string): void;
}

/** The helpers over Chatwoot's REST API, for one conversation. */
export class ChatwootActions implements PlatformActions {
  readonly #deps: ChatwootActionDeps;
  readonly #ref: ConversationRef;
  /** The conversation being created for a widget event without one (once per event). */
  #opening: Promise<string> | undefined;

  /** Creates the actions of one conversation. */
  constructor(deps: ChatwootActionDeps, ref: ConversationRef) {
    this.#deps = deps;
    this.#ref = ref;
  }

  /** `POST …/messages`: text or an interactive message. */
  async reply(message: OutgoingMessage): Promise<SentMessage> {
    return this.#send(toChatwootMessage(message));
  }

  /** `POST …/labels` with the current labels plus `names`. */
  async tag(names: string[]): Promise<void> {
    const current = await this.#labels();
    const next = [...new Set([...current, ...names])];
    if (next.length !== current.length) await this.#setLabels(next);
  }

  /** `POST …/labels` with the current labels minus `names`. */
  async untag(names: string[]): Promise<void> {
    const current = await this.#labels();
    const next = current.filter((label) => !names.includes(label));
    if (next.length !== current.length) await this.#setLabels(next);
  }

  /** `POST …/toggle_status {status: "resolved"}`. */
  async resolve(): Promise<void> {
    await this.#status('resolved');
  }

  /**
   * A private note (the summary, then the note, cut to Chatwoot's 150,000 characters), an assignment (when `to` is
   * given), then `toggle_status {status: "open"}`.
   */
  async escalate(options: EscalateOptions): Promise<void> {
    const assignment = assignmentOf(options.to);
    const note = noteForAgents(options);
    // The note is the bot's own message: its echo must not pass for an agent's.
    if (note !== undefined) await this.#send({ content: cutToLimit(note, NOTE_LIMIT, 'chars'), message_type: 'outgoing', private: true });
    if (assignment !== undefined) await this.#call('POST', 'assignments', assignment);
    await this.#status('open');
  }

  /** `POST …/toggle_status {status: "pending"}`: the bot owns the conversation again. */
  async handBack(): Promise<void> {
    await this.#status('pending');
  }

  /** `POST …/toggle_typing_status`. */
  async typing(on: boolean): Promise<void> {
    await this.#call('POST', 'toggle_typing_status', { typing_status: on ? 'on' : 'off' });
  }

  /** `POST …/custom_attributes` with the existing attributes merged with `attributes` (Chatwoot replaces the hash). */
  async setAttributes(attributes: Record<string, unknown>): Promise<void> {
    const current = this.#ref.attributes ?? (await this.#conversation()).custom_attributes ?? {};
    const next = { ...current, ...attributes };
    await this.#call('POST', 'custom_attributes', { custom_attributes: next });
    this.#ref.attributes = next;
  }

  async #send(body: object): Promise<SentMessage> {
    const created = await this.#call<{ id?: number | string } | undefined>('POST', 'messages', body);
    if (created?.id == null) return {};
    const id = String(created.id);
    this.#deps.sent(id);
    return { id };
  }

  async #labels(): Promise<string[]> {
    if (this.#ref.labels !== undefined) return this.#ref.labels;
    const answer = await this.#call<{ payload?: string[] }>('GET', 'labels');
    this.#ref.labels = answer?.payload ?? [];
    return this.#ref.labels;
  }

  async #setLabels(labels: string[]): Promise<void> {
    const answer = await this.#call<{ payload?: string[] }>('POST', 'labels', { labels });
    this.#ref.labels = answer?.payload ?? labels;
  }

  async #conversation(): Promise<{ custom_attributes?: Record<string, unknown> }> {
    return (await this.#call<{ custom_attributes?: Record<string, unknown> }>('GET', '')) ?? {};
  }

  async #status(status: 'open' | 'pending' | 'resolved'): Promise<void> {
    await this.#call('POST', 'toggle_status', { status });
  }

  async #call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const id = /^\d+$/.test(this.#ref.id) ? this.#ref.id : await this.#open();
    return this.#deps.client.request<T>(method, path === '' ? `conversations/${id}` : `conversations/${id}/${path}`, body);
  }

  /**
   * A widget opened before the contact wrote (`current_conversation: null`) has no conversation yet: the first
   * helper call creates it for the contact's widget session (`POST conversations` with the contact inbox's
   * `source_id`, `pending` so that the bot owns it), and the context's conversation id becomes Chatwoot's.
   */
  #open(): Promise<string> {
    this.#opening ??= this.#create();
    return this.#opening;
  }

  async #create(): Promise<string> {
    const widget = widgetTargetOf(this.#ref.target);
    if (widget === undefined) {
      throw new HandoffkitError(
        'E_UNSUPPORTED',
        `Chatwoot has no conversation for this event yet (${this.#ref.id}) and the payload names no contact inbox (source_id, inbox) to create one in. Greet with the inbox's welcome message, or reply on message_created.`,
      );
    }
    const created = await this.#deps.client.request<{ id?: number | string } | undefined>('POST', 'conversations', {
      source_id: widget.sourceId,
      inbox_id: Number(widget.inboxId),
      contact_id: Number(widget.contactId),
      status: 'pending',
    });
    if (created?.id == null || !/^\d+$/.test(String(created.id))) {
      throw new HandoffkitError('E_PLATFORM_API', 'Chatwoot created the conversation but its answer carried no conversation id.');
    }
    this.#ref.id = String(created.id);
    return this.#ref.id;
  }
}

/** Where a widget's contact talks, carried by `webwidget_triggered` without a conversation (`NormalizedEvent.target`). */
export interface ChatwootWidgetTarget {
  /** The contact inbox's `source_id` (the widget session). */
  sourceId: string;
  /** The inbox's id (a string, like every normalized id). */
  inboxId: string;
  /** The contact's id. */
  contactId: string;
}

const NUMERIC = /^\d+$/;

function widgetTargetOf(target: Record<string, unknown> | undefined): ChatwootWidgetTarget | undefined {
  const widget = target?.widget as Partial<ChatwootWidgetTarget> | undefined;
  if (typeof widget?.sourceId !== 'string' || !NUMERIC.test(String(widget.inboxId)) || !NUMERIC.test(String(widget.contactId))) return undefined;
  return { sourceId: widget.sourceId, inboxId: String(widget.inboxId), contactId: String(widget.contactId) };
}

function assignmentOf(to: EscalateOptions['to']): { team_id: number | string } | { assignee_id: number | string } | undefined {
  if (to === undefined) return undefined;
  if (typeof to === 'object' && 'team' in to) return { team_id: to.team };
  if (typeof to === 'object' && 'agent' in to) return { assignee_id: to.agent };
  throw new HandoffkitError('E_UNSUPPORTED', `escalate({ to }) on Chatwoot takes { team: id } or { agent: id }, got ${JSON.stringify(to)}.`);
}

/** Explains the 401 older Chatwoot servers give bots on the labels API. */
export function explainLabelsError(error: PlatformApiError): HandoffkitError {
  if (error.status !== 401 || !/\/labels$/.test(String(error.details?.path ?? ''))) return error;
  return new PlatformApiError(
    {
      platform: 'chatwoot',
      status: 401,
      platformMessage: error.platformMessage,
      method: String(error.details?.method ?? 'POST'),
      path: String(error.details?.path),
    },
    `Chatwoot answered 401 to the labels API (${error.platformMessage}): this server is too old to let agent bots manage labels (bot label access arrived in Chatwoot's mid-2026 releases). Upgrade Chatwoot, or keep tag()/untag() out of the bot.`,
  );
}
