// The bot every example serves: one Chatwoot agent bot, configured from environment variables.
import { type Store, VirtualAgent } from 'handoffkit';
import { chatwoot } from 'handoffkit/chatwoot';
import { env } from './run.js';

/**
 * An agent for the Chatwoot agent bot named by CHATWOOT_URL, CHATWOOT_ACCOUNT_ID, CHATWOOT_BOT_TOKEN and
 * CHATWOOT_SECRET; `store` shares its state with other instances (default: in this process only).
 */
export function createChatwootBot(store?: Store): VirtualAgent {
  const agent = new VirtualAgent({
    ...(store === undefined ? {} : { store }),
    adapter: chatwoot({
      baseUrl: env('CHATWOOT_URL'),
      accountId: env('CHATWOOT_ACCOUNT_ID'),
      botToken: env('CHATWOOT_BOT_TOKEN'),
      secret: env('CHATWOOT_SECRET'),
    }),
  });

  agent.on('message_created', async (ctx) => {
    const text = ctx.message.text ?? '';
    if (/\b(human|agent|person)\b/i.test(text)) {
      await ctx.reply('Connecting you with a person now.');
      return ctx.escalate({ reason: 'asked for a human' });
    }
    await ctx.reply(`You said: ${text}`);
  });
  agent.on('handed_back', (ctx) => ctx.reply('I am back. Anything else?'));
  agent.onError((error, ctx) => console.error(`[bot] ${ctx?.event.name ?? 'agent'}: ${error.message}`));
  return agent;
}
