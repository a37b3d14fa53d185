import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { route } from '../../../src/adapters/sunshine/index.js';
import type { VirtualAgent } from '../../../src/index.js';
import {
  AGENT_WORKSPACE,
  BOT_INTEGRATION,
  businessMessage,
  conversationPath,
  envelope,
  event,
  conversation,
  fakeApi,
  listen,
  LOCAL_ONLY,
  post,
  sunshineAgent,
  switchboard,
  userMessage,
  WEBHOOK_SECRET,
} from './support.js';

// Whole deliveries over a real node:http server on 127.0.0.1; the Conversations API is an msw stand-in.

const api = fakeApi();
beforeAll(() => api.server.listen(LOCAL_ONLY));
afterEach(() => api.reset());
afterAll(() => api.server.close());

function observed(agent: VirtualAgent): { named: string[]; any: string[]; errors: string[] } {
  const seen = { named: [] as string[], any: [] as string[], errors: [] as string[] };
  agent.on(
    ['message_created', 'conversation_started', 'widget_triggered', 'handed_off', 'handed_back', 'handoff_requested', 'conversation_resolved'],
    (ctx) => {
      seen.named.push(`${ctx.name} ${ctx.conversation.id}`);
    },
  );
  agent.onAny((ctx) => void seen.any.push(`${ctx.name} ${ctx.event.type}`));
  agent.onError(
    (error) => void seen.errors.push(`${error instanceof Error ? (error as { code?: string }).code : ''}: ${error instanceof Error ? error.message : ''}`),
  );
  return seen;
}

async function withServer<T>(agent: Parameters<typeof listen>[0], run: (url: string) => Promise<T>): Promise<T> {
  const server = await listen(agent);
  try {
    return await run(server.url);
  } finally {
    await server.close();
  }
}

describe('X-API-Key', () => {
  it('missing or wrong → 401 without running anything; a rotated secret is accepted', async () => {
    const agent = sunshineAgent({ webhookSecret: ['old-secret-123456', WEBHOOK_SECRET] });
    const seen = observed(agent);
    await withServer(agent, async (url) => {
      const body = envelope(userMessage('k1', 'hi'));
      const missing = await post(url, body, null);
      const wrong = await post(url, body, `${WEBHOOK_SECRET}x`);
      expect([missing.status, wrong.status]).toEqual([401, 401]);
      expect((missing.json as { error: { code: string } }).error.code).toBe('E_SIGNATURE');
      expect(JSON.stringify([missing.json, wrong.json])).not.toContain(WEBHOOK_SECRET);
      expect(seen.any).toEqual([]);
      expect((await post(url, envelope(userMessage('k1', 'old')), 'old-secret-123456')).status).toBe(200);
    });
    expect(seen.named).toEqual(['message_created k1']);
  });
});

describe('bad input', () => {
  it('an envelope without events → 400 naming the field', async () => {
    const agent = sunshineAgent();
    await withServer(agent, async (url) => {
      const answer = await post(url, { app: { id: 'a' }, webhook: { id: 'w', version: 'v2' } });
      expect(answer.status).toBe(400);
      expect((answer.json as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'E_PAYLOAD',
        message: expect.stringContaining('"events"'),
      });
    });
  });

  it('one malformed event among valid ones → 200, the others handled, the bad one reported through onError', async () => {
    const agent = sunshineAgent();
    const seen = observed(agent);
    const bad = event('conversation:message', { conversation: conversation('b2'), message: { id: 'm', author: { type: 'user' } } });
    await withServer(agent, async (url) => {
      expect((await post(url, envelope(userMessage('b1', 'one'), bad, userMessage('b3', 'three')))).status).toBe(200);
    });
    expect(seen.named).toEqual(['message_created b1', 'message_created b3']);
    expect(seen.errors).toEqual([expect.stringMatching(/^E_PAYLOAD: .*events\.1\.payload\.message\.content/)]);
  });

  it('unknown event types → 200, onAny only', async () => {
    const agent = sunshineAgent();
    const seen = observed(agent);
    await withServer(agent, async (url) => {
      expect(
        (await post(url, envelope(event('conversation:reaction', { conversation: conversation('u1') }), event('user:update', { user: { id: 'x' } })))).status,
      ).toBe(200);
    });
    expect(seen.named).toEqual([]);
    // Two lanes (a conversation, a contact): each handled on its own.
    expect(seen.any.sort()).toEqual(['contact_event user:update', 'platform_event conversation:reaction']);
  });

  it('a switchboard failure twin reaches onError with Sunshine’s error code; the delivery is answered 200', async () => {
    const agent = sunshineAgent();
    const seen = observed(agent);
    await withServer(agent, async (url) => {
      const failure = switchboard('offerControl:failure', 'f1', BOT_INTEGRATION, {
        error: { code: 'switchboard_invalid_target', message: 'Cannot offer control to the active switchboard integration.' },
      });
      expect((await post(url, envelope(failure))).status).toBe(200);
    });
    expect(seen.errors).toEqual([expect.stringMatching(/^E_PLATFORM_API: .*switchboard_invalid_target/)]);
  });
});

