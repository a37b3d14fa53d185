import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { HandoffkitError, type OutgoingMessage } from '../../../src/index.js';
import { whatsapp } from '../../../src/adapters/whatsapp/index.js';
import {
  ACCESS_TOKEN,
  PHONE_NUMBER_ID,
  baseOptions,
  delivery,
  expectNoSecrets,
  fakeGraph,
  graphError,
  messagesChange,
  signedRequest,
  textMessage,
  whatsappAgent,
} from './support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

const WA = '16505551234';
const { graph, handlers } = fakeGraph();
serveStandIn(handlers, graph);

const MESSAGES = `/${PHONE_NUMBER_ID}/messages`;
const THREAD = `/${PHONE_NUMBER_ID}/thread_control`;
const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: WA };

describe('reply: POST /<phone-number-id>/messages with the bearer token', () => {
  const long = `${'a'.repeat(4000)} ${'b'.repeat(200)}`;
  const rows: Array<[string, string | OutgoingMessage, Record<string, unknown>[]]> = [
    ['text', 'Hello!', [{ type: 'text', text: { body: 'Hello!' } }]],
    [
      'text over 4096 characters, split',
      long,
      [
        { type: 'text', text: { body: long.slice(0, 4096) } },
        { type: 'text', text: { body: long.slice(4096) } },
      ],
    ],
    [
      '≤ 3 quick replies → reply buttons (id = value, or the title)',
      { text: 'Did that help?', quickReplies: [{ title: 'Yes', value: 'HELPED_YES' }, { title: 'No' }] },
      [
        {
          type: 'interactive',
          interactive: {
            type: 'button',
            body: { text: 'Did that help?' },
            action: {
              buttons: [
                { type: 'reply', reply: { id: 'HELPED_YES', title: 'Yes' } },
                { type: 'reply', reply: { id: 'No', title: 'No' } },
              ],
            },
          },
        },
      ],
    ],
    [
      '> 3 quick replies → a list',
      { text: 'Which topic?', quickReplies: ['Orders', 'Returns', 'Billing', 'Something else, not listed here'].map((title) => ({ title })) },
      [
        {
          type: 'interactive',
          interactive: {
            type: 'list',
            body: { text: 'Which topic?' },
            action: {
              button: 'Choose',
              sections: [
                {
                  title: 'Options',
                  rows: [
                    { id: 'Orders', title: 'Orders' },
                    { id: 'Returns', title: 'Returns' },
                    { id: 'Billing', title: 'Billing' },
                    { id: 'Something else, not listed here', title: 'Something else, not list' },
                  ],
                },
              ],
            },
          },
        },
      ],
    ],
    [
      'a card with postbacks → interactive buttons with an image header',
      {
        cards: [
          {
            title: 'Order 42',
            description: 'Shipped',
            imageUrl: 'https://shop.example/42.png',
            actions: [{ type: 'postback', text: 'Track', payload: 'TRACK_42' }],
          },
        ],
      },
      [
        {
          type: 'interactive',
          interactive: {
            type: 'button',
            header: { type: 'image', image: { link: 'https://shop.example/42.png' } },
            body: { text: 'Order 42\nShipped' },
            action: { buttons: [{ type: 'reply', reply: { id: 'TRACK_42', title: 'Track' } }] },
          },
        },
      ],
    ],
    [
      'a card with one link → a URL button',
      { cards: [{ title: 'Our FAQ', actions: [{ type: 'link', text: 'Open', url: 'https://shop.example/faq' }] }] },
      [
        {
          type: 'interactive',
          interactive: {
            type: 'cta_url',
            body: { text: 'Our FAQ' },
            action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'https://shop.example/faq' } },
          },
        },
      ],
    ],
    [
      'text and attachments by URL',
      {
        text: 'Your invoice',
        attachments: [
          { type: 'file', url: 'https://shop.example/i.pdf' },
          { type: 'image', url: 'https://shop.example/p.png' },
        ],
      },
      [
        { type: 'text', text: { body: 'Your invoice' } },
        { type: 'document', document: { link: 'https://shop.example/i.pdf' } },
        { type: 'image', image: { link: 'https://shop.example/p.png' } },
      ],
    ],
    [
      'a template, for outside the 24-hour window',
      { platformFields: { template: { name: 'order_update', language: 'en_US', components: [{ type: 'body', parameters: [{ type: 'text', text: '42' }] }] } } },
      [
        {
          type: 'template',
          template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '42' }] }] },
        },
      ],
    ],
    [
      'a template by its name in the templates option',
      { platformFields: { template: 'hello' } },
      [{ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }],
    ],
  ];
  it.each(rows)('%s', async (_label, message, bodies) => {
    const agent = whatsappAgent({ templates: { hello: { name: 'hello_world', language: 'en_US' } } });
    const sent = await agent.conversation(WA).reply(message);
    expect(graph.calls.map((call) => [call.method, call.path, call.authorization, call.body])).toEqual(
      bodies.map((body) => ['POST', MESSAGES, `Bearer ${ACCESS_TOKEN}`, { ...envelope, ...body }]),
    );
    expect(sent).toEqual({ id: `wamid.SENT${bodies.length}` });
  });

  const refused: Array<[string, OutgoingMessage, string, RegExp]> = [
    ['a private note', { text: 'x', private: true }, 'E_UNSUPPORTED', /no private notes/],
    ['more than 10 choices', { text: 'x', quickReplies: Array.from({ length: 11 }, (_, i) => ({ title: `c${i}` })) }, 'E_UNSUPPORTED', /at most 10/],
    ['choices without text', { quickReplies: [{ title: 'a' }] }, 'E_PAYLOAD', /needs text/],
    ['a template with text', { text: 'x', platformFields: { template: 'hello' } }, 'E_UNSUPPORTED', /sent alone/],
    ['an unknown template name', { platformFields: { template: 'nope' } }, 'E_PAYLOAD', /names no template/],
  ];
  it.each(refused)('refuses %s before any call', async (_label, message, code, text) => {
    await expect(whatsappAgent().conversation(WA).reply(message)).rejects.toMatchObject({ code, message: expect.stringMatching(text) });
    expect(graph.calls).toEqual([]);
  });
});

