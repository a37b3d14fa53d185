// Shared by the reliability tests: Chatwoot deliveries signed like a 4.13+ server signs them, real node:http servers
// on 127.0.0.1 serving `toNodeHandler(agent)`, a keep-alive HTTP client, an arrival recorder and latency statistics.
import { Agent as HttpAgent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatwoot, type ChatwootOptions } from '../../src/adapters/chatwoot/index.js';
import { toNodeHandler } from '../../src/http/node.js';
import { VirtualAgent, silentLogger, type Answer, type Delivery, type VirtualAgentOptions } from '../../src/index.js';
import type { ReceiveOptions } from '../../src/core/agent.js';
import type { ReceivingAgent } from '../../src/http/transport.js';
import { signedChatwootDelivery } from '../../src/testing/index.js';
import { vi } from 'vitest';

export const SECRET = 'cwsig_reliability_5e3f9a';
export const BOT_TOKEN = 'cwbot_reliability_tok';
export const BASE_URL = 'https://chat.reliability.test';
export const ACCOUNT_ID = 7;
export const API = `${BASE_URL}/api/v1/accounts/${ACCOUNT_ID}`;

/** Conversation ids are `CONVERSATION_BASE + index`; message ids encode the conversation and the position. */
export const CONVERSATION_BASE = 10_000;
const MESSAGES_PER_CONVERSATION_MAX = 100_000;
/** 2026-03-02T10:00:00Z in epoch seconds: the conversations' time origin. */
const T0 = 1_772_445_600;

/** The id of the `seq`-th contact message of a conversation. */
export function messageIdOf(conversation: number, seq: number): number {
  return (CONVERSATION_BASE + conversation) * MESSAGES_PER_CONVERSATION_MAX + seq;
}

/** The conversation index and position of a message id. */
export function positionOf(messageId: number): { conversation: number; seq: number } {
  return { conversation: Math.floor(messageId / MESSAGES_PER_CONVERSATION_MAX) - CONVERSATION_BASE, seq: messageId % MESSAGES_PER_CONVERSATION_MAX };
}

/** Adapter options of every reliability test. */
export function adapterOptions(overrides: Partial<ChatwootOptions> = {}): ChatwootOptions {
  return { baseUrl: BASE_URL, accountId: ACCOUNT_ID, botToken: BOT_TOKEN, secret: SECRET, ...overrides };
}

/** A Chatwoot agent that logs nothing (failures are asserted, not logged). */
export function chatwootAgent(options: Partial<Omit<VirtualAgentOptions, 'adapter'>> = {}, adapter: Partial<ChatwootOptions> = {}): VirtualAgent {
  return new VirtualAgent({ adapter: chatwoot(adapterOptions(adapter)), logger: silentLogger, ...options });
}

/**
 * A contact's `message_created` as a current Chatwoot server sends it to an agent bot, in a conversation the bot
 * owns (`pending`). The platform's clock moves with the position, so a later message has later times.
 */
export function contactMessage(conversation: number, seq: number, text = `message ${seq} of conversation ${conversation}`): Record<string, unknown> {
  const conversationId = CONVERSATION_BASE + conversation;
  const contactId = 500_000 + conversation;
  const at = T0 + seq;
  const contact = {
    additional_attributes: {},
    custom_attributes: {},
    email: `contact${conversation}@example.com`,
    id: contactId,
    identifier: null,
    name: `Contact ${conversation}`,
    phone_number: null,
    thumbnail: '',
    blocked: false,
  };
  return {
    account: { id: ACCOUNT_ID, name: 'Acme Inc' },
    additional_attributes: {},
    content_attributes: {},
    content_type: 'text',
    content: text,
    conversation: {
      additional_attributes: {},
      can_reply: true,
      channel: 'Channel::WebWidget',
      contact_inbox: { id: contactId, contact_id: contactId, inbox_id: 5, source_id: `src-${contactId}`, hmac_verified: false },
      id: conversationId,
      inbox_id: 5,
      labels: [],
      meta: { sender: contact, assignee: null, team: null, hmac_verified: false },
      status: 'pending',
      custom_attributes: {},
      unread_count: 1,
      last_activity_at: at,
      timestamp: at,
      created_at: T0 - 60,
      updated_at: at + 0.25,
    },
    created_at: new Date(at * 1000).toISOString(),
    id: messageIdOf(conversation, seq),
    inbox: { id: 5, name: 'Website' },
    message_type: 'incoming',
    private: false,
    sender: { ...contact, account: { id: ACCOUNT_ID, name: 'Acme Inc' }, avatar: '' },
    source_id: null,
    event: 'message_created',
  };
}

