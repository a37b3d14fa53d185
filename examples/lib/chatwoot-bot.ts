// The bot every example serves: one Chatwoot agent bot, configured from environment variables.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VirtualAgent } from 'handoffkit';
import { chatwoot } from 'handoffkit/chatwoot';

/** Reads a required environment variable, or stops with a message naming it. */
export function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    console.error(`Missing environment variable ${name}. Set CHATWOOT_URL, CHATWOOT_ACCOUNT_ID, CHATWOOT_BOT_TOKEN and CHATWOOT_SECRET.`);
    process.exit(1);
  }
  return value;
}

/** An agent for the Chatwoot agent bot named by CHATWOOT_URL, CHATWOOT_ACCOUNT_ID, CHATWOOT_BOT_TOKEN and CHATWOOT_SECRET. */
export function createChatwootBot(): VirtualAgent {
  const agent = new VirtualAgent({
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

/** The port and host to listen on: PORT (default 3000, 0 picks a free port) and HOST (default 127.0.0.1). */
export function listenAddress(): { port: number; host: string } {
  return { port: Number(env('PORT', '3000')), host: env('HOST', '127.0.0.1') };
}

/** Whether the module at `moduleUrl` is the script node was started with (not an import). */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(resolve(script)).href === moduleUrl;
}

/** Closes `server` on SIGINT / SIGTERM, then exits. */
export function closeOnSignal(server: { close(callback?: () => void): unknown }): void {
  const stop = (): void => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