describe('typing, escalate, handBack, resolve', () => {
  it('typing() marks the contact’s last message read with the typing indicator', async () => {
    const agent = whatsappAgent();
    const incoming = textMessage(WA, 'hello?');
    agent.on('message_created', (ctx) => ctx.typing());
    expect((await agent.fetch(signedRequest(delivery([messagesChange({ messages: [incoming] })])))).status).toBe(200);
    expect(graph.calls).toEqual([
      {
        method: 'POST',
        path: MESSAGES,
        authorization: `Bearer ${ACCESS_TOKEN}`,
        body: { messaging_product: 'whatsapp', status: 'read', message_id: incoming.id, typing_indicator: { type: 'text' } },
      },
    ]);
  });

  it('typing() with no known message of the contact rejects with E_UNSUPPORTED', async () => {
    await expect(whatsappAgent().conversation(WA).typing()).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
    expect(graph.calls).toEqual([]);
  });

  it('escalate({ reason, note }) → thread_control pass with the metadata', async () => {
    await whatsappAgent().conversation(WA).escalate({ reason: 'asked for a human', note: 'order 42' });
    expect(graph.calls).toEqual([
      {
        method: 'POST',
        path: THREAD,
        authorization: `Bearer ${ACCESS_TOKEN}`,
        body: { messaging_product: 'whatsapp', to: WA, action: 'pass', metadata: 'asked for a human\n\norder 42' },
      },
    ]);
  });

  it('escalate({ reason, summary, note }) → thread_control pass with the summary between the reason and the note', async () => {
    await whatsappAgent().conversation(WA).escalate({ reason: 'asked for a human', summary: 'Order 42 arrived broken; wants a refund.', note: 'VIP' });
    expect(graph.calls.map((c) => c.body)).toEqual([
      { messaging_product: 'whatsapp', to: WA, action: 'pass', metadata: 'asked for a human\n\nOrder 42 arrived broken; wants a refund.\n\nVIP' },
    ]);
  });

  it('escalate() cuts metadata to 2000 characters with a marker; `to` a routing role → control_pass.target_role', async () => {
    await whatsappAgent()
      .conversation(WA)
      .escalate({ reason: 'r'.repeat(3000), to: 'ai_agent' });
    const body = graph.calls[0]?.body as { metadata: string; control_pass: unknown };
    expect(body.metadata).toHaveLength(2000);
    expect(body.metadata.endsWith(' […]')).toBe(true);
    expect(body.control_pass).toEqual({ target_role: 'ai_agent' });
  });

  it('handBack() as the escalation partner → thread_control take', async () => {
    await whatsappAgent({ role: 'escalation' }).conversation(WA).handBack();
    expect(graph.summary()).toEqual([`POST ${THREAD} ${JSON.stringify({ messaging_product: 'whatsapp', to: WA, action: 'take' })}`]);
  });

  it('handBack() in any other role → E_UNSUPPORTED saying the inbox passes it back, no call', async () => {
    await expect(whatsappAgent().conversation(WA).handBack()).rejects.toMatchObject({
      code: 'E_UNSUPPORTED',
      message: expect.stringMatching(/the inbox passes the thread back/),
    });
    expect(graph.calls).toEqual([]);
  });

  it('resolve() → thread_control release, and the conversation is owned by no one', async () => {
    const agent = whatsappAgent();
    await agent.conversation(WA).resolve();
    expect(graph.summary()).toEqual([`POST ${THREAD} ${JSON.stringify({ messaging_product: 'whatsapp', to: WA, action: 'release' })}`]);
    expect(await agent.conversation(WA).owner()).toBe('none');
  });
});