/** A signed delivery of a contact message; a platform retry sends the same delivery id and body. */
export function signedMessage(conversation: number, seq: number, text?: string): Delivery {
  const body = contactMessage(conversation, seq, text);
  return signedChatwootDelivery({ secret: SECRET, body, deliveryId: `delivery-${String(body.id)}`, url: '/webhook' });
}

/** The message id a delivery carries (read from its delivery id header, as the recorder must stay cheap). */
export function messageIdOfDelivery(delivery: Delivery): number {
  const headers = delivery.headers as Record<string, string | readonly string[] | undefined>;
  const id = headers['x-chatwoot-delivery'];
  if (typeof id !== 'string' || !id.startsWith('delivery-')) throw new Error(`unexpected delivery id ${String(id)}`);
  return Number(id.slice('delivery-'.length));
}

/** One delivery as the agent received it: the order of `agent.receive` calls across every instance of a run. */
export interface Arrival {
  order: number;
  instance: number;
  messageId: number;
}

/**
 * Records the order in which deliveries reach the agents (across instances: one counter), then hands them on.
 * `agent.receive` queues a delivery's events synchronously, so this is the order the agent's lanes see.
 */
export class ArrivalLog {
  readonly arrivals: Arrival[] = [];
  /** Deliveries that reached an agent while another delivery of their conversation was still being handled there. */
  queuedBehindAnother = 0;
  readonly #inFlight = new Map<string, number>();

  /** A receiver for `toNodeHandler` that records, then calls the agent. */
  receiver(agent: VirtualAgent, instance: number): ReceivingAgent {
    return {
      maxBodyBytes: agent.maxBodyBytes,
      logger: agent.logger,
      receive: async (delivery: Delivery, options?: ReceiveOptions): Promise<Answer> => {
        const messageId = messageIdOfDelivery(delivery);
        this.arrivals.push({ order: this.arrivals.length, instance, messageId });
        const lane = `${instance}:${positionOf(messageId).conversation}`;
        const busy = this.#inFlight.get(lane) ?? 0;
        if (busy > 0) this.queuedBehindAnother += 1;
        this.#inFlight.set(lane, busy + 1);
        try {
          return await agent.receive(delivery, options);
        } finally {
          const left = this.#inFlight.get(lane)! - 1;
          if (left === 0) this.#inFlight.delete(lane);
          else this.#inFlight.set(lane, left);
        }
      },
    };
  }
}

/** A server listening on 127.0.0.1. */
export interface Listening {
  port: number;
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves `toNodeHandler(receiver)` on a free port of 127.0.0.1. */
export async function serve(receiver: ReceivingAgent): Promise<Listening> {
  const server = createServer(toNodeHandler(receiver));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The answer to one POST, with its latency as the client saw it. */
export interface Sent {
  status: number;
  body: string;
  ms: number;
}

/** A keep-alive HTTP client with at most `sockets` connections in all (the platform's concurrent senders). */
export class Client {
  readonly agent: HttpAgent;

  constructor(sockets: number) {
    this.agent = new HttpAgent({ keepAlive: true, maxSockets: sockets, maxTotalSockets: sockets });
  }

  /** POSTs a delivery's exact bytes with its headers. */
  post(port: number, delivery: Delivery): Promise<Sent> {
    const started = performance.now();
    const body = typeof delivery.body === 'string' ? Buffer.from(delivery.body, 'utf8') : Buffer.from(delivery.body);
    const headers: Record<string, string> = { 'content-length': String(body.byteLength) };
    for (const [name, value] of Object.entries(delivery.headers as Record<string, string>)) headers[name] = value;
    return new Promise<Sent>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/webhook', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The `p`-th percentile (0–100) of some numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** A small seeded PRNG (mulberry32), so that a failing plan can be replayed from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The seed of a run: `RELIABILITY_SEED` to replay one, else a fresh one (printed by the tests). */
export function seedOf(): number {
  const fromEnv = Number(process.env.RELIABILITY_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Math.random() * 2 ** 31) + 1;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` passes or `timeoutMs` passes (work the agent finishes after answering). */
export function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  return vi.waitFor(check, { timeout: timeoutMs, interval: 5 });
}
