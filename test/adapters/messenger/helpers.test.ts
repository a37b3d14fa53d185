import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { HandoffkitError, PlatformApiError, type OutgoingMessage } from '../../../src/index.js';
import {
  APP_ID,
  INBOX_APP_ID,
  PAGE_TOKEN,
  appRolesItem,
  deliveryOf,
  expectNoSecrets,
  fakeGraph,
  graphError,
  messengerAgent,
  requestItem,
  signedRequest,
} from './support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

const PSID = '5551234567';
const { graph, handlers } = fakeGraph();
serveStandIn(handlers, graph);

const recipient = { id: PSID };

describe('reply: POST /me/messages with messaging_type RESPONSE', () => {
  const rows: Array<[string, string | OutgoingMessage, Record<string, unknown>]> = [
    ['text', 'Hello!', { text: 'Hello!' }],
    [
      'text with quick replies (payload = value, or the title)',
      { text: 'Did that help?', quickReplies: [{ title: 'Yes', value: 'HELPED_YES' }, { title: 'No' }] },
      {
        text: 'Did that help?',
        quick_replies: [
          { content_type: 'text', title: 'Yes', payload: 'HELPED_YES' },
          { content_type: 'text', title: 'No', payload: 'No' },
        ],
      },
    ],
    [
      "an e-mail input (Messenger's user_email quick reply)",
      { text: 'Your e-mail?', emailInput: true },
      { text: 'Your e-mail?', quick_replies: [{ content_type: 'user_email' }] },
    ],
    [
      'one card without image: a button template',
      {
        cards: [
          {
            title: 'What next?',
            description: 'Pick one',
            actions: [
              { type: 'postback', text: 'Track', payload: 'TRACK' },
              { type: 'link', text: 'FAQ', url: 'https://shop.example/faq' },
            ],
          },
        ],
      },
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'What next?\nPick one',
            buttons: [
              { type: 'postback', title: 'Track', payload: 'TRACK' },
              { type: 'web_url', title: 'FAQ', url: 'https://shop.example/faq' },
            ],
          },
        },
      },
    ],
    [
      'cards with images: a generic template, with quick replies',
      {
        cards: [
          {
            title: 'Blue mug',
            description: '12 €',
            imageUrl: 'https://shop.example/blue.jpg',
            actions: [{ type: 'postback', text: 'Buy', payload: 'BUY_BLUE' }],
          },
          { title: 'Red mug', imageUrl: 'https://shop.example/red.jpg' },
        ],
        quickReplies: [{ title: 'More' }],
      },
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'generic',
            elements: [
              {
                title: 'Blue mug',
                subtitle: '12 €',
                image_url: 'https://shop.example/blue.jpg',
                buttons: [{ type: 'postback', title: 'Buy', payload: 'BUY_BLUE' }],
              },
              { title: 'Red mug', image_url: 'https://shop.example/red.jpg' },
            ],
          },
        },
        quick_replies: [{ content_type: 'text', title: 'More', payload: 'More' }],
      },
    ],
    [
      'articles: a generic template opening each link',
      { articles: [{ title: 'Returns', description: 'How to return an item', url: 'https://help.example/returns' }] },
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'generic',
            elements: [{ title: 'Returns', subtitle: 'How to return an item', default_action: { type: 'web_url', url: 'https://help.example/returns' } }],
          },
        },
      },
    ],
    [
      'an image by URL',
      { attachments: [{ type: 'image', url: 'https://cdn.example/map.png' }] },
      { attachment: { type: 'image', payload: { url: 'https://cdn.example/map.png' } } },
    ],
    [
      'a file by URL',
      { attachments: [{ type: 'file', url: 'https://cdn.example/invoice.pdf' }] },
      { attachment: { type: 'file', payload: { url: 'https://cdn.example/invoice.pdf' } } },
    ],
  ];

  it.each(rows)('sends %s', async (_title, message, expected) => {
    const sent = await messengerAgent().conversation(PSID).reply(message);
    expect(sent).toEqual({ id: 'm_sent_1' });
    expect(graph.calls).toEqual([
      { method: 'POST', path: '/me/messages', query: { access_token: PAGE_TOKEN }, body: { recipient, messaging_type: 'RESPONSE', message: expected } },
    ]);
  });

  it('merges platformFields into the body: a human agent tag outside the 24 h window', async () => {
    await messengerAgent()
      .conversation(PSID)
      .reply({ text: 'Following up', platformFields: { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } });
    expect(graph.calls.map((c) => c.body)).toEqual([{ recipient, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Following up' } }]);
  });

  it('writes to a user_ref (a person met through a plugin, before any thread)', async () => {
    await messengerAgent().conversation('user_ref:ur-42').reply('Thanks for subscribing!');
    expect(graph.calls.map((c) => c.body)).toEqual([
      { recipient: { user_ref: 'ur-42' }, messaging_type: 'RESPONSE', message: { text: 'Thanks for subscribing!' } },
    ]);
  });

  it.each([
    ['a private note', { text: 'note', private: true }, 'E_UNSUPPORTED', /no private notes/],
    [
      'text with an image',
      { text: 'Here:', attachments: [{ type: 'image', url: 'https://cdn.example/a.png' }] },
      'E_UNSUPPORTED',
      /text or one attachment, got text \+ a image attachment: send them as separate replies/,
    ],
    [
      'two files',
      {
        attachments: [
          { type: 'file', url: 'https://a.example/1' },
          { type: 'file', url: 'https://a.example/2' },
        ],
      },
      'E_UNSUPPORTED',
      /send them as separate replies/,
    ],
    ['a form', { text: 'x', form: [{ name: 'email', type: 'email' }] }, 'E_UNSUPPORTED', /no forms/],
    ['quick replies without text', { quickReplies: [{ title: 'A' }] }, 'E_PAYLOAD', /needs text/],
    ['nothing', {}, 'E_PAYLOAD', /needs text, cards, articles or an attachment/],
  ] as const)('refuses %s before calling Graph', async (_title, message, code, text) => {
    await expect(
      messengerAgent()
        .conversation(PSID)
        .reply(message as OutgoingMessage),
    ).rejects.toMatchObject({ code, message: expect.stringMatching(text) });
    expect(graph.calls).toEqual([]);
  });
});

describe('the other helpers: exact Graph calls', () => {
  it('typing(on) and typing(false): sender_action typing_on / typing_off', async () => {
    const conversation = messengerAgent().conversation(PSID);
    await conversation.typing();
    await conversation.typing(false);
    expect(graph.calls).toEqual([
      { method: 'POST', path: '/me/messages', query: { access_token: PAGE_TOKEN }, body: { recipient, sender_action: 'typing_on' } },
      { method: 'POST', path: '/me/messages', query: { access_token: PAGE_TOKEN }, body: { recipient, sender_action: 'typing_off' } },
    ]);
  });

  it('escalate({ reason }) passes the thread to the Page Inbox with the reason as metadata', async () => {
    await messengerAgent().conversation(PSID).escalate({ reason: 'asked for a human' });
    expect(graph.calls).toEqual([
      {
        method: 'POST',
        path: '/me/pass_thread_control',
        query: { access_token: PAGE_TOKEN },
        body: { recipient, target_app_id: INBOX_APP_ID, metadata: 'asked for a human' },
      },
    ]);
  });

  it('escalate({ to }) passes to any inbox app by id (string or number); humanAppId changes the default; a note joins the metadata', async () => {
    const qualtrics = '1234509876';
    await messengerAgent().conversation(PSID).escalate({ reason: 'billing', to: qualtrics });
    await messengerAgent()
      .conversation('777')
      .escalate({ to: Number(qualtrics) });
    await messengerAgent({ humanAppId: Number(qualtrics) })
      .conversation('778')
      .escalate({ reason: 'r', note: 'VIP customer' });
    expect(graph.calls.map((c) => [c.path, c.body])).toEqual([
      ['/me/pass_thread_control', { recipient, target_app_id: qualtrics, metadata: 'billing' }],
      ['/me/pass_thread_control', { recipient: { id: '777' }, target_app_id: qualtrics }],
      ['/me/pass_thread_control', { recipient: { id: '778' }, target_app_id: qualtrics, metadata: 'r\n\nVIP customer' }],
    ]);
  });

  it('escalate({ reason, summary, note }) puts all three in the thread-control metadata, cut to 1,000 characters with a marker', async () => {
    await messengerAgent().conversation(PSID).escalate({ reason: 'billing', summary: 'Wants a refund for order 42.', note: 'VIP' });
    await messengerAgent()
      .conversation('779')
      .escalate({ reason: 'billing', summary: 'x'.repeat(2_000) });
    const [first, second] = graph.calls.map((c) => c.body as { metadata: string });
    expect(first?.metadata).toBe('billing\n\nWants a refund for order 42.\n\nVIP');
    expect(second?.metadata).toHaveLength(1_000);
    expect(second?.metadata.startsWith('billing\n\nxxx')).toBe(true);
    expect(second?.metadata.endsWith('x […]')).toBe(true);
  });

  it('escalate({ to: { team } }) is refused with E_UNSUPPORTED, and the bot keeps the thread', async () => {
    const conversation = messengerAgent().conversation(PSID);
    await expect(conversation.escalate({ to: { team: 3 } })).rejects.toMatchObject({
      code: 'E_UNSUPPORTED',
      message: expect.stringMatching(/takes the id of the app/),
    });
    expect(graph.calls).toEqual([]);
    expect(await conversation.owner()).toBe('none');
  });

  it('handBack() takes control as the primary receiver, requests it as a secondary one', async () => {
    await messengerAgent().conversation(PSID).handBack();
    await messengerAgent({ role: 'secondary' }).conversation(PSID).handBack();
    expect(graph.calls).toEqual([
      { method: 'POST', path: '/me/take_thread_control', query: { access_token: PAGE_TOKEN }, body: { recipient } },
      { method: 'POST', path: '/me/request_thread_control', query: { access_token: PAGE_TOKEN }, body: { recipient } },
    ]);
  });

  it('an app_roles delivery tells the adapter its role: handBack() follows it', async () => {
    const agent = messengerAgent();
    expect((await agent.fetch(signedRequest(deliveryOf([appRolesItem('secondary_receiver')])))).status).toBe(200);
    await agent.conversation(PSID).handBack();
    expect((await agent.fetch(signedRequest(deliveryOf([appRolesItem('primary_receiver')])))).status).toBe(200);
    await agent.conversation(PSID).handBack();
    expect(graph.calls.map((c) => c.path)).toEqual(['/me/request_thread_control', '/me/take_thread_control']);
  });

  it("resolve() releases the thread by default, or passes it per the resolve option; the owner becomes 'none'", async () => {
    const released = messengerAgent().conversation(PSID);
    await released.resolve();
    await messengerAgent({ resolve: { passTo: INBOX_APP_ID } })
      .conversation(PSID)
      .resolve();
    expect(graph.calls).toEqual([
      { method: 'POST', path: '/me/release_thread_control', query: { access_token: PAGE_TOKEN }, body: { recipient } },
      { method: 'POST', path: '/me/pass_thread_control', query: { access_token: PAGE_TOKEN }, body: { recipient, target_app_id: INBOX_APP_ID } },
    ]);
    expect(await released.owner()).toBe('none');
  });

  it.each([
    ['tag', (c: ReturnType<ReturnType<typeof messengerAgent>['conversation']>) => c.tag('vip')],
    ['untag', (c: ReturnType<ReturnType<typeof messengerAgent>['conversation']>) => c.untag('vip')],
    ['setAttributes', (c: ReturnType<ReturnType<typeof messengerAgent>['conversation']>) => c.setAttributes({ plan: 'pro' })],
  ])('%s() rejects with E_UNSUPPORTED naming the adapter and the helper', async (helper, call) => {
    const error = await call(messengerAgent().conversation(PSID)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HandoffkitError);
    expect(error).toMatchObject({ code: 'E_UNSUPPORTED', message: `The messenger adapter does not support ${helper}(). Check adapter.capabilities first.` });
    expect(graph.calls).toEqual([]);
  });
});

describe('handoff requests: request_thread_control', () => {
  it('is granted by default: pass_thread_control to the requester (numeric id compared as a string), then handed_off', async () => {
    const agent = messengerAgent();
    const seen: string[] = [];
    agent.on('handoff_requested', (ctx) => void seen.push(`requested by ${ctx.handoff.requestedBy}: ${ctx.handoff.reason}`));
    agent.on('handed_off', (ctx) => void seen.push(`handed_off ${ctx.handoff.from}->${ctx.handoff.to} (${ctx.handoff.initiator})`));
    const response = await agent.fetch(signedRequest(deliveryOf([requestItem(PSID, Number(INBOX_APP_ID), 'Alice opened the thread')])));
    expect(response.status).toBe(200);
    expect(graph.calls).toEqual([
      { method: 'POST', path: '/me/pass_thread_control', query: { access_token: PAGE_TOKEN }, body: { recipient, target_app_id: INBOX_APP_ID } },
    ]);
    expect(seen).toEqual([`requested by ${INBOX_APP_ID}: Alice opened the thread`, 'handed_off bot->human (bot)']);
    expect(await agent.conversation(PSID).owner()).toBe('human');
  });

  it("is not granted under onHandoffRequest: 'ignore'", async () => {
    const agent = messengerAgent({ onHandoffRequest: 'ignore' });
    await agent.fetch(signedRequest(deliveryOf([requestItem(PSID, INBOX_APP_ID)])));
    expect(graph.calls).toEqual([]);
    expect(await agent.conversation(PSID).owner()).toBe('bot');
  });

  it('a custom policy is a handoff_requested handler: it decides, and may grant through the helpers', async () => {
    const decided: string[] = [];
    const agent = messengerAgent({ onHandoffRequest: 'ignore' });
    agent.on('handoff_requested', async (ctx) => {
      decided.push(ctx.handoff.requestedBy ?? '');
      await ctx.escalate({ reason: 'granted by policy', to: ctx.handoff.requestedBy ?? INBOX_APP_ID });
    });
    await agent.fetch(signedRequest(deliveryOf([requestItem(PSID, '1234509876')])));
    expect(decided).toEqual(['1234509876']);
    expect(graph.calls.map((c) => c.body)).toEqual([{ recipient, target_app_id: '1234509876', metadata: 'granted by policy' }]);
  });

  it('a request from this app itself, or seen on standby, is not granted', async () => {
    const agent = messengerAgent();
    await agent.fetch(signedRequest(deliveryOf([requestItem(PSID, APP_ID)])));
    await agent.fetch(signedRequest(deliveryOf([requestItem('999', INBOX_APP_ID)], 'standby')));
    expect(graph.calls).toEqual([]);
  });
});

describe('Graph errors', () => {
  it('maps a Graph error to E_PLATFORM_API with the status and Meta’s code, subcode, message and fbtrace_id', async () => {
    graph.respond = () => graphError(400, { message: '(#100) The parameter recipient is required', code: 100, error_subcode: 2018001, fbtrace_id: 'Fb7race' });
    const error = await messengerAgent()
      .conversation(PSID)
      .reply('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformApiError);
    expect(error).toMatchObject({
      code: 'E_PLATFORM_API',
      status: 400,
      platform: 'messenger',
      platformMessage: '(#100) The parameter recipient is required (code 100, subcode 2018001, fbtrace_id Fb7race)',
      message: 'messenger API POST /me/messages failed with 400: (#100) The parameter recipient is required (code 100, subcode 2018001, fbtrace_id Fb7race)',
      details: { code: 100, error_subcode: 2018001, fbtrace_id: 'Fb7race', type: 'OAuthException', method: 'POST', path: '/me/messages', status: 400 },
    });
    expectNoSecrets(error);
  });

  it('maps code 10 / subcode 2018300 (another app controls the thread) to E_NOT_OWNER, and the agent learns a human owns it', async () => {
    graph.respond = () =>
      graphError(403, {
        message: '(#10) This message is sent outside of allowed window. Another app is controlling this thread.',
        code: 10,
        error_subcode: 2018300,
      });
    const agent = messengerAgent();
    const handoffs: string[] = [];
    agent.on('handed_off', (ctx) => void handoffs.push(`${ctx.handoff.from}->${ctx.handoff.to} by ${ctx.handoff.initiator}`));
    const conversation = agent.conversation(PSID);
    const error = await conversation.reply('hello').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandoffkitError);
    expect(error).toMatchObject({
      code: 'E_NOT_OWNER',
      message: expect.stringMatching(/^Messenger refused POST \/me\/messages: another app controls this thread \(\(#10\).*code 10, subcode 2018300/),
      details: expect.objectContaining({ code: 10, error_subcode: 2018300, fbtrace_id: 'AbCdEfGh123', status: 403 }),
    });
    expectNoSecrets(error);
    expect(await conversation.owner()).toBe('human');
    // Later replies are refused by the agent itself, without a Graph call.
    graph.reset();
    await expect(conversation.reply('again')).rejects.toMatchObject({ code: 'E_NOT_OWNER' });
    expect(graph.calls).toEqual([]);
  });

  it('never lets the access token into an error: Graph quoting it, no answer at all, a timeout', async () => {
    graph.respond = () => graphError(400, { message: `Malformed access token ${PAGE_TOKEN}`, code: 190 });
    const quoted = await messengerAgent()
      .conversation(PSID)
      .reply('x')
      .catch((e: unknown) => e);
    expect(quoted).toMatchObject({ code: 'E_PLATFORM_API', platformMessage: 'Malformed access token [redacted] (code 190, fbtrace_id AbCdEfGh123)' });
    expectNoSecrets(quoted);

    graph.respond = () => HttpResponse.error();
    const network = await messengerAgent()
      .conversation(PSID)
      .reply('x')
      .catch((e: unknown) => e);
    expect(network).toMatchObject({ code: 'E_PLATFORM_API', status: 0 });
    expectNoSecrets(network);

    graph.respond = async () => {
      await delay(300);
      return HttpResponse.json({});
    };
    const timeout = await messengerAgent({ timeoutMs: 30 })
      .conversation(PSID)
      .reply('x')
      .catch((e: unknown) => e);
    expect(timeout).toMatchObject({ code: 'E_TIMEOUT', message: 'messenger API POST /me/messages timed out after 30 ms.' });
    expectNoSecrets(timeout);
  });

  it('retries a 5xx when asked to, then succeeds', async () => {
    let attempts = 0;
    graph.respond = () => (++attempts === 1 ? graphError(500, { message: 'An unexpected error has occurred.', code: 2 }) : undefined);
    await expect(messengerAgent({ retries: 1 }).conversation(PSID).typing()).resolves.toBeUndefined();
    expect(graph.calls.map((c) => c.path)).toEqual(['/me/messages', '/me/messages']);
  });
});
