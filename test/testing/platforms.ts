// The agent of each shipped platform the shared contract runs over: the same bot, each adapter built with test
// options (API bases at the emulator, no retries).
import { VirtualAgent, silentLogger } from '../../src/index.js';
import { chatwoot } from '../../src/adapters/chatwoot/index.js';
import { messenger } from '../../src/adapters/messenger/index.js';
import { whatsapp } from '../../src/adapters/whatsapp/index.js';
import { sunshine } from '../../src/adapters/sunshine/index.js';
import { livechat } from '../../src/adapters/livechat/index.js';
import { qualtrics } from '../../src/adapters/qualtrics/index.js';
import { hootsuite } from '../../src/adapters/hootsuite/index.js';
import { iadvize } from '../../src/adapters/iadvize/index.js';
import type { Adapter } from '../../src/core/adapter.js';

/** A platform of the contract: its name and its adapter with test options. */
export interface ContractPlatform {
  name: string;
  adapter(): Adapter<unknown>;
}

export const PLATFORMS: readonly ContractPlatform[] = [
  {
    name: 'chatwoot',
    adapter: () => chatwoot({ baseUrl: 'https://chat.example.test', accountId: 3, botToken: 'cw-bot-token-1', secret: 'cw-secret-1', retries: 0 }),
  },
  {
    name: 'messenger',
    adapter: () =>
      messenger({
        appSecret: 'fb-app-secret-1',
        pageAccessToken: 'EAAG-page-token-1',
        verifyToken: 'verify-1',
        appId: '1122334455667',
        apiUrl: 'http://graph.test',
        retries: 0,
      }),
  },
  {
    name: 'whatsapp',
    adapter: () =>
      whatsapp({
        appSecret: 'wa-app-secret-1',
        accessToken: 'EAAW-system-token-1',
        verifyToken: 'verify-1',
        phoneNumberId: '106540352242922',
        apiUrl: 'http://graph.test',
        retries: 0,
      }),
  },
  {
    name: 'sunshine',
    adapter: () =>
      sunshine({
        appId: '5ebee0975ac5304b664a12fa',
        keyId: 'app_5f0e1b2c3d4e5f6a7b8c9d0e',
        keySecret: 'sunshine-key-secret-1',
        webhookSecret: 'sunshine-webhook-secret-1',
        apiUrl: 'http://sunshine.test/sc',
        integrationId: '5eecde2dcdbffb08f5c3ed37',
        retries: 0,
      }),
  },
  {
    name: 'livechat',
    adapter: () =>
      livechat({
        botId: '5c9871d5372c824cbf22d860a707a578',
        clientId: '238ac5c3c3628210aca289c6d700d2c1',
        botSecret: 'lc-bot-secret-1',
        organizationId: '1a8a9ec7-bd5d-4400-9204-3826740981e0',
        webhookSecret: 'lc-webhook-secret-1',
        retries: 0,
      }),
  },
  {
    name: 'qualtrics',
    adapter: () => qualtrics({ accountId: 1417, accessToken: 'qsc-access-token-1', clientSecret: 'qsc-client-secret-1', retries: 0 }),
  },
  {
    name: 'hootsuite',
    adapter: () =>
      hootsuite({
        sharedSecret: '9f3c2a71d4e85b06c1f7a9e2d3b4c5a69788f0e1d2c3b4a5968778695a4b3c2d',
        clientId: 'hs-client-1',
        clientSecret: 'hs-client-secret-1',
        organizationId: '900002',
        retries: 0,
      }),
  },
  {
    name: 'iadvize',
    adapter: () =>
      iadvize({
        secret: 'iadvize-connector-secret-1',
        bots: [{ idBot: 'bot-1', name: 'Helper bot', editorUrl: 'https://bot.example.com/editor' }],
        transferRule: 'ef4670c3-d715-4a21-8226-ed17f354fc44',
      }),
  },
];

/** The bot of the contract: answers, escalates when asked for a human, greets on its return. */
export function contractBot(adapter: Adapter<unknown>): VirtualAgent {
  const agent = new VirtualAgent({ adapter, logger: silentLogger });
  agent.on('message_created', async (ctx) => {
    const text = ctx.message.text ?? '';
    if (/\bhuman\b/i.test(text)) {
      await ctx.reply('Let me get someone for you.');
      await ctx.escalate({ reason: 'asked for a human' });
      return;
    }
    await ctx.reply(`You said: ${text}. Anything else?`);
  });
  agent.on('handed_back', (ctx) => ctx.reply('I am back. Anything else?'));
  return agent;
}