describe('ownership cycle', () => {
  it('bot owns → escalate → standby messages (bot silent) → the agent workspace passes control back → handed_back → the bot replies in the contact’s language', async () => {
    const agent = sunshineAgent();
    const log: string[] = [];
    // Registered first: it sees the owner as the message found it.
    agent.on(
      'message_created',
      (ctx) => void (ctx.conversation.owner === 'human' && log.push(`standby sees ${ctx.message.sender.role} "${ctx.message.text}"`)),
      { standby: true },
    );
    agent.on('message_created', async (ctx) => {
      log.push(`bot hears "${ctx.message.text}"`);
      if (/humain|human/i.test(ctx.message.text ?? '')) return ctx.escalate({ reason: 'asked for a human' });
      await ctx.reply({ en: 'How can I help?', fr: 'Comment puis-je aider ?', default: 'en' });
    });
    agent.on('handed_off', (ctx) => void log.push(`handed_off ${ctx.handoff.from}->${ctx.handoff.to}`));
    agent.on('handed_back', async (ctx) => {
      log.push(`handed_back ${ctx.handoff.from}->${ctx.handoff.to} (${ctx.contact.locale})`);
      await ctx.reply({ en: 'I am back. Anything else?', fr: 'Me revoici. Autre chose ?', default: 'en' });
    });
    const C = 'cycle-1';
    await withServer(agent, async (url) => {
      const send = async (...events: Record<string, unknown>[]) => expect((await post(url, envelope(...events))).status).toBe(200);
      await send(userMessage(C, 'Bonjour', { locale: 'fr-CA', id: 'first-msg' }));
      await send(userMessage(C, 'Je veux un humain', { locale: 'fr-CA' }));
      // The handoff as Sunshine announces it, then the conversation in the agent workspace (deliverStandbyEvents).
      await send(switchboard('passControl', C, AGENT_WORKSPACE));
      await send(
        businessMessage(C, 'Bonjour, ici Ana', AGENT_WORKSPACE, 'zd:agentWorkspace'),
        userMessage(C, 'Merci Ana', { locale: 'fr-CA', active: AGENT_WORKSPACE }),
      );
      await send(switchboard('passControl', C, BOT_INTEGRATION));
    });
    expect(log).toEqual([
      'bot hears "Bonjour"',
      'bot hears "Je veux un humain"',
      'handed_off bot->human',
      'standby sees agent "Bonjour, ici Ana"',
      'standby sees contact "Merci Ana"',
      'handed_back human->bot (fr-CA)',
    ]);
    const path = conversationPath(C);
    expect(api.calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ['POST', `${path}/messages`, { author: { type: 'business' }, content: { type: 'text', text: 'Comment puis-je aider ?' } }],
      [
        'POST',
        `${path}/passControl`,
        { switchboardIntegration: 'zd:agentWorkspace', metadata: { reason: 'asked for a human', first_message_id: 'first-msg' } },
      ],
      ['POST', `${path}/messages`, { author: { type: 'business' }, content: { type: 'text', text: 'Me revoici. Autre chose ?' } }],
    ]);
  });

  it('offerControl to the bot → handoff_requested, accepted with acceptControl; releaseControl → conversation_resolved', async () => {
    const agent = sunshineAgent();
    const seen = observed(agent);
    await withServer(agent, async (url) => {
      expect((await post(url, envelope(userMessage('o1', 'hi', { active: AGENT_WORKSPACE })))).status).toBe(200);
      expect((await post(url, envelope(switchboard('offerControl', 'o1', AGENT_WORKSPACE, { pending: BOT_INTEGRATION })))).status).toBe(200);
      // Sunshine confirms the acceptance: no second handed_back.
      expect((await post(url, envelope(switchboard('acceptControl', 'o1', BOT_INTEGRATION)))).status).toBe(200);
      expect((await post(url, envelope(switchboard('releaseControl', 'o1', null, { reason: 'ticketClosed' })))).status).toBe(200);
    });
    expect(seen.named).toEqual(['handoff_requested o1', 'handed_back o1', 'conversation_resolved o1']);
    expect(api.calls.map((c) => [c.method, c.path, c.body])).toEqual([['POST', `${conversationPath('o1')}/acceptControl`, {}]]);
  });
});

