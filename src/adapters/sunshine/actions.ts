import type { ConversationRef, EscalateOptions, EscalationTarget, OutgoingMessage, PlatformActions, SentMessage } from '../../core/actions.js';
import { HandoffkitError, isHandoffkitError } from '../../errors.js';
import type { RestClient } from '../../outbound/rest-client.js';
import { handBackRefused } from './errors.js';
import type { ConversationMemory } from './memory.js';
import { toSunshineContents } from './messages.js';
import { CUT_MARKER, cutToLimit, sizeOf } from '../kit/handover-text.js';

/** Sunshine's limit on switchboard `metadata` (a flat object of at most 4 KB). */
const METADATA_BYTES = 4096;
/** The share of it a reason or note may take. */
const TEXT_LIMIT = 1500;

/** What the actions need from the adapter. */
export interface SunshineActionDeps {
  /** The API client, rooted at the API base. */
  client: RestClient;
  /** The app id. */
  appId: string;
  /** This bot's switchboard integration (id or name). */
  integrationId: string;
  /** Where `escalate()` without `to` passes control. */
  humanIntegration: string;
  /** The adapter's memory of conversations (the contact's first message). */
  memory: ConversationMemory;
}

/** The helpers over the Sunshine Conversations API (messages, activity, switchboard, metadata), for one conversation. */
export class SunshineActions implements PlatformActions {
  readonly #deps: SunshineActionDeps;
  readonly #ref: ConversationRef;
  readonly #path: string;

  /** Creates the actions of one conversation. */
  constructor(deps: SunshineActionDeps, ref: ConversationRef) {
    this.#deps = deps;
    this.#ref = ref;
    this.#path = `v2/apps/${encodeURIComponent(deps.appId)}/conversations/${encodeURIComponent(ref.id)}`;
  }

  /** `POST …/messages` as the business, one call per content (text, form, carousel, image, file); `platformFields` merged in. */
  async reply(message: OutgoingMessage): Promise<SentMessage> {
    let sent: SentMessage = {};
    for (const content of toSunshineContents(message)) {
      const answer = await this.#deps.client.send<{ messages?: { id?: unknown }[] } | undefined>({
        method: 'POST',
        path: `${this.#path}/messages`,
        json: { author: { type: 'business' }, content, ...message.platformFields },
        once: true,
      });
      const id = answer?.messages?.[0]?.id;
      if (typeof id === 'string') sent = { id };
    }
    return sent;
  }

  /** `POST …/activity` with `typing:start` or `typing:stop`. */
  async typing(on: boolean): Promise<void> {
    await this.#deps.client.request('POST', `${this.#path}/activity`, { author: { type: 'business' }, type: on ? 'typing:start' : 'typing:stop' });
  }

  /**
   * `POST …/passControl` to `to` or the human integration, with `metadata`: the reason, the summary, the note, and
   * `first_message_id` (the contact's first message since the bot got the conversation), which starts the ticket.
   */
  async escalate(options: EscalateOptions): Promise<void> {
    const target = targetOf(options.to) ?? this.#deps.humanIntegration;
    const first = this.#deps.memory.firstMessages.get(this.#ref.id);
    const metadata: Record<string, string> = {};
    if (options.reason) metadata.reason = options.reason.slice(0, TEXT_LIMIT);
    if (options.summary) metadata.summary = cutToLimit(options.summary, TEXT_LIMIT, 'chars');
    if (options.note) metadata.note = options.note.slice(0, TEXT_LIMIT);
    if (first !== undefined) metadata.first_message_id = first;
    // Over the 4 KB: the note gives way first, then the summary (cut with a marker).
    const tooBig = (): boolean => sizeOf(JSON.stringify(metadata), 'utf8') > METADATA_BYTES;
    while (tooBig() && metadata.note !== undefined) {
      metadata.note = metadata.note.slice(0, Math.floor(metadata.note.length / 2));
      if (metadata.note === '') delete metadata.note;
    }
    while (tooBig() && metadata.summary !== undefined) {
      const shorter = cutToLimit(metadata.summary, Math.floor(sizeOf(metadata.summary, 'chars') * 0.8), 'chars');
      if (shorter.length <= CUT_MARKER.length) delete metadata.summary;
      else metadata.summary = shorter;
    }
    await this.#switchboard('passControl', { switchboardIntegration: target, ...(Object.keys(metadata).length === 0 ? {} : { metadata }) });
    this.#deps.memory.firstMessages.delete(this.#ref.id);
  }

  /** `POST …/passControl` to this bot's own integration (app-scoped keys may; integration-scoped keys get `E_NOT_OWNER`). */
  async handBack(): Promise<void> {
    try {
      await this.#switchboard('passControl', { switchboardIntegration: this.#deps.integrationId });
    } catch (error) {
      throw isHandoffkitError(error, 'E_NOT_OWNER') ? handBackRefused(error) : error;
    }
    this.#deps.memory.firstMessages.delete(this.#ref.id);
  }

  /** `POST …/releaseControl`: no integration stays active (Zendesk closes the bot's part of the conversation). */
  async resolve(): Promise<void> {
    await this.#switchboard('releaseControl', {});
    this.#deps.memory.firstMessages.delete(this.#ref.id);
  }

  /** `PATCH …` the conversation's `metadata`, merged over the metadata the latest event carried. */
  async setAttributes(attributes: Record<string, unknown>): Promise<void> {
    const metadata = { ...this.#ref.attributes, ...attributes };
    await this.#deps.client.request('PATCH', this.#path, { metadata });
    this.#ref.attributes = metadata;
  }

  /** `POST …/acceptControl`: takes the control offered to this bot (`offerControl`). */
  async grantHandoff(): Promise<void> {
    await this.#switchboard('acceptControl', {});
  }

  #switchboard(action: string, body: object): Promise<unknown> {
    return this.#deps.client.request('POST', `${this.#path}/${action}`, body);
  }
}

function targetOf(to: EscalationTarget | undefined): string | undefined {
  if (to === undefined) return undefined;
  if (typeof to === 'string' && to.trim() !== '') return to;
  throw new HandoffkitError(
    'E_UNSUPPORTED',
    `escalate({ to }) on Sunshine takes a switchboard integration's id or name (e.g. "zd:agentWorkspace", or "next"), got ${JSON.stringify(to)}. The switchboard hands conversations to integrations; Zendesk routes them to groups and agents.`,
    { details: { adapter: 'sunshine', helper: 'escalate' } },
  );
}