describe('Graph errors', () => {
  it('131047 outside the 24-hour window → E_PLATFORM_API saying a template is needed', async () => {
    graph.respond = () => graphError(400, 131047, 'Re-engagement message');
    const error = await whatsappAgent()
      .conversation(WA)
      .reply('late answer')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandoffkitError);
    expect(error).toMatchObject({
      code: 'E_PLATFORM_API',
      status: 400,
      details: { code: 131047, error_details: 'Re-engagement message (details)', fbtrace_id: 'AbCdWa123' },
    });
    expect((error as Error).message).toMatch(/only a template can reach them: reply\(\{ platformFields: \{ template/);
    expectNoSecrets(error);
  });

  it('a rate limit answered with 429 and Retry-After is retried, then succeeds', async () => {
    let attempts = 0;
    graph.respond = () => (++attempts === 1 ? graphError(429, 130429, 'Rate limit hit', { 'retry-after': '0' }) : undefined);
    const sent = await whatsappAgent({ retries: 2 }).conversation(WA).reply('hi');
    expect(attempts).toBe(2);
    expect(sent.id).toMatch(/^wamid\.SENT/);
  });

  it('a rate limit that persists ends as E_PLATFORM_API naming the limit', async () => {
    graph.respond = () => graphError(429, 131056, 'Pair rate limit hit', { 'retry-after': '0' });
    await expect(whatsappAgent({ retries: 1 }).conversation(WA).reply('hi')).rejects.toMatchObject({
      code: 'E_PLATFORM_API',
      message: expect.stringMatching(/pair rate limit/),
    });
    expect(graph.calls).toHaveLength(2);
  });

  it('a not-owner code (notOwnerCodes) → E_NOT_OWNER, and the conversation is then owned by a human', async () => {
    const agent = whatsappAgent({ notOwnerCodes: [2494191] });
    graph.respond = () => graphError(400, 2494191, 'Not thread owner');
    await expect(agent.conversation(WA).reply('hi')).rejects.toMatchObject({ code: 'E_NOT_OWNER', message: expect.stringMatching(/^WhatsApp refused POST/) });
    expect(await agent.conversation(WA).owner()).toBe('human');
  });
});

describe('mediaUrl(): the download URL of an attachment', () => {
  it('GET /<media-id> with the bearer token', async () => {
    graph.respond = (call) =>
      call.method === 'GET'
        ? HttpResponse.json({
            messaging_product: 'whatsapp',
            url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1',
            mime_type: 'image/jpeg',
            sha256: 'abc',
            file_size: 303833,
            id: '1479537139650973',
          })
        : undefined;
    const media = await whatsapp(baseOptions()).mediaUrl('1479537139650973');
    expect(media).toEqual({
      id: '1479537139650973',
      url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1',
      mimeType: 'image/jpeg',
      sha256: 'abc',
      fileSize: 303833,
    });
    expect(graph.calls.map((call) => [call.method, call.path, call.authorization])).toEqual([['GET', '/1479537139650973', `Bearer ${ACCESS_TOKEN}`]]);
  });

  it('refuses an id that is not one, before any call', async () => {
    await expect(whatsapp(baseOptions()).mediaUrl('../me')).rejects.toMatchObject({ code: 'E_PAYLOAD' });
    expect(graph.calls).toEqual([]);
  });
});
