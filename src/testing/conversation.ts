// The platform-neutral conversation driver: plays the contact and the human agent against a bot, over the
// emulator of the bot's platform, through `agent.receive` or over real HTTP on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SetupServer } from 'msw/node';
import type { Adapter } from '../core/adapter.js';
import type { Answer, Delivery } from '../core/delivery.js';
import type { Owner } from '../core/events.js';
import type { ReceiveOptions } from '../core/agent.js';
import { toNodeHandler } from '../http/node.js';
import type { EmulatedAction, EmulatedChoice, PlatformEmulator } from '../adapters/kit/emulator.js';
import { emulatorFor } from './emulators.js';
import { intercept, type Interception } from './interception.js';

/** What the driver needs of an agent: a `VirtualAgent` fits. */
export interface DrivenAgent {
  /** The agent's adapter: its name picks the emulator. */
  readonly adapter: Adapter<unknown>;
  /** Handles one delivery. */
  receive(delivery: Delivery, options?: ReceiveOptions): Promise<Answer>;
}

/** Options of {@link testConversation}. */
export interface TestConversationOptions {
  /** Send deliveries over real HTTP to a node:http server on 127.0.0.1 instead of calling `agent.receive`. */
  http?: boolean;
  /** The emulator to use. Default: the one of the agent's platform. */
  emulator?: PlatformEmulator;
  /** The test file's own msw server, to add the emulator's handlers to. Default: a shared one, stopped by `close()`. */
  msw?: SetupServer;
  /** The conversation id. Default: a fresh one. */
  conversationId?: string;
}

/** Who did what, in order: the contact's and the agent's messages, the bot's actions, the deliveries' answers. */
export interface TimelineEntry {
  /** Who acted. */
  who: 'contact' | 'agent' | 'bot' | 'platform';
  /** What happened: `message`, `choice`, `takeOver`, `handBack`, `resolve`, or the bot's action type. */
  what: string;
  /** The text, when there is one. */
  text?: string;
  /** The platform-side owner after it. */
  owner: Owner;
  /** The HTTP status of the delivery; absent when the platform sent the bot nothing for it. */
  status?: number;
  /** The bot's action (bot entries). */
  action?: EmulatedAction;
  /** The raw payload: the delivery's body, or the body of the bot's platform call. */
  payload?: string;
}

/** A conversation between a contact, a human agent and the bot under test. */
export interface TestConversation {
  /** The conversation's id on the platform. */
  readonly id: string;
  /** The emulator standing in for the platform. */
  readonly emulator: PlatformEmulator;
  /** The contact writes `text`; resolves once the bot's handlers finished. */
  contactSays(text: string): Promise<Answer[]>;
  /** The contact clicks a button or quick reply (by title, or a title and payload). */
  clickButton(choice: string | EmulatedChoice): Promise<Answer[]>;
  /** A human agent writes `text` to the contact. */
  agentSays(text: string): Promise<Answer[]>;
  /** A human agent takes the conversation over. */
  agentTakesOver(): Promise<Answer[]>;
  /** A human agent hands the conversation back to the bot. */
  agentHandsBack(): Promise<Answer[]>;
  /** A human agent resolves the conversation. */
  resolve(): Promise<Answer[]>;
  /** The texts of the bot's replies in this conversation, in order. */
  botReplies(): string[];
  /** The bot's actions in this conversation, in order. */
  actions(): EmulatedAction[];
  /** Who owns the conversation on the platform's side. */
  owner(): Owner;
  /** Everything that happened, in order. */
  timeline(): readonly TimelineEntry[];
  /** Stops the local server and removes the emulator's msw handlers. */
  close(): Promise<void>;
}

/** The local server of `{ http: true }`. */
interface Local {
  origin: string;
  close(): Promise<void>;
}

