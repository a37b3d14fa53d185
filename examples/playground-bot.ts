// A bot to try in the playground, on an emulated Chatwoot (no account needed):
//
//   npm run build && npx handoffkit playground examples/playground-bot.ts
//
// Write "human" as the contact to be handed to the agent inbox; Hand back returns the conversation to the bot.
import { VirtualAgent } from 'handoffkit';
import { chatwoot } from 'handoffkit/chatwoot';

export const agent = new VirtualAgent({
  adapter: chatwoot({ baseUrl: 'https://chat.example.test', accountId: 1, botToken: 'playground-token', secret: 'playground-secret' }),
});

agent.on(['message_created', 'message_updated'], async (ctx) => {
  // A tapped quick reply: its value (on Chatwoot, an update of the bot's question).
  const text = ctx.message.quickReply?.value ?? ctx.message.text ?? '';
  if (/\bhuman\b/i.test(text)) {
    await ctx.reply('Let me get someone for you.');
    await ctx.escalate({ reason: 'asked for a human', note: 'The contact asked for a person.' });
    return;
  }
  await ctx.reply({ text: `You said: ${text}. Anything else?`, quickReplies: [{ title: 'Talk to a human' }, { title: 'No, thanks' }] });
});
agent.on('handed_back', (ctx) => ctx.reply('I am back. Anything else?'));
