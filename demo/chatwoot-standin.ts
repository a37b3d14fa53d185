import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One line of what happened in the stand-in's conversation. */
export interface TranscriptEntry {
  kind: 'message' | 'status' | 'typing' | 'labels' | 'attributes' | 'assignment';
  author?: 'contact' | 'bot' | 'agent';
  text: string;
  private?: boolean;
  items?: { title: string; value: string }[];
}

interface StoredMessage {
  id: number;
  content: string;
  message_type: 'incoming' | 'outgoing';
  private: boolean;
  content_type: string;
  content_attributes: Record<string, unknown>;
  created_at: number;
  sender: { id: number; name: string; type?: string };
}

/** Options of the stand-in. */
export interface StandInOptions {
  /** The agent bot's secret, used to sign deliveries. */
  secret: string;
  /** The agent bot's access token the REST API accepts. */
  botToken: string;
  /** Where deliveries go (the bot's outgoing URL); can be set after start. */
  botUrl?: string;
  /** Called for every transcript line. */
  onEntry?: (entry: TranscriptEntry) => void | Promise<void>;
}

const ACCOUNT = 1;
const CONTACT = { id: 14, name: 'Ada', email: 'ada@example.com', phone_number: null, custom_attributes: {}, additional_attributes: {} };
const BOT = { id: 3, name: 'Helper Bot', type: 'agent_bot' };
const AGENT = { id: 1, name: 'Alice', type: 'user' };

/**
 * A small in-process stand-in for a Chatwoot server with one web-widget conversation: it serves the REST
 * calls an agent bot makes and sends signed webhooks (Chatwoot 4.13+ format) to the bot, echoes included.
 */
export class ChatwootStandIn {
  readonly transcript: TranscriptEntry[] = [];
  botUrl: string | undefined;
  readonly #options: StandInOptions;
  readonly #server: Server;
  readonly #queue: (() => Promise<void>)[] = [];
  #draining: Promise<void> | undefined;
  #nextMessageId = 100;
  readonly #messages: StoredMessage[] = [];
  readonly conversation = {
    id: 7,
    status: 'pending' as 'pending' | 'open' | 'resolved' | 'snoozed',
    labels: [] as string[],
    custom_attributes: {} as Record<string, unknown>,
    updated_at: Date.now() / 1000,
  };

  constructor(options: StandInOptions) {
    this.#options = options;
    this.botUrl = options.botUrl;
    this.#server = createServer((req, res) => void this.#serve(req, res));
  }

