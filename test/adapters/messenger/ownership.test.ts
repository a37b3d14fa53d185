import { describe, expect, it } from 'vitest';
import type { VirtualAgent } from '../../../src/index.js';
import {
  APP_ID,
  INBOX_APP_ID,
  PAGE_TOKEN,
  deliveryOf,
  echoItem,
  fakeGraph,
  graphError,
  messengerAgent,
  passItem,
  signedRequest,
  takeItem,
  textItem,
  tick,
} from './support.js';
import { readmeBot } from '../meta/support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

// Who owns a Messenger thread, over whole conversations driven by signed deliveries.

const PSID = '2468013579';
const { graph, handlers } = fakeGraph();
serveStandIn(handlers, graph);

/** The README's bot over a Messenger agent. */
const bot = () => readmeBot(messengerAgent());

async function send(agent: VirtualAgent, items: unknown[], lane: 'messaging' | 'standby' = 'messaging'): Promise<void> {
  const response = await agent.fetch(signedRequest(deliveryOf(items, lane)));
  expect(response.status).toBe(200);
}

const reply = (text: string) => `POST /me/messages ${JSON.stringify({ recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text } })}`;

describe('ownership over a whole Messenger conversation', () => {
  it('bot owns → escalate → standby messages (bot silent) → the inbox passes control back → handed_back → the bot replies', async () => {
    const { agent, log } = bot();

    await send(agent, [textItem(PSID, 'Where is my order?')]);
    expect(await agent.conversation(PSID).owner()).toBe('bot');

    await send(agent, [textItem(PSID, 'I want a human')]);
    expect(await agent.conversation(PSID).owner()).toBe('human');

    // The Page Inbox owns the thread: everything arrives on standby.
    await send(agent, [textItem(PSID, 'Hello?'), echoItem(PSID, 'Hi, Alice here', INBOX_APP_ID), textItem(PSID, 'Order 42 is late')], 'standby');
    expect(await agent.conversation(PSID).owner()).toBe('human');

    // Alice is done: the inbox passes the thread back to the bot.
    await send(agent, [passItem(PSID, APP_ID, INBOX_APP_ID, 'solved by Alice')]);
    expect(await agent.conversation(PSID).owner()).toBe('bot');

    await send(agent, [textItem(PSID, 'thanks')]);

    expect(log).toEqual([
      'bot hears "Where is my order?"',
      'bot hears "I want a human"',
      'handed_off bot->human by bot: asked for a human',
      'observer sees contact "Hello?"',
      'observer sees agent "Hi, Alice here"',
      'observer sees contact "Order 42 is late"',
      'handed_back human->bot by platform: solved by Alice',
      'bot hears "thanks"',
    ]);
    expect(graph.summary()).toEqual([
      reply('You said: Where is my order?'),
      `POST /me/pass_thread_control ${JSON.stringify({ recipient: { id: PSID }, target_app_id: INBOX_APP_ID, metadata: 'asked for a human' })}`,
      reply('I am back. Anything else?'),
      reply('You said: thanks'),
    ]);
    expect(graph.calls.every((call) => call.query.access_token === PAGE_TOKEN)).toBe(true);
  });

  it('control taken away by the inbox → handed_off by the platform → bot silent → handBack() takes it back', async () => {
    const { agent, log } = bot();
    await send(agent, [textItem(PSID, 'hi')]);
    await send(agent, [takeItem(PSID, APP_ID, INBOX_APP_ID, 'Alice took over')]);
    await send(agent, [textItem(PSID, 'are you a bot?')], 'standby');
    await agent.conversation(PSID).handBack();
    // Meta confirms with take_thread_control naming this app as the new owner.
    await send(agent, [takeItem(PSID, INBOX_APP_ID, APP_ID)]);
    await send(agent, [textItem(PSID, 'ok')]);
    expect(log).toEqual([
      'bot hears "hi"',
      'handed_off bot->human by platform: Alice took over',
      'observer sees contact "are you a bot?"',
      'handed_back human->bot by bot',
      'bot hears "ok"',
    ]);
    expect(graph.summary()).toEqual([
      reply('You said: hi'),
      `POST /me/take_thread_control ${JSON.stringify({ recipient: { id: PSID } })}`,
      reply('I am back. Anything else?'),
      reply('You said: ok'),
    ]);
  });

  it('a refusal by Graph (another app controls the thread) hands the conversation to a human; the bot then stays silent', async () => {
    const { agent, log } = bot();
    const errors: string[] = [];
    agent.onError((error) => void errors.push((error as { code?: string }).code ?? ''));
    graph.respond = (call) =>
      call.path === '/me/messages' ? graphError(400, { message: '(#10) Another app controls this thread', code: 10, error_subcode: 2018300 }) : undefined;
    await send(agent, [textItem(PSID, 'hello')]);
    expect(await agent.conversation(PSID).owner()).toBe('human');
    graph.reset();
    await send(agent, [textItem(PSID, 'still there?')], 'standby');
    expect(log).toEqual([
      'bot hears "hello"',
      expect.stringMatching(/^handed_off bot->human by platform: Messenger refused POST \/me\/messages: another app controls this thread/),
      'observer sees contact "still there?"',
    ]);
    // The handler's failure was reported; the agent did not try to escalate a thread it does not own.
    expect(errors).toEqual(['E_NOT_OWNER']);
    expect(graph.calls).toEqual([]);
  });

  it('ignores a late messaging item older than the hand-off (out-of-order delivery)', async () => {
    const { agent, log } = bot();
    const early = tick();
    await send(agent, [textItem(PSID, 'first')]);
    await send(agent, [takeItem(PSID, APP_ID)]);
    // Delivered late, stamped before the inbox took control.
    await send(agent, [textItem(PSID, 'late', { timestamp: early })]);
    expect(await agent.conversation(PSID).owner()).toBe('human');
    expect(log).toEqual(['bot hears "first"', 'handed_off bot->human by platform', 'observer sees contact "late"']);
  });
});