async function listen(agent: DrivenAgent): Promise<Local> {
  const server: Server = createServer(toNodeHandler(agent, { ackTimeoutMs: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function post(origin: string, delivery: Delivery): Promise<Answer> {
  const url = new URL(delivery.url, 'http://127.0.0.1');
  const headers = new Headers();
  for (const [name, value] of Object.entries(delivery.headers as Record<string, string | readonly string[] | undefined>)) {
    if (value !== undefined) headers.set(name, typeof value === 'string' ? value : value.join(', '));
  }
  const response = await fetch(`${origin}${url.pathname}${url.search}`, {
    method: delivery.method,
    headers,
    ...(delivery.method === 'GET' || delivery.method === 'HEAD'
      ? {}
      : { body: typeof delivery.body === 'string' ? delivery.body : Buffer.from(delivery.body) }),
  });
  const answerHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    answerHeaders[name] = value;
  });
  return { status: response.status, headers: answerHeaders, body: await response.text() };
}

/**
 * Starts a conversation between a contact, a human agent and `agent`, over the emulator of the agent's platform.
 * Outbound calls are answered by the emulator's msw handlers; nothing leaves the process.
 */
export async function testConversation(agent: DrivenAgent, options: TestConversationOptions = {}): Promise<TestConversation> {
  const emulator = options.emulator ?? emulatorFor(agent.adapter);
  const id = options.conversationId ?? emulator.newConversation();
  const interception: Interception = intercept(emulator.handlers, options.msw);
  const local = options.http === true ? await listen(agent) : undefined;
  const timeline: TimelineEntry[] = [];
  let seen = emulator.actions.length;

  const collect = (): void => {
    for (const action of emulator.actions.slice(seen)) {
      if (action.conversationId !== id) continue;
      const payload = JSON.stringify(action.call.body ?? null);
      timeline.push({ who: 'bot', what: action.type, ...(action.text === undefined ? {} : { text: action.text }), owner: emulator.owner(id), action, payload });
    }
    seen = emulator.actions.length;
  };
  const send = async (who: TimelineEntry['who'], what: string, deliveries: Delivery[], text?: string): Promise<Answer[]> => {
    collect();
    const answers: Answer[] = [];
    // Some platforms tell the bot nothing of an act (a human's message on a platform that routes it to humans only).
    if (deliveries.length === 0) timeline.push({ who, what, ...(text === undefined ? {} : { text }), owner: emulator.owner(id) });
    for (const delivery of deliveries) {
      const answer = local === undefined ? await agent.receive(delivery, { ackTimeoutMs: false }) : await post(local.origin, delivery);
      emulator.readAnswer(id, delivery, answer);
      answers.push(answer);
      const payload = typeof delivery.body === 'string' ? delivery.body : Buffer.from(delivery.body).toString('utf8');
      timeline.push({ who, what, ...(text === undefined ? {} : { text }), owner: emulator.owner(id), status: answer.status, payload });
      collect();
      // What the platform sends by itself after the bot's calls goes to the bot next, as the platform would.
      const followUps = emulator.drain();
      if (followUps.length > 0) answers.push(...(await send('platform', 'followUp', followUps)));
    }
    return answers;
  };
  const mine = (): EmulatedAction[] => emulator.actions.filter((action) => action.conversationId === id);

  return {
    id,
    emulator,
    contactSays: (text) => send('contact', 'message', emulator.contactMessage(id, text), text),
    clickButton: (choice) => {
      const picked = typeof choice === 'string' ? { title: choice } : choice;
      return send('contact', 'choice', emulator.choice(id, picked), picked.title);
    },
    agentSays: (text) => send('agent', 'message', emulator.agentMessage(id, text), text),
    agentTakesOver: () => send('agent', 'takeOver', emulator.takeOver(id)),
    agentHandsBack: () => send('agent', 'handBack', emulator.handBack(id)),
    resolve: () => send('agent', 'resolve', emulator.resolve(id)),
    botReplies: () => mine().flatMap((action) => (action.type === 'reply' && action.text !== undefined ? [action.text] : [])),
    actions: mine,
    owner: () => emulator.owner(id),
    timeline: () => {
      collect();
      return timeline;
    },
    async close() {
      interception.release();
      await local?.close();
    },
  };
}
