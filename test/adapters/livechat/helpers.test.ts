import { describe, expect, it, vi } from 'vitest';
import type { HandoffInfo } from '../../../src/index.js';
import {
  AGENT_ID,
  BOT_ID,
  BOT_SECRET,
  CHAT_ID,
  CLIENT_ID,
  expectNoSecrets,
  fakeLiveChat,
  installFakeLiveChat,
  incomingChat,
  incomingMessage,
  liveChatError,
  makeAgent,
  ORGANIZATION_ID,
  postOk,
  serve,
  THREAD_ID,
} from './support.js';

const { state, msw } = installFakeLiveChat();

const AGENT_PATH = (action: string) => `/v3.6/agent/action/${action}`;
const agentCalls = () => state.calls.filter((c) => c.action.startsWith('agent/'));

describe('livechat helpers: each one is this exact Agent Chat API call, with the bot token', () => {
  it('the first call issues the bot token (issue_bot_token), later calls reuse it', async () => {
    const chat = makeAgent().conversation(CHAT_ID);
    await chat.reply('hello');
    await chat.reply('again');
    expect(state.calls[0]).toMatchObject({
      path: '/v3.6/configuration/action/issue_bot_token',
      method: 'POST',
      authorization: null,
      contentType: 'application/json',
      body: { bot_id: BOT_ID, client_id: CLIENT_ID, bot_secret: BOT_SECRET, organization_id: ORGANIZATION_ID },
    });
    expect(state.issued).toBe(1);
    expect(agentCalls()).toEqual([
      {
        action: 'agent/send_event',
        path: AGENT_PATH('send_event'),
        method: 'POST',
        authorization: 'Bearer lc_bot_token_1',
        contentType: 'application/json',
        body: { chat_id: CHAT_ID, event: { type: 'message', text: 'hello', visibility: 'all' } },
      },
      expect.objectContaining({
        authorization: 'Bearer lc_bot_token_1',
        body: { chat_id: CHAT_ID, event: { type: 'message', text: 'again', visibility: 'all' } },
      }),
    ]);
  });

  it('the token is kept until shortly before its 24 h lapse, then issued anew', async () => {
    const start = Date.parse('2026-12-01T08:00:00Z');
    const clock = vi.spyOn(Date, 'now').mockReturnValue(start);
    try {
      const chat = makeAgent().conversation(CHAT_ID);
      await chat.typing(true);
      clock.mockReturnValue(start + 23 * 3_600_000);
      await chat.typing(true);
      expect(state.issued).toBe(1);
      clock.mockReturnValue(start + 24 * 3_600_000);
      await chat.typing(true);
      expect(state.issued).toBe(2);
      expect(agentCalls().map((c) => c.authorization)).toEqual(['Bearer lc_bot_token_1', 'Bearer lc_bot_token_1', 'Bearer lc_bot_token_2']);
    } finally {
      clock.mockRestore();
    }
  });

  it('a 401 drops the token, issues a new one and sends the call once more', async () => {
    const chat = makeAgent().conversation(CHAT_ID);
    await chat.reply('one');
    // LiveChat revokes the token: the next call is refused once.
    let refused = 0;
    state.respond = (call) =>
      call.action === 'agent/send_event' && refused++ === 0 ? liveChatError(401, 'authentication', 'Invalid access token') : undefined;
    await chat.reply('two');
    expect(state.issued).toBe(2);
    expect(agentCalls().map((c) => [c.body.event.text, c.authorization])).toEqual([
      ['one', 'Bearer lc_bot_token_1'],
      ['two', 'Bearer lc_bot_token_1'],
      ['two', 'Bearer lc_bot_token_2'],
    ]);
  });

  it('a second 401 is the error (one refresh only): E_PLATFORM_API with LiveChat error.type and message', async () => {
    const chat = makeAgent().conversation(CHAT_ID);
    state.respond = (call) => (call.action === 'agent/send_event' ? liveChatError(401, 'authentication', 'Invalid access token') : undefined);
    const error = await chat.reply('x').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'E_PLATFORM_API',
      status: 401,
      platformMessage: 'authentication: Invalid access token',
      details: { type: 'authentication', path: '/agent/action/send_event' },
    });
    expect(state.issued).toBe(2);
    expectNoSecrets(error);
  });

  it('a refused token request is E_PLATFORM_API, without the bot secret', async () => {
    state.respond = (call) =>
      call.action === 'configuration/issue_bot_token' ? liveChatError(403, 'authorization', `bot_secret ${BOT_SECRET} is invalid`) : undefined;
    const error = await makeAgent()
      .conversation(CHAT_ID)
      .reply('x')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_PLATFORM_API', status: 403, details: { type: 'authorization' } });
    expectNoSecrets(error);
  });

  it('quick replies → a quick_replies rich message whose buttons post back the value', async () => {
    await makeAgent()
      .conversation(CHAT_ID)
      .reply({ text: 'Pick one', quickReplies: [{ title: 'Yes', value: 'yes' }, { title: 'No' }] });
    expect(agentCalls()[0]?.body).toEqual({
      chat_id: CHAT_ID,
      event: {
        type: 'rich_message',
        template_id: 'quick_replies',
        visibility: 'all',
        elements: [
          {
            title: 'Pick one',
            buttons: [
              { type: 'message', text: 'Yes', value: 'Yes', postback_id: 'yes', user_ids: [] },
              { type: 'message', text: 'No', value: 'No', postback_id: 'No', user_ids: [] },
            ],
          },
        ],
      },
    });
  });

  it('cards → the text, then a cards rich message with url and postback buttons', async () => {
    const sent = await makeAgent()
      .conversation(CHAT_ID)
      .reply({
        text: 'Plans',
        cards: [
          {
            title: 'Pro',
            description: '10 seats',
            imageUrl: 'https://img.example/pro.png',
            actions: [
              { type: 'link', text: 'Open', url: 'https://example.com/pro' },
              { type: 'postback', text: 'Buy', payload: 'buy_pro' },
            ],
          },
        ],
      });
    expect(agentCalls().map((c) => c.body.event)).toEqual([
      { type: 'message', text: 'Plans', visibility: 'all' },
      {
        type: 'rich_message',
        template_id: 'cards',
        visibility: 'all',
        elements: [
          {
            title: 'Pro',
            subtitle: '10 seats',
            image: { url: 'https://img.example/pro.png' },
            buttons: [
              { type: 'url', text: 'Open', value: 'https://example.com/pro', postback_id: 'https://example.com/pro', user_ids: [] },
              { type: 'message', text: 'Buy', value: 'Buy', postback_id: 'buy_pro', user_ids: [] },
            ],
          },
        ],
      },
    ]);
    expect(sent).toEqual({ id: 'EV_2' });
  });

  it('a form → E_UNSUPPORTED, nothing sent', async () => {
    await expect(
      makeAgent()
        .conversation(CHAT_ID)
        .reply({ text: 'x', form: [{ name: 'a', type: 'text' }] }),
    ).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
    expect(state.calls).toEqual([]);
  });

  it('typing → send_typing_indicator; resolve → deactivate_chat; setAttributes → update_chat_properties in the bot namespace', async () => {
    const chat = makeAgent().conversation(CHAT_ID);
    await chat.typing(true);
    await chat.typing(false);
    await chat.setAttributes({ plan: 'pro', seats: 10 });
    await chat.resolve();
    expect(agentCalls().map((c) => [c.path, c.body])).toEqual([
      [AGENT_PATH('send_typing_indicator'), { chat_id: CHAT_ID, visibility: 'all', is_typing: true }],
      [AGENT_PATH('send_typing_indicator'), { chat_id: CHAT_ID, visibility: 'all', is_typing: false }],
      [AGENT_PATH('update_chat_properties'), { id: CHAT_ID, properties: { [CLIENT_ID]: { plan: 'pro', seats: 10 } } }],
      [AGENT_PATH('deactivate_chat'), { id: CHAT_ID }],
    ]);
  });

  it("tag/untag → tag_thread/untag_thread on the webhook's thread; outside a webhook, on get_chat's current thread", async () => {
    const agent = makeAgent();
    agent.on('message_created', async (ctx) => {
      await ctx.tag('vip', 'billing');
      await ctx.untag('new');
    });
    const served = await serve(agent);
    await postOk(served, incomingMessage('hi'));
    await served.close();
    await makeAgent().conversation('OTHER').tag('later');
    expect(agentCalls().map((c) => [c.path, c.body])).toEqual([
      [AGENT_PATH('tag_thread'), { chat_id: CHAT_ID, thread_id: THREAD_ID, tag: 'vip' }],
      [AGENT_PATH('tag_thread'), { chat_id: CHAT_ID, thread_id: THREAD_ID, tag: 'billing' }],
      [AGENT_PATH('untag_thread'), { chat_id: CHAT_ID, thread_id: THREAD_ID, tag: 'new' }],
      [AGENT_PATH('get_chat'), { chat_id: 'OTHER' }],
      [AGENT_PATH('tag_thread'), { chat_id: 'OTHER', thread_id: 'THREAD_CURRENT', tag: 'later' }],
    ]);
  });

  it('apiUrl and apiVersion set the base of every call', async () => {
    const proxy = fakeLiveChat('https://proxy.example/livechat', '3.5');
    msw.use(...proxy.handlers);
    await makeAgent({ apiUrl: 'https://proxy.example/livechat', apiVersion: '3.5' }).conversation(CHAT_ID).resolve();
    expect(proxy.state.calls.map((c) => [c.path, c.authorization])).toEqual([
      ['/livechat/v3.5/configuration/action/issue_bot_token', null],
      ['/livechat/v3.5/agent/action/deactivate_chat', 'Bearer lc_bot_token_1'],
    ]);
    expect(state.calls).toEqual([]);
  });

  it('handBack → E_UNSUPPORTED and absent from capabilities', async () => {
    const agent = makeAgent();
    expect(agent.adapter.capabilities).not.toContain('handBack');
    await expect(agent.conversation(CHAT_ID).handBack()).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
    expect(state.calls).toEqual([]);
  });
});

