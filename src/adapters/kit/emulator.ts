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

/** How a platform shows a choice: a quick reply (a chip above the composer) or a button (of a message or card). */
export type EmulatedChoiceKind = 'quickReply' | 'button';

/** A button or quick reply the contact clicks. */
export interface EmulatedChoice {
  /** The title the contact sees. */
  title: string;
  /** The payload the bot gave it (default: the one the bot offered under that title, else the title). */
  payload?: string;
  /** A quick reply or a button (default: as the bot offered it, else a quick reply). */
  kind?: EmulatedChoiceKind;
}

/** A choice the bot offered, as the emulator keeps it to deliver the click the way the platform does. */
export interface OfferedChoice {
  /** The title. */
  title: string;
  /** The payload (or value, or id) the click carries back. */
  payload: string;
  /** A quick reply or a button. */
  kind: EmulatedChoiceKind;
  /** Whatever else the platform's click carries (the offering message's id, a list row's description…). */
  extra?: Record<string, unknown>;
}

/** Labels (tags) a human agent adds to and removes from a conversation. */
export interface LabelChange {
  /** The labels to add. */
  add?: readonly string[];
  /** The labels to remove. */
  remove?: readonly string[];
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
  /** A human agent writes a private note (agents only): `[]` when the platform tells the bot nothing of it. */
  agentNote(conversationId: string, text: string): Delivery[];
  /** A human agent adds or removes labels (tags): `[]` when the platform tells the bot nothing of it. */
  agentLabels(conversationId: string, change: LabelChange): Delivery[];
  /** The labels (tags) the conversation carries on the platform's side. */
  labels(conversationId: string): string[];
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

/** The shared state of an emulator: its actions, the platform-side owners and labels, the choices offered. */
export class EmulatorRecord {
  /** Every action, in order. */
  readonly actions: EmulatedAction[] = [];
  readonly #owners = new Map<string, Owner>();
  readonly #labels = new Map<string, string[]>();
  readonly #offered = new Map<string, OfferedChoice[]>();
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
    if (action.type === 'tag') this.changeLabels(action.conversationId, { add: action.tags ?? [] });
    if (action.type === 'untag') this.changeLabels(action.conversationId, { remove: action.tags ?? [] });
  }

  /** The conversation's labels. */
  labels(conversationId: string): string[] {
    return [...(this.#labels.get(conversationId) ?? [])];
  }

  /** Replaces the conversation's labels. */
  setLabels(conversationId: string, labels: readonly string[]): void {
    this.#labels.set(conversationId, [...new Set(labels)]);
  }

  /** Adds and removes labels (case-insensitively, as inboxes compare them); returns the labels before. */
  changeLabels(conversationId: string, change: LabelChange): string[] {
    const before = this.labels(conversationId);
    const removed = new Set((change.remove ?? []).map((label) => label.toLowerCase()));
    const kept = before.filter((label) => !removed.has(label.toLowerCase()));
    const added = (change.add ?? []).filter((label) => !kept.some((k) => k.toLowerCase() === label.toLowerCase()));
    this.setLabels(conversationId, [...kept, ...added]);
    return before;
  }

  /** Keeps the choices a bot's message offered (the newest message first). */
  offer(conversationId: string, choices: readonly OfferedChoice[]): string[] {
    if (choices.length > 0) this.#offered.set(conversationId, [...choices, ...(this.#offered.get(conversationId) ?? [])]);
    return choices.map((choice) => choice.title);
  }

  /** The newest offered choice with the clicked title (and payload, when given). */
  offered(conversationId: string, choice: EmulatedChoice): OfferedChoice | undefined {
    return (this.#offered.get(conversationId) ?? []).find(
      (o) =>
        o.title === choice.title && (choice.payload === undefined || o.payload === choice.payload) && (choice.kind === undefined || o.kind === choice.kind),
    );
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
    this.#labels.clear();
    this.#offered.clear();
  }
}

/** What a click carries: the offered choice it matches, else one built from the click (a quick reply by default). */
export function clicked(record: EmulatorRecord, conversationId: string, choice: EmulatedChoice): OfferedChoice {
  return record.offered(conversationId, choice) ?? { title: choice.title, payload: choice.payload ?? choice.title, kind: choice.kind ?? 'quickReply' };
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

/** The agent's notes and labels on a platform that delivers neither to bots: the labels kept in `record` only. */
export function silentAgentActs(record: EmulatorRecord): Pick<PlatformEmulator, 'agentNote' | 'agentLabels' | 'labels'> {
  return {
    agentNote: () => [],
    agentLabels: (id, change) => {
      record.changeLabels(id, change);
      return [];
    },
    labels: (id) => record.labels(id),
  };
}
