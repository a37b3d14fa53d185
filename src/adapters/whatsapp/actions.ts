import type { ConversationRef, EscalateOptions, OutgoingMessage, PlatformActions, SentMessage } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';
import type { RestClient } from '../../outbound/rest-client.js';
import { toWhatsAppMessages, type WhatsAppOutgoing } from './messages.js';
import type { RoutingRole, WhatsAppTemplate } from './options.js';
import { cutToLimit, joinParts } from '../kit/handover-text.js';

/** Conversation Routing's limit on `thread_control` metadata. */
export const METADATA_LIMIT = 2000;

const ROLES: ReadonlySet<string> = new Set(['customer_service', 'marketing', 'utility', 'ctwa', 'ai_agent', 'escalation']);

/** What the actions need from the adapter. */
export interface WhatsAppActionDeps {
  /** The Graph client, rooted at `https://graph.facebook.com/<version>/`, with the bearer token. */
  client: RestClient;
  /** The business phone number's id. */
  phoneNumberId: string;
  /** This app's routing role. */
  role: RoutingRole;
  /** The named templates. */
  templates: Readonly<Record<string, WhatsAppTemplate>>;
}

/** The helpers over the Cloud API (messages) and Conversation Routing (`thread_control`), for one contact. */
export class WhatsAppActions implements PlatformActions {
  readonly #deps: WhatsAppActionDeps;
  readonly #ref: ConversationRef;

  /** Creates the actions of one thread (the contact's `wa_id`). */
  constructor(deps: WhatsAppActionDeps, ref: ConversationRef) {
    this.#deps = deps;
    this.#ref = ref;
  }

  /** `POST /<phone-number-id>/messages`, once per message the reply needs (long text, choices, cards, files); the last id. */
  async reply(message: OutgoingMessage): Promise<SentMessage> {
    let sent: SentMessage = {};
    for (const body of toWhatsAppMessages(message, this.#deps.templates)) sent = await this.#send(body);
    return sent;
  }

  /** Marks the contact's last message read with the typing indicator (shown ≤ 25 s or until the reply); off is a no-op. */
  async typing(on: boolean): Promise<void> {
    if (!on) return;
    const messageId = this.#ref.target?.lastMessageId;
    if (typeof messageId !== 'string') {
      throw new HandoffkitError('E_UNSUPPORTED', "typing() on WhatsApp marks the contact's last message read: no message of this contact is known yet.");
    }
    await this.#deps.client.request('POST', `${this.#deps.phoneNumberId}/messages`, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: messageId,
      typing_indicator: { type: 'text' },
    });
  }

  /** `thread_control` `pass` to the escalation partner (or `to`, a routing role), the reason, summary and note as metadata. */
  async escalate(options: EscalateOptions): Promise<void> {
    const metadata = metadataOf([options.reason, options.summary, options.note]);
    await this.#threadControl('pass', {
      ...(metadata === undefined ? {} : { metadata }),
      ...(options.to === undefined ? {} : { control_pass: { target_role: roleOf(options.to) } }),
    });
  }

  /** `thread_control` `take`, which only the escalation partner may do; any other role is refused with `E_UNSUPPORTED`. */
  async handBack(): Promise<void> {
    if (this.#deps.role !== 'escalation') {
      throw new HandoffkitError(
        'E_UNSUPPORTED',
        `handBack() on WhatsApp takes the thread, which only the escalation partner may do, and this app's role is ${this.#deps.role}: the inbox passes the thread back (control_passed, then handed_back).`,
      );
    }
    await this.#threadControl('take', {});
  }

  /** `thread_control` `release`: the thread goes idle, the next message is routed by its entry point (no webhook). */
  async resolve(): Promise<void> {
    await this.#threadControl('release', {});
  }

  async #send(body: WhatsAppOutgoing): Promise<SentMessage> {
    const sent = await this.#deps.client.send<{ messages?: Array<{ id?: unknown }> } | undefined>({
      method: 'POST',
      path: `${this.#deps.phoneNumberId}/messages`,
      json: { messaging_product: 'whatsapp', recipient_type: 'individual', to: this.#ref.id, ...body },
      // A send that failed with a 5xx may have gone out: not repeated then.
      once: true,
    });
    const id = sent?.messages?.[0]?.id;
    return typeof id === 'string' ? { id } : {};
  }

  async #threadControl(action: 'pass' | 'take' | 'release', extra: Record<string, unknown>): Promise<void> {
    await this.#deps.client.request('POST', `${this.#deps.phoneNumberId}/thread_control`, {
      messaging_product: 'whatsapp',
      to: this.#ref.id,
      action,
      ...extra,
    });
  }
}

/** The parts joined, cut to Conversation Routing's 2000 characters with a marker; `undefined` when empty. */
export function metadataOf(parts: readonly (string | undefined)[]): string | undefined {
  const text = joinParts(parts);
  return text === undefined ? undefined : cutToLimit(text, METADATA_LIMIT, 'chars');
}

function roleOf(to: EscalateOptions['to']): string {
  if (typeof to === 'string' && ROLES.has(to)) return to;
  throw new HandoffkitError(
    'E_UNSUPPORTED',
    `escalate({ to }) on WhatsApp takes a routing role to pass the thread to (${[...ROLES].join(', ')}), got ${JSON.stringify(to)}; without it the thread goes to the escalation partner.`,
  );
}
