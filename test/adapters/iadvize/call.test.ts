import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectPhone, isCollectingPhone, stopCollectingPhone, twilioCalls } from '../../../src/calls/index.js';
import type { VirtualAgent } from '../../../src/index.js';
import { call, makeAgent, messageBody, OPERATOR, type Served, serve, startBody } from './support.js';

// End to end over HTTP: an iAdvize stand-in calls the bot's connector on 127.0.0.1; Twilio is msw.

const SID = 'AC11112222333344445555666677778888';
const TOKEN = 'twilio-token-e2e-Pz41';
const TWILIO = 'https://api.twilio.test';
const INVALID = "The 'To' number 123 is not a valid phone number.";
const placed: Record<string, string>[] = [];
let twilioDelayMs = 0;
const twilio = setupServer(
  http.post(`${TWILIO}/2010-04-01/Accounts/${SID}/Calls.json`, async ({ request }) => {
    const form = Object.fromEntries(new URLSearchParams(await request.text()));
    if (twilioDelayMs > 0) await delay(twilioDelayMs);
    placed.push(form);
    if (form.To === '123') return HttpResponse.json({ code: 21211, message: INVALID, status: 400 }, { status: 400 });
    return HttpResponse.json({ sid: 'CA-e2e-1', status: 'queued' }, { status: 201 });
  }),
);
beforeAll(() =>
  twilio.listen({
    onUnhandledRequest(request, print) {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(() => {
  placed.length = 0;
  twilioDelayMs = 0;
});
afterAll(() => twilio.close());

const CONSENT = 'We use your number only to call you back about this conversation.';

function callBot(afterCall: 'close' | 'transfer' = 'close', timeoutMs = 2_000): VirtualAgent {
  const agent = makeAgent(
    { afterCall, transferTimeoutSeconds: 15 },
    {
      calls: twilioCalls({
        accountSid: SID,
        authToken: TOKEN,
        from: '+3312345678',
        url: 'https://cc.example.com/connect',
        apiUrl: TWILIO,
        retries: 0,
        timeoutMs,
      }),
    },
  );
  agent.on('message_created', async (ctx) => {
    if (ctx.message.text === 'call me' || (await isCollectingPhone(ctx))) {
      const phone = await collectPhone(ctx, { consent: CONSENT });
      if (phone === undefined) return;
      await ctx.escalate({ to: { call: { phone } }, reason: 'asked for a call' });
      if (ctx.conversation.owner === 'human') await stopCollectingPhone(ctx);
      return;
    }
    await ctx.reply('How can I help?');
  });
  return agent;
}

async function say(served: Served, conversation: string, text: string): Promise<unknown[]> {
  const res = await call(served, 'POST', `/conversations/${conversation}/messages`, messageBody(text));
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: unknown[] }).replies;
}

const text = (value: string) => ({ type: 'message', payload: { contentType: 'text', value }, quickReplies: [] });

describe('messaging-to-call escalation on iAdvize, over HTTP', () => {
  it('consent and question, letters asked again, the provider’s error relayed, a valid number called once, then closed', async () => {
    const agent = callBot();
    const served = await serve(agent);
    try {
      expect((await call(served, 'POST', '/conversations', startBody('conv-call'))).status).toBe(200);
      expect(await say(served, 'conv-call', 'call me')).toEqual([text(CONSENT), text('Which phone number can we call you at?')]);
      // Only letters: asked again, Twilio not called.
      expect(await say(served, 'conv-call', 'abc')).toEqual([text('That does not look like a phone number. Which number can we call you at?')]);
      expect(placed).toEqual([]);
      // Twilio refuses the number: its message is the bot's next reply; the conversation stays the bot's.
      expect(await say(served, 'conv-call', '123')).toEqual([text(`${INVALID} Please send your phone number again.`)]);
      expect(agent.escalations().total).toBe(0);
      // A valid number: the call is requested once, the contact told, the conversation closed (afterCall: 'close').
      expect(await say(served, 'conv-call', '+33 6 12 34 56 78')).toEqual([text('Thank you, we are calling you at +33 6 12 34 56 78.'), { type: 'close' }]);
      expect(placed).toEqual([
        { To: '123', From: '+3312345678', Url: 'https://cc.example.com/connect' },
        { To: '+33 6 12 34 56 78', From: '+3312345678', Url: 'https://cc.example.com/connect' },
      ]);
      const report = agent.escalations();
      expect(report.total).toBe(1);
      expect(report.byChannel).toEqual({ call: 1 });
      expect(report.byOutcome).toEqual({ escalated: 1, failed: 0, unsupported: 0 });
      expect(report.byReason).toEqual({ 'asked for a call': 1 });
      // Tracked per bot: the bot operator iAdvize gave the conversation to.
      expect(report.byBot).toEqual({ iadvize: { [OPERATOR]: 1 } });
    } finally {
      await served.close();
    }
  });

  it('afterCall: transfer completes with a transfer to the distribution rule and its fallback', async () => {
    const served = await serve(callBot('transfer'));
    try {
      await say(served, 'conv-transfer', 'call me');
      const replies = await say(served, 'conv-transfer', '+33612345678');
      expect(replies).toEqual([
        text('Thank you, we are calling you at +33612345678.'),
        { type: 'transfer', distributionRule: 'ef4670c3-d715-4a21-8226-ed17f354fc44', transferOptions: { timeout: { value: 15, unit: 'seconds' } } },
        { type: 'close' },
      ]);
    } finally {
      await served.close();
    }
  });

  it('a provider timeout: the contact gets the fallback and the conversation is transferred to a human in the chat', async () => {
    const agent = callBot('close', 200);
    const served = await serve(agent);
    try {
      await say(served, 'conv-timeout', 'call me');
      twilioDelayMs = 1_000;
      const replies = await say(served, 'conv-timeout', '+33612345678');
      expect(replies).toEqual([
        text('We could not place the call. A member of our team will answer you here.'),
        { type: 'transfer', distributionRule: 'ef4670c3-d715-4a21-8226-ed17f354fc44', transferOptions: { timeout: { value: 15, unit: 'seconds' } } },
        { type: 'close' },
      ]);
      const report = agent.escalations();
      expect(report.byChannel).toEqual({ call: 1, default: 1 });
      expect(report.byTrigger).toEqual({ bot: 1, 'fail-safe': 1, platform: 0 });
      expect(report.byOutcome).toEqual({ escalated: 1, failed: 1, unsupported: 0 });
    } finally {
      await served.close();
    }
  });

  it('a redelivered valid number places the call once', async () => {
    const served = await serve(callBot());
    try {
      await say(served, 'conv-twice', 'call me');
      const body = messageBody('+33612345678');
      await call(served, 'POST', '/conversations/conv-twice/messages', body);
      await call(served, 'POST', '/conversations/conv-twice/messages', body);
      expect(placed).toHaveLength(1);
    } finally {
      await served.close();
    }
  });

  it('escalate({ to: { call } }) without a calls provider is E_CONFIG naming the option', async () => {
    const agent = makeAgent();
    const errors: string[] = [];
    agent.on('message_created', (ctx) =>
      ctx.escalate({ to: { call: { phone: '+331' } } }).catch((e: Error & { code?: string }) => void errors.push(`${e.code}: ${e.message}`)),
    );
    const served = await serve(agent);
    try {
      await say(served, 'conv-none', 'x');
      expect(errors).toEqual([expect.stringMatching(/^E_CONFIG: .*VirtualAgent\(\{ calls \}\)/)]);
    } finally {
      await served.close();
    }
  });
});
