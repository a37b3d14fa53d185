// The platform-neutral conversation driver: plays the contact and the human agent against a bot, over the
// emulator of the bot's platform, through `agent.receive` or over real HTTP on 127.0.0.1.
import type { SetupServer } from 'msw/node';
import type { Adapter } from '../core/adapter.js';
import type { Answer, Delivery } from '../core/delivery.js';
import type { Owner } from '../core/events.js';
import type { ReceiveOptions } from '../core/agent.js';
import type { EmulatedAction, EmulatedChoice, LabelChange, PlatformEmulator } from '../adapters/kit/emulator.js';
import { emulatorFor } from './emulators.js';
import { intercept, type Interception } from './interception.js';
import { listen, post } from './local-http.js';
import { type DrivenAgentEvents, listenForMarkers } from './markers.js';

/** What the driver needs of an agent: a `VirtualAgent` fits. */
export interface DrivenAgent {
  /** The agent's adapter: its name picks the emulator. */
  readonly adapter: Adapter<unknown>;
  /** Handles one delivery. */
  receive(delivery: Delivery, options?: ReceiveOptions): Promise<Answer>;
  /** The agent's lifecycle events (a `VirtualAgent`'s): its handler errors and fail-safe escalations go to the timeline. */
  readonly events?: DrivenAgentEvents;
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
  /**
   * What happened: `message`, `choice`, `note`, `labels`, `takeOver`, `handBack`, `resolve` (the contact's and the
   * agent's acts), the bot's action type (`reply`, `escalate`, `tag`, …), or the agent's own reports: `error` (a
   * handler failed) and `failSafe` (the agent escalated because of it).
   */
  what: string;
  /** The text, when there is one. */
  text?: string;
  /** The platform-side owner after it. */
  owner: Owner;
  /** The HTTP status of the delivery; absent when the platform sent the bot nothing for it (and on the agent's reports). */
  status?: number;
  /** The bot's action (bot entries). */
  action?: EmulatedAction;
  /** The raw payload: the delivery's body, the body of the bot's platform call, or the agent's report as JSON. */
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
  /** A human agent writes a private note; what the bot gets of it (if anything) is the platform's. */
  agentNotes(text: string): Promise<Answer[]>;
  /** A human agent adds or removes labels (tags); what the bot gets of it (if anything) is the platform's. */
  agentLabels(change: LabelChange): Promise<Answer[]>;
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
  /** The labels (tags) the conversation carries on the platform's side. */
  labels(): string[];
  /** Everything that happened, in order. */
  timeline(): readonly TimelineEntry[];
  /** Stops the local server and removes the emulator's msw handlers. */
  close(): Promise<void>;
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
  let inFlight = 0;
  const markers = listenForMarkers(
    agent.events,
    id,
    () => emulator.actions.length,
    () => emulator.owner(id),
  );
  const mark = (before?: number): void => {
    for (const { at: _at, ...marker } of markers.take(before)) timeline.push({ who: 'bot', ...marker });
  };

  const collect = (): void => {
    const actions = emulator.actions;
    for (let index = seen; index < actions.length; index += 1) {
      mark(index);
      const action = actions[index] as EmulatedAction;
      if (action.conversationId !== id) continue;
      const payload = JSON.stringify(action.call.body ?? null);
      timeline.push({ who: 'bot', what: action.type, ...(action.text === undefined ? {} : { text: action.text }), owner: emulator.owner(id), action, payload });
    }
    seen = actions.length;
    mark();
  };
  const deliver = async (who: TimelineEntry['who'], what: string, deliveries: Delivery[], text?: string): Promise<Answer[]> => {
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
      if (followUps.length > 0) answers.push(...(await deliver('platform', 'followUp', followUps)));
    }
    return answers;
  };
  // The act's own entry goes before what the bot did about it, even when the timeline is read meanwhile.
  const send = async (who: TimelineEntry['who'], what: string, deliveries: Delivery[], text?: string): Promise<Answer[]> => {
    inFlight += 1;
    try {
      return await deliver(who, what, deliveries, text);
    } finally {
      inFlight -= 1;
    }
  };
  const labelText = (change: LabelChange): string =>
    [...(change.add ?? []).map((label) => `+${label}`), ...(change.remove ?? []).map((label) => `-${label}`)].join(' ');
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
    agentNotes: (text) => send('agent', 'note', emulator.agentNote(id, text), text),
    agentLabels: (change) => send('agent', 'labels', emulator.agentLabels(id, change), labelText(change)),
    agentTakesOver: () => send('agent', 'takeOver', emulator.takeOver(id)),
    agentHandsBack: () => send('agent', 'handBack', emulator.handBack(id)),
    resolve: () => send('agent', 'resolve', emulator.resolve(id)),
    botReplies: () => mine().flatMap((action) => (action.type === 'reply' && action.text !== undefined ? [action.text] : [])),
    actions: mine,
    owner: () => emulator.owner(id),
    labels: () => emulator.labels(id),
    timeline: () => {
      if (inFlight === 0) collect();
      return timeline;
    },
    async close() {
      markers.stop();
      interception.release();
      await local?.close();
    },
  };
}