describe('one bot per channel', () => {
  it('a whatsapp event to an agent bound to web runs no handler and is answered 200', async () => {
    const agent = sunshineAgent({ channels: ['web'] });
    const seen = observed(agent);
    await withServer(agent, async (url) => {
      const answer = await post(url, envelope(userMessage('wa-1', 'hola', { channel: 'whatsapp' }), switchboard('passControl', 'wa-1', AGENT_WORKSPACE)));
      expect(answer.status).toBe(200);
    });
    expect(seen.named).toEqual([]);
    expect(seen.any).toEqual(['platform_event conversation:message', 'platform_event switchboard:passControl']);
    expect(api.calls).toEqual([]);
  });

  it('route(): one URL, each event to the agent of its channel, channel-less events to the conversation’s', async () => {
    const web = sunshineAgent({ channels: ['web'] });
    const whatsapp = sunshineAgent({ channels: ['whatsapp'] });
    const seenWeb = observed(web);
    const seenWhatsapp = observed(whatsapp);
    await withServer(route({ web, whatsapp }), async (url) => {
      expect((await post(url, envelope(userMessage('r-web', 'hi'), userMessage('r-wa', 'hola', { channel: 'whatsapp' })))).status).toBe(200);
      expect((await post(url, envelope(switchboard('passControl', 'r-wa', AGENT_WORKSPACE)))).status).toBe(200);
      // A new conversation's channel applies to its later events of the same delivery.
      expect(
        (await post(url, envelope(userMessage('r-wa2', 'hola', { channel: 'whatsapp' }), switchboard('passControl', 'r-wa2', AGENT_WORKSPACE)))).status,
      ).toBe(200);
      // Refused by the agents, and learned from by no one.
      expect((await post(url, envelope(userMessage('r-web', 'forged')), 'wrong-key')).status).toBe(401);
      expect((await post(url, { events: 'none' })).status).toBe(400);
    });
    expect(seenWeb.named).toEqual(['message_created r-web']);
    expect(seenWhatsapp.named).toEqual(['message_created r-wa', 'handed_off r-wa', 'message_created r-wa2', 'handed_off r-wa2']);
  });

  it('route() refuses anything but agents by channel', () => {
    expect(() => route({})).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
    expect(() => route({ web: {} as VirtualAgent })).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });
});

describe('ack', () => {
  it('answers within Sunshine’s 20 s: the ack deadline is 15 s', async () => {
    const { sunshine } = await import('../../../src/adapters/sunshine/index.js');
    const { adapterOptions } = await import('./support.js');
    expect(sunshine(adapterOptions()).ackTimeoutMs).toBe(15_000);
    expect(WEBHOOK_SECRET).not.toBe('');
  });
});
