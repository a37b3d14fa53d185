import type { ConversationRef, EscalateOptions, EscalationTarget, OutgoingMessage, PlatformActions, SentMessage } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';
import type { RestClient } from '../../outbound/rest-client.js';
import { toMessengerMessage } from './messages.js';
import { cutToLimit, joinParts } from '../kit/handover-text.js';

/** Graph's limit on handover `metadata`. */
const METADATA_LIMIT = 1000;

/** What the actions need from the adapter. */
export interface MessengerActionDeps {
  /** The Graph client, rooted at `https://graph.facebook.com/<version>/`. */
  client: RestClient;
  /** The Page access token, sent as the `access_token` query parameter. */
  accessToken: string;
  /** Where `escalate()` passes control without `to`. */
  humanAppId: string;
  /** What `resolve()` does. */
  resolve: 'release' | { passTo: string };
  /** This app's current role (the option, then what `app_roles` said). */
  role(): 'primary' | 'secondary';
}

/** The recipient of a Send or handover call. */
type Recipient = { id: string } | { user_ref: string };

/** The helpers over the Graph API (Send API and handover protocol), for one thread. */
export class MessengerActions implements PlatformActions {
  readonly #deps: MessengerActionDeps;
  readonly #recipient: Recipient;

  /** Creates the actions of one thread (the contact's PSID, or `user_ref:<ref>`). */
  constructor(deps: MessengerActionDeps, ref: ConversationRef) {
    this.#deps = deps;
    this.#recipient = ref.id.startsWith('user_ref:') ? { user_ref: ref.id.slice('user_ref:'.length) } : { id: ref.id };
  }

  /** `POST /me/messages` with `messaging_type: "RESPONSE"`; `platformFields` (e.g. a `MESSAGE_TAG`) are merged in. */
  async reply(message: OutgoingMessage): Promise<SentMessage> {
    const body = { recipient: this.#recipient, messaging_type: 'RESPONSE', message: toMessengerMessage(message), ...message.platformFields };
    const sent = await this.#call<{ message_id?: unknown } | undefined>('messages', body);
    return typeof sent?.message_id === 'string' ? { id: sent.message_id } : {};
  }

  /** `POST /me/messages` with `sender_action: "typing_on" | "typing_off"`. */
  async typing(on: boolean): Promise<void> {
    await this.#call('messages', { recipient: this.#recipient, sender_action: on ? 'typing_on' : 'typing_off' });
  }

  /** `POST /me/pass_thread_control` to `to` (an app id) or the human inbox app; the reason, summary and note as metadata (cut to 1,000). */
  async escalate(options: EscalateOptions): Promise<void> {
    const target = targetOf(options.to) ?? this.#deps.humanAppId;
    const metadata = joinParts([options.reason, options.summary, options.note]);
    await this.#call('pass_thread_control', {
      recipient: this.#recipient,
      target_app_id: target,
      ...(metadata === undefined ? {} : { metadata: cutToLimit(metadata, METADATA_LIMIT, 'utf16') }),
    });
  }

  /** `POST /me/take_thread_control` as the primary receiver, `POST /me/request_thread_control` as a secondary one. */
  async handBack(): Promise<void | { pending: true }> {
    if (this.#deps.role() === 'primary') {
      await this.#call('take_thread_control', { recipient: this.#recipient });
      return;
    }
    // A secondary receiver can only ask: the owner's pass_thread_control announces the change (handed_back).
    await this.#call('request_thread_control', { recipient: this.#recipient });
    return { pending: true };
  }

  /** `POST /me/release_thread_control` (the thread goes idle), or `pass_thread_control` to the configured app. */
  async resolve(): Promise<void> {
    const how = this.#deps.resolve;
    if (how === 'release') await this.#call('release_thread_control', { recipient: this.#recipient });
    else await this.#call('pass_thread_control', { recipient: this.#recipient, target_app_id: how.passTo });
  }

  /** `POST /me/pass_thread_control` to the app that asked for control (the human inbox app when unknown). */
  async grantHandoff(requestedBy: string | undefined): Promise<void> {
    await this.#call('pass_thread_control', { recipient: this.#recipient, target_app_id: requestedBy ?? this.#deps.humanAppId });
  }

  #call<T>(action: string, body: object): Promise<T> {
    return this.#deps.client.request<T>('POST', `me/${action}?access_token=${encodeURIComponent(this.#deps.accessToken)}`, body);
  }
}

function targetOf(to: EscalationTarget | undefined): string | undefined {
  if (to === undefined) return undefined;
  if ((typeof to === 'string' && /^\d{1,20}$/.test(to)) || (typeof to === 'number' && Number.isSafeInteger(to) && to > 0)) return String(to);
  throw new HandoffkitError(
    'E_UNSUPPORTED',
    `escalate({ to }) on Messenger takes the id of the app to pass the thread to (e.g. "263902037430900", the Page Inbox), got ${JSON.stringify(to)}. Messenger hands threads to apps, not to teams or agents.`,
  );
}
