import { describe, expect, it } from 'vitest';
import { call, makeAgent, messageBody, serve } from './support.js';

// iAdvize calls the bot only while the bot is the conversation's operator: a transfer hands the conversation to
// the humans, and a visitor message arriving afterwards (the transfer failed) means it is the bot's again.

describe('iAdvize ownership cycle', () => {
  it('escalate → handed_off (human); a later visitor message → handed_back (bot); resolve → conversation_resolved', async () => {
    const agent = makeAgent();
    const lifecycle: string[] = [];
    agent.on('handed_off', (ctx) => void lifecycle.push(`handed_off:${ctx.handoff.reason}:${ctx.conversation.owner}`));
    agent.on('handed_back', (ctx) => void lifecycle.push(`handed_back:${ctx.handoff.initiator}:${ctx.conversation.owner}`));
    agent.on('conversation_resolved', (ctx) => void lifecycle.push(`resolved:${ctx.conversation.owner}`));
    agent.on('message_created', async (ctx) => {
      lifecycle.push(`message:${ctx.conversation.owner}`);
      if (ctx.message.text === 'human') return ctx.escalate({ reason: 'asked for a human' });
      if (ctx.message.text === 'bye') return ctx.resolve();
    });
    const served = await serve(agent);
    try {
      await call(served, 'POST', '/conversations/conv-own/messages', messageBody('human'));
      await call(served, 'POST', '/conversations/conv-own/messages', messageBody('still there?'));
      await call(served, 'POST', '/conversations/conv-own/messages', messageBody('bye'));
      expect(lifecycle).toEqual([
        'message:bot',
        'handed_off:asked for a human:human',
        'handed_back:platform:bot',
        'message:bot',
        'message:bot',
        'resolved:none',
      ]);
    } finally {
      await served.close();
    }
  });
});