describe('livechat escalate: the reason for the agents, then transfer_chat', () => {
  /** A bot that owns the chat (incoming_chat routed to it) and escalates on "human". */
  async function escalating(options: Parameters<typeof makeAgent>[0], to?: unknown) {
    const agent = makeAgent(options);
    const handoffs: HandoffInfo[] = [];
    agent.on('message_created', (ctx) =>
      /human/.test(ctx.message.text ?? '') ? ctx.escalate({ reason: 'asked for a human', ...(to === undefined ? {} : { to: to as never }) }) : undefined,
    );
    agent.on('handed_off', (ctx) => void handoffs.push(ctx.handoff));
    const served = await serve(agent);
    await postOk(served, incomingChat());
    await postOk(served, incomingMessage('a human please'));
    await served.close();
    return handoffs;
  }

  it.each([
    ['humanGroup (default 0)', {}, undefined, { type: 'group', ids: [0] }],
    ['humanGroup 7', { humanGroup: 7 }, undefined, { type: 'group', ids: [7] }],
    ['to: { group }', {}, { group: 19 }, { type: 'group', ids: [19] }],
    ['to: { agent }', {}, { agent: AGENT_ID }, { type: 'agent', ids: [AGENT_ID] }],
  ])('%s', async (_, options, to, target) => {
    const handoffs = await escalating(options, to);
    expect(agentCalls().map((c) => [c.path, c.body])).toEqual([
      [AGENT_PATH('send_event'), { chat_id: CHAT_ID, event: { type: 'message', text: 'asked for a human', visibility: 'agents' } }],
      [AGENT_PATH('transfer_chat'), { id: CHAT_ID, target }],
    ]);
    expect(handoffs).toEqual([{ from: 'bot', to: 'human', initiator: 'bot', inferred: false, reason: 'asked for a human' }]);
  });

  it('escalate({ reason, summary }) sends the reason and the summary as one private event, cut to 16,000 characters with a marker', async () => {
    const agent = makeAgent();
    agent.on('message_created', (ctx) =>
      ctx.message.text === 'human'
        ? ctx.escalate({ reason: 'refund', summary: 'Order 42 arrived broken.' })
        : ctx.message.text === 'long'
          ? ctx.escalate({ summary: 'z'.repeat(20_000) })
          : undefined,
    );
    const served = await serve(agent);
    await postOk(served, incomingChat('CH_SUM'));
    await postOk(served, incomingMessage('human', undefined, { chatId: 'CH_SUM' }));
    await postOk(served, incomingChat('CH_SUM2'));
    await postOk(served, incomingMessage('long', undefined, { chatId: 'CH_SUM2' }));
    await served.close();
    const events = agentCalls()
      .filter((c) => c.path === AGENT_PATH('send_event'))
      .map((c) => (c.body as { event: { text: string; visibility: string } }).event);
    expect(events).toHaveLength(2);
    expect(events).toContainEqual({ type: 'message', text: 'refund\n\nOrder 42 arrived broken.', visibility: 'agents' });
    const long = events.find((e) => e.text.startsWith('zzz'));
    expect(long?.text).toHaveLength(16_000);
    expect(long?.text.endsWith('z […]')).toBe(true);
    expect(long?.visibility).toBe('agents');
  });

  it("the escalation observer counts a { group } target as 'group'", async () => {
    const agent = makeAgent();
    const channels: string[] = [];
    agent.events.on('escalation', (e) => void channels.push(`${e.channel}:${e.outcome}`));
    agent.on('message_created', (ctx) => (ctx.message.text === 'human' ? ctx.escalate({ reason: 'r', to: { group: 3 } }) : undefined));
    const served = await serve(agent);
    await postOk(served, incomingChat('CH_OBS'));
    await postOk(served, incomingMessage('human', undefined, { chatId: 'CH_OBS' }));
    await served.close();
    expect(channels).toEqual(['group:escalated']);
  });

  it('no agent available → the transfer again with ignore_agents_availability (queued), said in ctx.handoff', async () => {
    let refusals = 0;
    state.respond = (call) =>
      call.action === 'agent/transfer_chat' && call.body.ignore_agents_availability !== true && ++refusals > 0
        ? liveChatError(422, 'agents_unavailable', 'No agents available in the requested group')
        : undefined;
    const handoffs = await escalating({ humanGroup: 2 });
    expect(
      agentCalls()
        .map((c) => [c.path, c.body])
        .slice(1),
    ).toEqual([
      [AGENT_PATH('transfer_chat'), { id: CHAT_ID, target: { type: 'group', ids: [2] } }],
      [AGENT_PATH('transfer_chat'), { id: CHAT_ID, target: { type: 'group', ids: [2] }, ignore_agents_availability: true }],
    ]);
    expect(handoffs).toEqual([{ from: 'bot', to: 'human', initiator: 'bot', inferred: false, reason: 'asked for a human', queued: true }]);
  });

  it('a transfer refused for another reason: the fail-safe reports it, the delivery is answered 500 (LiveChat retries)', async () => {
    state.respond = (call) =>
      call.action === 'agent/transfer_chat' ? liveChatError(403, 'authorization', 'Bot is not allowed to transfer this chat') : undefined;
    const agent = makeAgent();
    const errors: unknown[] = [];
    agent.onError((error) => void errors.push(error));
    agent.on('message_created', (ctx) => {
      if (ctx.message.text === 'hi') throw new Error('handler broke');
    });
    const served = await serve(agent);
    await postOk(served, incomingChat('CHAT_FS'));
    const response = await served.post(incomingMessage('hi', undefined, { chatId: 'CHAT_FS' }));
    await served.close();
    expect(response.status).toBe(500);
    expect(
      agentCalls()
        .filter((c) => c.path === AGENT_PATH('transfer_chat'))
        .map((c) => c.body),
    ).toEqual([{ id: 'CHAT_FS', target: { type: 'group', ids: [0] } }]);
    // The fail-safe's report names the handler, the conversation and LiveChat's refusal (type and message).
    expect(errors).toContainEqual(expect.objectContaining({ code: 'E_HANDLER', details: { conversationId: 'CHAT_FS', event: 'message_created' } }));
    expect(String((errors[1] as Error).message)).toContain('transfer_chat failed with 403: authorization: Bot is not allowed to transfer this chat');
    expectNoSecrets(errors);
  });
});
