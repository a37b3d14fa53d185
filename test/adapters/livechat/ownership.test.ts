import { describe, expect, it } from 'vitest';
import {
  AGENT_ID,
  BOT_ID,
  CHAT_ID,
  deactivated,
  envelope,
  installFakeLiveChat,
  incomingChat,
  incomingMessage,
  makeAgent,
  postOk,
  serve,
  THREAD_ID,
  transferred,
} from './support.js';

const { state } = installFakeLiveChat();

const sentTexts = () => state.calls.filter((c) => c.action === 'agent/send_event').map((c) => `${c.body.event.visibility}:${c.body.event.text}`);

describe('livechat ownership: the whole cycle over real HTTP', () => {
  it('bot owns → escalate (transfer to a group) → agent messages skip default handlers → transferred back → handed_back → bot replies → chat_deactivated → conversation_resolved', async () => {
    const agent = makeAgent({ humanGroup: 2 });
    const log: string[] = [];
    const standby: string[] = [];
    agent.onAny((ctx) => void log.push(`${ctx.name}:${ctx.conversation?.owner}`));
    agent.on('message_created', async (ctx) => {
      if (/human/.test(ctx.message.text ?? '')) return ctx.escalate({ reason: 'asked for a human' });
      if (ctx.message.text) await ctx.reply(`echo ${ctx.message.text}`);
    });
    agent.on('message_created', (ctx) => void standby.push(`${ctx.message.sender.role}:${ctx.message.text}`), { standby: true });
    agent.on('handed_back', (ctx) => ctx.reply('I am back. Anything else?'));
    const served = await serve(agent);

    // 1. A new chat routed to the bot: it owns it; its own greeting in the thread is not answered.
    await postOk(served, incomingChat());
    await postOk(served, incomingMessage('hello'));
    expect(sentTexts()).toEqual(['all:echo hello']);

    // 2. The customer asks for a human: the reason for the agents, then transfer_chat to humanGroup.
    await postOk(served, incomingMessage('a human please'));
    expect(state.actions().slice(-2)).toEqual(['send_event', 'transfer_chat']);
    expect(state.calls.at(-1)?.body).toEqual({ id: CHAT_ID, target: { type: 'group', ids: [2] } });
    expect(sentTexts().at(-1)).toBe('agents:asked for a human');
    // LiveChat reports the transfer and the agent joining: the owner is already human, observers only.
    await postOk(served, transferred({ agent_ids: [AGENT_ID], group_ids: [2] }));
    await postOk(
      served,
      envelope('user_added_to_chat', { chat_id: CHAT_ID, thread_id: THREAD_ID, user: { id: AGENT_ID, type: 'agent' }, user_type: 'agent', reason: 'manual' }),
    );

    // 3. The agent and the customer talk: default handlers stay silent, standby ones see both.
    const before = state.calls.length;
    await postOk(served, incomingMessage('Hi, I am Lukasz', AGENT_ID));
    await postOk(served, incomingMessage('my invoice is wrong'));
    expect(state.calls.length).toBe(before);

    // 4. The agent transfers the chat back to the bot: handed_back, and the bot speaks again.
    await postOk(served, transferred({ agent_ids: [BOT_ID], group_ids: [1] }));
    await postOk(served, incomingMessage('thanks'));
    // The bot's own echo (author_id = bot) is not answered.
    await postOk(served, incomingMessage('echo thanks', BOT_ID));
    expect(sentTexts().slice(-2)).toEqual(['all:I am back. Anything else?', 'all:echo thanks']);

    // 5. The chat is closed.
    await postOk(served, deactivated());
    await served.close();

    expect(log).toEqual([
      'conversation_started:bot',
      'message_created:bot', // the customer's pre-chat form
      'message_created:bot', // the bot's greeting
      'message_created:bot', // hello
      'message_created:bot', // a human please
      'handed_off:human',
      'platform_event:human', // chat_transferred (already human)
      'platform_event:human', // user_added_to_chat
      'message_created:human',
      'message_created:human',
      'handed_back:bot',
      'message_created:bot',
      'message_created:bot',
      'conversation_resolved:none',
    ]);
    expect(standby).toEqual([
      'contact:undefined',
      'bot:Hello. How may I help you?',
      'contact:hello',
      'contact:a human please',
      'agent:Hi, I am Lukasz',
      'contact:my invoice is wrong',
      'contact:thanks',
      'bot:echo thanks',
    ]);
  });

  it('a human agent joining a bot chat hands it off; the bot joining again hands it back', async () => {
    const agent = makeAgent();
    const log: string[] = [];
    agent.on(['handed_off', 'handed_back'], (ctx) => void log.push(`${ctx.name}:${ctx.handoff.initiator}:${ctx.handoff.reason}`));
    const served = await serve(agent);
    await postOk(served, incomingChat('C2'));
    const added = (id: string) =>
      envelope('user_added_to_chat', { chat_id: 'C2', thread_id: 'T2', user: { id, type: 'agent' }, user_type: 'agent', reason: 'manual' });
    await postOk(served, added(AGENT_ID));
    await postOk(served, added(BOT_ID));
    await served.close();
    expect(log).toEqual(['handed_off:platform:manual', 'handed_back:platform:manual']);
  });
});
