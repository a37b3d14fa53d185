// The neutral contract of a platform emulator, and the pieces every emulator shares: the record of the adapter's
// outbound calls as normalized actions, the platform-side owner of each conversation, reading a request's body.
// An emulator stands in for one platform in tests and local runs; it lives next to its adapter
// (`src/adapters/<platform>/emulator.ts`) and is shipped through `handoffkit/testing` only.
import type { RequestHandler } from 'msw';
import type { Answer, Delivery } from '../../core/delivery.js';
import type { Owner } from '../../core/events.js';

/** What a helper did on the platform, as the emulator saw it through the adapter's outbound call or HTTP answer. */
export type EmulatedActionType = 'reply' | 'note' | 'escalate' | 'handBack' | 'resolve' | 'tag' | 'untag' | 'typing' | 'attributes' | 'other';

/** One outbound call (or item of an HTTP answer) the emulator received. */
export interface EmulatedCall {
  /** The HTTP method (`ANSWER` for an item of a webhook's HTTP answer). */
  method: string;
  /** The path without the host (for an answer item: the webhook's path). */
  path: string;
  /** The parsed body: JSON as a value, a form as a record, else the text. */
  body: unknown;
}

/** A normalized action: what a bot's helper did, whatever the platform. */
export interface EmulatedAction {
  /** What kind of action it is. */
  type: EmulatedActionType;
  /** The conversation it acted on. */
  conversationId: string;
  /** The text of a reply or note. */
  text?: string;
  /** The titles of the quick replies or buttons a reply offered. */
  choices?: string[];
  /** The tags an action added or removed. */
  tags?: string[];
  /** The platform call it came from. */
  call: EmulatedCall;
}

/** A button or quick reply the contact clicks. */
export interface EmulatedChoice {
  /** The title the contact sees. */
  title: string;
  /** The payload the bot gave it (default: the title). */
  payload?: string;
}

/**
 * A stand-in for one platform: builds correctly signed deliveries in the platform's shape, answers the adapter's
 * outbound calls (msw `handlers`) and records them as normalized `actions`, and tracks who owns each conversation
 * on the platform's side.
 */
export interface PlatformEmulator {
  /** The platform's name, as the adapter's `name`. */
  readonly platform: string;
  /** msw handlers answering the adapter's outbound calls as the platform would. */
  readonly handlers: readonly RequestHandler[];
  /** Every action the bot took, in order. */
  readonly actions: readonly EmulatedAction[];
  /** A fresh conversation id in the platform's format. */
  newConversation(): string;
  /** Who owns the conversation on the platform's side. */
  owner(conversationId: string): Owner;
  /** The contact writes a text. */
  contactMessage(conversationId: string, text: string): Delivery[];
  /** The contact clicks a button or quick reply (throws `E_UNSUPPORTED` when the platform has none). */
  choice(conversationId: string, choice: EmulatedChoice): Delivery[];
  /** A human agent writes to the contact. */
  agentMessage(conversationId: string, text: string): Delivery[];
  /** A human agent takes the conversation over. */
  takeOver(conversationId: string): Delivery[];
  /** A human agent hands the conversation back to the bot. */
  handBack(conversationId: string): Delivery[];
  /** A human agent resolves (closes) the conversation. */
  resolve(conversationId: string): Delivery[];
  /** The deliveries the platform sends by itself after the bot's calls (an escalation confirmed), taken once. */
  drain(): Delivery[];
  /** Reads the actions a platform takes from a webhook's HTTP answer (answer-in-the-response platforms). */
  readAnswer(conversationId: string, delivery: Delivery, answer: Answer): void;
  /** Forgets every action and owner. */
  reset(): void;
}

/** The shared state of an emulator: its actions and the platform-side owners. */
export class EmulatorRecord {
  /** Every action, in order. */
  readonly actions: EmulatedAction[] = [];
  readonly #owners = new Map<string, Owner>();
  /** Deliveries the platform sends by itself, waiting for the driver. */
  readonly followUps: Delivery[] = [];

  /** Takes the waiting follow-up deliveries. */
  drain(): Delivery[] {
    return this.followUps.splice(0);
  }

  /** Records an action; escalate / handBack / resolve also move the platform-side owner. */
  record(action: EmulatedAction): void {
    this.actions.push(action);
    if (action.type === 'escalate') this.setOwner(action.conversationId, 'human');
    else if (action.type === 'handBack') this.setOwner(action.conversationId, 'bot');
    else if (action.type === 'resolve') this.setOwner(action.conversationId, 'none');
  }

  /** The platform-side owner (a new conversation is the bot's). */
  owner(conversationId: string): Owner {
    return this.#owners.get(conversationId) ?? 'bot';
  }

  /** Sets the platform-side owner. */
  setOwner(conversationId: string, owner: Owner): void {
    this.#owners.set(conversationId, owner);
  }

  /** Forgets everything. */
  reset(): void {
    this.actions.length = 0;
    this.followUps.length = 0;
    this.#owners.clear();
  }
}

/** Reads an outbound request into an {@link EmulatedCall}: JSON parsed, forms as records, else text. */
export async function readCall(request: Request): Promise<EmulatedCall> {
  const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  const type = request.headers.get('content-type') ?? '';
  let body: unknown;
  if (text === '') body = undefined;
  else if (type.includes('json')) body = JSON.parse(text) as unknown;
  else if (type.includes('x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(text));
  else body = text;
  return { method: request.method, path: decodeURIComponent(new URL(request.url).pathname), body };
}

/** A record of any JSON value (for reading bodies). */
export type Json = Record<string, unknown>;

/** The value as a record, or an empty one. */
export function asJson(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/** A fresh id with a prefix, unique in this process. */
export function freshId(prefix = ''): string {
  return `${prefix}${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

/** A POST delivery of a JSON text to the bot's webhook `url`. */
export function jsonDelivery(url: string, body: string, headers: Record<string, string> = {}): Delivery {
  return { method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, body };
}