  /** Starts listening on 127.0.0.1 and resolves with the base URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Resolves when every queued delivery was answered by the bot. */
  async idle(): Promise<void> {
    while (this.#draining !== undefined) await this.#draining;
  }

  /** The contact opens the widget bubble. */
  async contactOpensWidget(): Promise<void> {
    this.#deliver({
      event: 'webwidget_triggered',
      id: 12,
      contact: CONTACT,
      inbox: { id: 1, name: 'Website' },
      account: { id: ACCOUNT, name: 'Acme' },
      current_conversation: this.#conversationPayload(),
      source_id: 'a3c1e0d2',
      event_info: {
        widget_language: 'en',
        browser_language: 'en',
        browser: { browser_name: 'Firefox' },
        initiated_at: { timestamp: new Date().toString() },
        referer: 'https://shop.example.com',
      },
    });
    await this.#record({ kind: 'status', text: 'the contact opened the chat widget' });
    await this.idle();
  }

  /** The contact writes a message. */
  async contactSays(text: string): Promise<void> {
    await this.#createMessage({ content: text, message_type: 'incoming', sender: { ...CONTACT, type: 'contact' } }, 'contact');
    await this.idle();
  }

  /** The contact picks an option of the bot's last input_select message. */
  async contactChooses(title: string): Promise<void> {
    const select = [...this.#messages].reverse().find((m) => m.content_type === 'input_select');
    if (select === undefined) throw new Error('no input_select message to answer');
    const items = (select.content_attributes.items ?? []) as { title: string; value: string }[];
    const choice = items.find((item) => item.title === title);
    if (choice === undefined) throw new Error(`no option "${title}"`);
    select.content_attributes = { ...select.content_attributes, submitted_values: [choice] };
    await this.#record({ kind: 'message', author: 'contact', text: `(chooses) ${choice.title}` });
    this.#deliver({ ...this.#messagePayload(select), event: 'message_updated', updated_at: Date.now() / 1000 });
    await this.idle();
  }

  /** A human agent writes from the Chatwoot dashboard. */
  async agentSays(text: string): Promise<void> {
    await this.#createMessage({ content: text, message_type: 'outgoing', sender: AGENT }, 'agent');
    await this.idle();
  }

  /** A human agent sets the status from the dashboard (e.g. `pending` hands the conversation back to the bot). */
  async agentSetsStatus(status: 'pending' | 'open' | 'resolved'): Promise<void> {
    await this.#setStatus(status, 'an agent');
    await this.idle();
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    const send = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    if (req.headers.api_access_token !== this.#options.botToken) return send(401, { error: 'Invalid Access Token' });
    const prefix = `/api/v1/accounts/${ACCOUNT}/conversations/${this.conversation.id}`;
    const path = req.url ?? '';
    if (!path.startsWith(prefix)) return send(404, { error: 'Resource could not be found' });
    const action = path.slice(prefix.length);
    if (req.method === 'POST' && action === '/messages') {
      const message = await this.#createMessage(
        {
          content: String(body.content ?? ''),
          message_type: 'outgoing',
          private: body.private === true,
          content_type: typeof body.content_type === 'string' ? body.content_type : 'text',
          content_attributes: (body.content_attributes as Record<string, unknown>) ?? {},
          sender: BOT,
        },
        'bot',
      );
      return send(200, this.#messagePayload(message));
    }
    if (req.method === 'POST' && action === '/toggle_status') {
      await this.#setStatus(body.status as 'pending' | 'open' | 'resolved', 'the bot');
      return send(200, { meta: {}, payload: { success: true, current_status: this.conversation.status, conversation_id: this.conversation.id } });
    }
    if (req.method === 'POST' && action === '/toggle_typing_status') {
      await this.#record({ kind: 'typing', author: 'bot', text: `typing ${String(body.typing_status)}` });
      return send(200, {});
    }
    if (action === '/labels') {
      if (req.method === 'POST') {
        this.conversation.labels = body.labels as string[];
        await this.#record({ kind: 'labels', author: 'bot', text: `labels: ${this.conversation.labels.join(', ')}` });
      }
      return send(200, { payload: this.conversation.labels });
    }
    if (req.method === 'POST' && action === '/custom_attributes') {
      this.conversation.custom_attributes = body.custom_attributes as Record<string, unknown>;
      await this.#record({ kind: 'attributes', author: 'bot', text: `attributes: ${JSON.stringify(this.conversation.custom_attributes)}` });
      return send(200, { custom_attributes: this.conversation.custom_attributes });
    }
    if (req.method === 'POST' && action === '/assignments') {
      await this.#record({ kind: 'assignment', author: 'bot', text: `assigned to ${JSON.stringify(body)}` });
      return send(200, {});
    }
    if (req.method === 'GET' && action === '') return send(200, this.#conversationPayload());
    return send(404, { error: 'Resource could not be found' });
  }

  async #createMessage(
    fields: Partial<StoredMessage> & Pick<StoredMessage, 'content' | 'message_type' | 'sender'>,
    author: 'contact' | 'bot' | 'agent',
  ): Promise<StoredMessage> {
    const message: StoredMessage = {
      id: this.#nextMessageId++,
      private: false,
      content_type: 'text',
      content_attributes: {},
      created_at: Date.now() / 1000,
      ...fields,
    };
    this.#messages.push(message);
    // Chatwoot reopens a resolved conversation when the contact writes again.
    if (author === 'contact' && this.conversation.status === 'resolved') this.conversation.status = 'pending';
    this.conversation.updated_at = Date.now() / 1000;
    const items = (message.content_attributes.items as { title: string; value: string }[] | undefined) ?? undefined;
    await this.#record({ kind: 'message', author, text: message.content, private: message.private, ...(items ? { items } : {}) });
    // Chatwoot sends every message to the bot: the contact's, the agents' and the bot's own.
    this.#deliver({ ...this.#messagePayload(message), event: 'message_created' });
    return message;
  }

  async #setStatus(status: 'pending' | 'open' | 'resolved', by: string): Promise<void> {
    const previous = this.conversation.status;
    if (previous === status) return;
    this.conversation.status = status;
    this.conversation.updated_at = Date.now() / 1000;
    await this.#record({ kind: 'status', text: `${by} set the status ${previous} → ${status}` });
    this.#deliver({
      ...this.#conversationPayload(),
      event: 'conversation_status_changed',
      changed_attributes: [{ status: { previous_value: previous, current_value: status } }],
    });
    if (status === 'resolved') this.#deliver({ ...this.#conversationPayload(), event: 'conversation_resolved' });
  }

  #conversationPayload(): Record<string, unknown> {
    return {
      id: this.conversation.id,
      inbox_id: 1,
      status: this.conversation.status,
      labels: [...this.conversation.labels],
      custom_attributes: { ...this.conversation.custom_attributes },
      channel: 'Channel::WebWidget',
      meta: { sender: { ...CONTACT, type: 'contact' }, assignee: null, team: null },
      contact_inbox: { contact_id: CONTACT.id, inbox_id: 1, source_id: 'a3c1e0d2' },
      timestamp: Math.floor(this.conversation.updated_at),
      updated_at: this.conversation.updated_at,
      messages: [],
    };
  }

  #messagePayload(message: StoredMessage): Record<string, unknown> {
    return {
      id: message.id,
      content: message.content,
      content_type: message.content_type,
      content_attributes: message.content_attributes,
      message_type: message.message_type,
      private: message.private,
      // Current servers send the message time as an ISO string and omit sender.type.
      created_at: new Date(message.created_at * 1000).toISOString(),
      sender: { id: message.sender.id, name: message.sender.name },
      inbox: { id: 1, name: 'Website' },
      account: { id: ACCOUNT, name: 'Acme' },
      conversation: this.#conversationPayload(),
      source_id: null,
      additional_attributes: {},
    };
  }

  #deliver(payload: Record<string, unknown>): void {
    const body = JSON.stringify(payload);
    this.#queue.push(async () => {
      if (this.botUrl === undefined) throw new Error('the stand-in has no bot URL');
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = createHmac('sha256', this.#options.secret).update(`${timestamp}.${body}`).digest('hex');
      const response = await fetch(this.botUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-chatwoot-signature': `sha256=${signature}`,
          'x-chatwoot-timestamp': timestamp,
          'x-chatwoot-delivery': randomUUID(),
        },
        body,
      });
      if (!response.ok) throw new Error(`the bot answered ${response.status}: ${await response.text()}`);
    });
    this.#draining ??= this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      for (let task = this.#queue.shift(); task !== undefined; task = this.#queue.shift()) await task();
    } finally {
      this.#draining = undefined;
    }
  }

  async #record(entry: TranscriptEntry): Promise<void> {
    this.transcript.push(entry);
    await this.#options.onEntry?.(entry);
  }
}
