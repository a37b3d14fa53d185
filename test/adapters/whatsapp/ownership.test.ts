import { describe, expect, it } from 'vitest';
import type { VirtualAgent } from '../../../src/index.js';
import {
  PHONE_NUMBER_ID,
  delivery,
  fakeGraph,
  graphError,
  handoverChange,
  messagesChange,
  signedRequest,
  standbyChange,
  textMessage,
  whatsappAgent,
} from './support.js';
import { readmeBot } from '../meta/support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

// Who owns a WhatsApp thread under Conversation Routing, over whole conversations driven by signed deliveries.

const WA = '16505551234';
const { graph, handlers } = fakeGraph();
serveStandIn(handlers, graph);

/** The README's bot over a WhatsApp agent. */
const bot = (agent: VirtualAgent = whatsappAgent()) => readmeBot(agent);

async function send(agent: VirtualAgent, ...changes: unknown[]): Promise<void> {
  const response = await agent.fetch(signedRequest(delivery(changes)));
  expect(response.status).toBe(200);
}

const reply = (text: string) =>
  `POST /${PHONE_NUMBER_ID}/messages ${JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: WA, type: 'text', text: { body: text } })}`;
const control = (action: string, extra: object = {}) =>
  `POST /${PHONE_NUMBER_ID}/thread_control ${JSON.stringify({ messaging_product: 'whatsapp', to: WA, action, ...extra })}`;

describe('ownership over a whole WhatsApp conversation', () => {
  it('bot owns → escalate (pass) → standby messages (bot silent) → the inbox passes it back (control_passed) → handed_back → bot replies', async () => {
    const { agent, log } = bot();
    await send(agent, messagesChange({ contacts: { [WA]: 'Sheena' }, messages: [textMessage(WA, 'Where is my order?')] }));
    expect(await agent.conversation(WA).owner()).toBe('bot');

    await send(agent, messagesChange({ messages: [textMessage(WA, 'I want a human')] }));
    expect(await agent.conversation(WA).owner()).toBe('human');

    // The escalation partner owns the thread: this app sees it on standby.
    await send(agent, standbyChange({ messages: [textMessage(WA, 'Hello?')], message_echoes: [{ ...textMessage('15550783881', 'Hi, Alice here'), to: WA }] }));
    expect(await agent.conversation(WA).owner()).toBe('human');

    await send(agent, handoverChange(WA, 'control_passed', { previous: 'escalation', next: 'customer_service' }, 'solved by Alice'));
    expect(await agent.conversation(WA).owner()).toBe('bot');

    await send(agent, messagesChange({ messages: [textMessage(WA, 'thanks')] }));
    expect(log).toEqual([
      'bot hears "Where is my order?"',
      'bot hears "I want a human"',
      'handed_off bot->human by bot: asked for a human',
      'observer sees contact "Hello?"',
      'observer sees agent "Hi, Alice here"',
      'handed_back human->bot by platform: solved by Alice',
      'bot hears "thanks"',
    ]);
    expect(graph.summary()).toEqual([
      reply('You said: Where is my order?'),
      control('pass', { metadata: 'asked for a human' }),
      reply('I am back. Anything else?'),
      reply('You said: thanks'),
    ]);
  });

  it('control taken by the inbox → handed_off by the platform (metadata as reason) → bot silent on standby', async () => {
    const { agent, log } = bot();
    await send(agent, messagesChange({ messages: [textMessage(WA, 'hi')] }));
    await send(agent, handoverChange(WA, 'control_taken', { previous: 'customer_service', next: 'escalation' }, 'Alice took over'));
    await send(agent, standbyChange({ messages: [textMessage(WA, 'are you a bot?')] }));
    expect(log).toEqual(['bot hears "hi"', 'handed_off bot->human by platform: Alice took over', 'observer sees contact "are you a bot?"']);
    expect(graph.summary()).toEqual([reply('You said: hi')]);
    expect(await agent.conversation(WA).owner()).toBe('human');
  });

  it('resolve() releases the thread (no webhook follows): owner none; a message routed to this app again belongs to the bot', async () => {
    let now = Date.now();
    const { agent, log } = bot(whatsappAgent({}, { now: () => now }));
    await send(agent, messagesChange({ messages: [textMessage(WA, 'hi')] }));
    await agent.conversation(WA).resolve();
    expect(await agent.conversation(WA).owner()).toBe('none');
    // Two minutes later (past the agent's wait for a confirmation of its own change), routing gives the thread to this app.
    now += 120_000;
    await send(agent, messagesChange({ messages: [textMessage(WA, 'one more thing', { timestamp: String(Math.floor(now / 1000)) })] }));
    expect(await agent.conversation(WA).owner()).toBe('bot');
    expect(log).toEqual(['bot hears "hi"', 'bot hears "one more thing"']);
    expect(graph.summary()).toEqual([reply('You said: hi'), control('release'), reply('You said: one more thing')]);
  });

  it('a non-owner refusal from Graph (notOwnerCodes) hands the conversation to a human; the bot then stays silent', async () => {
    const { agent, log } = bot(whatsappAgent({ notOwnerCodes: [131060] }));
    const errors: string[] = [];
    agent.onError((error) => void errors.push((error as { code?: string }).code ?? ''));
    graph.respond = () => graphError(400, 131060, 'Not the thread owner');
    await send(agent, messagesChange({ messages: [textMessage(WA, 'hi')] }));
    expect(errors).toContain('E_NOT_OWNER');
    expect(await agent.conversation(WA).owner()).toBe('human');
    graph.respond = undefined;
    await send(agent, standbyChange({ messages: [textMessage(WA, 'hello?')] }));
    expect(log).toEqual([
      'bot hears "hi"',
      expect.stringMatching(/^handed_off bot->human by platform: WhatsApp refused POST \/106540352242922\/messages: another app controls this thread/),
      'observer sees contact "hello?"',
    ]);
  });
});
