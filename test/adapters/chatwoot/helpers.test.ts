import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ChatwootOptions } from '../../../src/adapters/chatwoot/index.js';
import { HandoffkitError, PlatformApiError, type Context, type OutgoingMessage } from '../../../src/index.js';
import articleRequest from '../../fixtures/chatwoot/requests/create_message_article.json' with { type: 'json' };
import cardsRequest from '../../fixtures/chatwoot/requests/create_message_cards.json' with { type: 'json' };
import formRequest from '../../fixtures/chatwoot/requests/create_message_form.json' with { type: 'json' };
import selectRequest from '../../fixtures/chatwoot/requests/create_message_input_select.json' with { type: 'json' };
import { ACCOUNT_ID, BOT_TOKEN, deliverOk, expectNoSecrets, fakeChatwoot, makeAgent, message, type Payload, widget } from './support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

const { state: api, handlers } = fakeChatwoot();
serveStandIn(handlers, api);

const CONVERSATION = `/api/v1/accounts/${ACCOUNT_ID}/conversations/42`;

/** Asserts the calls Chatwoot received, in order: method, path after the conversation, JSON body, and the bot token on each. */
function expectCalls(expected: [method: string, action: string, body?: unknown][]): void {
  expect(api.calls.map((c) => [c.method, c.path, c.body])).toEqual(expected.map(([method, action, body]) => [method, `${CONVERSATION}${action}`, body]));
  for (const call of api.calls) {
    expect(call.token).toBe(BOT_TOKEN);
    if (call.method !== 'GET') expect(call.contentType).toMatch(/^application\/json/);
  }
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Delivers `body` and runs `act` inside a default message_created handler; resolves with its outcome. */
async function fromHandler<T>(
  body: Payload,
  act: (ctx: Context<'message_created'>) => Promise<T>,
  adapter: Partial<ChatwootOptions> = {},
): Promise<Outcome<T>> {
  const agent = makeAgent(adapter, { onHandlerError: 'ignore' });
  let outcome: Outcome<T> | undefined;
  agent.on('message_created', async (ctx) => {
    try {
      outcome = { ok: true, value: await act(ctx) };
    } catch (error) {
      outcome = { ok: false, error };
    }
  });
  await deliverOk(agent, body);
  if (outcome === undefined) throw new Error('the message_created handler did not run');
  return outcome;
}

function rejection(outcome: Outcome<unknown>): HandoffkitError {
  if (outcome.ok) throw new Error('the helper resolved');
  expect(outcome.error).toBeInstanceOf(HandoffkitError);
  return outcome.error as HandoffkitError;
}

async function rejected(promise: Promise<unknown>): Promise<HandoffkitError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HandoffkitError);
    return error as HandoffkitError;
  }
  throw new Error('the helper resolved');
}

describe('reply', () => {
  it('sends text from a handler and returns the new message id', async () => {
    const outcome = await fromHandler(message(), (ctx) => ctx.reply(`You said: ${ctx.message.text}`));
    expect(outcome).toEqual({ ok: true, value: { id: '9001' } });
    expectCalls([['POST', '/messages', { content: 'You said: Where is my order?', message_type: 'outgoing', private: false }]]);
  });

  it("quickReplies → input_select, as in Chatwoot's sample", async () => {
    const handle = makeAgent().conversation(42);
    await handle.reply({
      text: selectRequest.content,
      quickReplies: selectRequest.content_attributes.items.map((item) => ({ title: item.title, value: item.value })),
    });
    expectCalls([['POST', '/messages', { ...selectRequest, message_type: 'outgoing' }]]);
  });

  it('a quick reply without value sends its title as the value', async () => {
    await makeAgent()
      .conversation('42')
      .reply({ text: 'Pick one', quickReplies: [{ title: 'Yes' }, { title: 'No', value: 'no' }] });
    expectCalls([
      [
        'POST',
        '/messages',
        {
          content: 'Pick one',
          message_type: 'outgoing',
          private: false,
          content_type: 'input_select',
          content_attributes: {
            items: [
              { title: 'Yes', value: 'Yes' },
              { title: 'No', value: 'no' },
            ],
          },
        },
      ],
    ]);
  });

  it("cards, as in Chatwoot's sample", async () => {
    const cards: OutgoingMessage['cards'] = cardsRequest.content_attributes.items.map((item) => ({
      title: item.title,
      description: item.description,
      imageUrl: item.media_url,
      actions: item.actions.map((action) =>
        action.type === 'link'
          ? { type: 'link' as const, text: action.text, url: action.uri as string }
          : { type: 'postback' as const, text: action.text, payload: action.payload as string },
      ),
    }));
    await makeAgent().conversation(42).reply({ text: cardsRequest.content, cards });
    expectCalls([['POST', '/messages', { ...cardsRequest, message_type: 'outgoing' }]]);
  });

  it("form, as in Chatwoot's sample", async () => {
    const form = formRequest.content_attributes.items as NonNullable<OutgoingMessage['form']>;
    await makeAgent().conversation(42).reply({ text: formRequest.content, form });
    expectCalls([['POST', '/messages', { ...formRequest, message_type: 'outgoing' }]]);
  });

  it("articles, as in Chatwoot's sample", async () => {
    const articles = articleRequest.content_attributes.items.map((a) => ({ title: a.title, description: a.description, url: a.link }));
    await makeAgent().conversation(42).reply({ text: articleRequest.content, articles });
    expectCalls([['POST', '/messages', { ...articleRequest, message_type: 'outgoing' }]]);
  });

  it('emailInput → input_email', async () => {
    await makeAgent().conversation(42).reply({ text: 'Get notified by email', emailInput: true });
    expectCalls([['POST', '/messages', { content: 'Get notified by email', message_type: 'outgoing', private: false, content_type: 'input_email' }]]);
  });

  it('a private note', async () => {
    const outcome = await fromHandler(message(), (ctx) => ctx.reply({ text: 'Asked about order A-1009', private: true }));
    expect(outcome.ok).toBe(true);
    expectCalls([['POST', '/messages', { content: 'Asked about order A-1009', message_type: 'outgoing', private: true }]]);
  });

  it('merges platformFields into the body', async () => {
    await makeAgent()
      .conversation(42)
      .reply({ text: 'Hi', platformFields: { echo_id: 'e-1', campaign_id: 4 } });
    expectCalls([['POST', '/messages', { content: 'Hi', message_type: 'outgoing', private: false, echo_id: 'e-1', campaign_id: 4 }]]);
  });

  it('refuses two interactive parts, attachments by URL, and an empty message, without calling Chatwoot', async () => {
    const handle = makeAgent().conversation(42);
    expect((await rejected(handle.reply({ text: 'x', quickReplies: [{ title: 'a' }], emailInput: true }))).code).toBe('E_UNSUPPORTED');
    expect((await rejected(handle.reply({ text: 'x', attachments: [{ type: 'image', url: 'https://x.test/a.png' }] }))).code).toBe('E_UNSUPPORTED');
    expect((await rejected(handle.reply({}))).code).toBe('E_PAYLOAD');
    expectCalls([]);
  });
});

describe('tag and untag', () => {
  it('tag merges with the labels the payload carries, without reading them first', async () => {
    const outcome = await fromHandler(message(), (ctx) => ctx.tag('bot-handled'));
    expect(outcome.ok).toBe(true);
    expectCalls([['POST', '/labels', { labels: ['vip', 'orders', 'bot-handled'] }]]);
  });

  it('tag reads the labels first when the payload has none', async () => {
    api.labels.set('42', ['vip', 'returns']);
    const outcome = await fromHandler(message({ labels: undefined }), (ctx) => ctx.tag('bot-handled'));
    expect(outcome.ok).toBe(true);
    expectCalls([
      ['GET', '/labels', undefined],
      ['POST', '/labels', { labels: ['vip', 'returns', 'bot-handled'] }],
    ]);
  });

  it('tag with labels already present sends nothing', async () => {
    const outcome = await fromHandler(message(), (ctx) => ctx.tag('vip', 'orders'));
    expect(outcome.ok).toBe(true);
    expectCalls([]);
  });

  it('tag with several names, some new, some repeated', async () => {
    await fromHandler(message(), (ctx) => ctx.tag('orders', 'late', 'late', 'refund'));
    expectCalls([['POST', '/labels', { labels: ['vip', 'orders', 'late', 'refund'] }]]);
  });

  it('a second tag in the same handler builds on the first', async () => {
    await fromHandler(message({ labels: [] }), async (ctx) => {
      await ctx.tag('a');
      await ctx.tag('b');
    });
    expectCalls([
      ['POST', '/labels', { labels: ['a'] }],
      ['POST', '/labels', { labels: ['a', 'b'] }],
    ]);
  });

  it('untag keeps the other labels', async () => {
    const outcome = await fromHandler(message(), (ctx) => ctx.untag('orders'));
    expect(outcome.ok).toBe(true);
    expectCalls([['POST', '/labels', { labels: ['vip'] }]]);
  });

  it('untag of a label the conversation does not have sends nothing', async () => {
    await fromHandler(message(), (ctx) => ctx.untag('never-there'));
    expectCalls([]);
  });

  it('through agent.conversation(id): read, then write', async () => {
    api.labels.set('42', ['vip', 'orders']);
    const handle = makeAgent().conversation(42);
    await handle.tag('escalated');
    await handle.untag('orders');
    expectCalls([
      ['GET', '/labels', undefined],
      ['POST', '/labels', { labels: ['vip', 'orders', 'escalated'] }],
      ['POST', '/labels', { labels: ['vip', 'escalated'] }],
    ]);
  });

  it('untag through agent.conversation(id) reads the labels first', async () => {
    api.labels.set('42', ['vip', 'orders']);
    await makeAgent().conversation('42').untag('vip');
    expectCalls([
      ['GET', '/labels', undefined],
      ['POST', '/labels', { labels: ['orders'] }],
    ]);
  });
});

describe('escalate, handBack, resolve, typing', () => {
  it('escalate → toggle_status open', async () => {
    const outcome = await fromHandler(message(), (ctx) => ctx.escalate({ reason: 'asked for a human' }));
    expect(outcome.ok).toBe(true);
    expectCalls([['POST', '/toggle_status', { status: 'open' }]]);
  });

  it('escalate({ to: { team } }) assigns the team, then opens', async () => {
    await fromHandler(message(), (ctx) => ctx.escalate({ to: { team: 3 } }));
    expectCalls([
      ['POST', '/assignments', { team_id: 3 }],
      ['POST', '/toggle_status', { status: 'open' }],
    ]);
  });

  it('escalate({ to: { agent } }) assigns the agent, then opens', async () => {
    await makeAgent()
      .conversation(42)
      .escalate({ to: { agent: 7 } });
    expectCalls([
      ['POST', '/assignments', { assignee_id: 7 }],
      ['POST', '/toggle_status', { status: 'open' }],
    ]);
  });

  it('escalate({ note }) writes the private note first', async () => {
    await fromHandler(message(), (ctx) => ctx.escalate({ note: 'Wants a refund for A-1009' }));
    expectCalls([
      ['POST', '/messages', { content: 'Wants a refund for A-1009', message_type: 'outgoing', private: true }],
      ['POST', '/toggle_status', { status: 'open' }],
    ]);
  });

  it('escalate({ summary, note }) writes the summary, then the note, as one private note; a summary over 150,000 characters is cut with a marker', async () => {
    await fromHandler(message(), (ctx) =>
      ctx.escalate({ reason: 'refund', summary: 'Alice wants a refund for A-1009; the order arrived broken.', note: 'VIP' }),
    );
    expectCalls([
      ['POST', '/messages', { content: 'Alice wants a refund for A-1009; the order arrived broken.\n\nVIP', message_type: 'outgoing', private: true }],
      ['POST', '/toggle_status', { status: 'open' }],
    ]);
    api.reset();
    await makeAgent()
      .conversation(42)
      .escalate({ summary: 'é'.repeat(150_010) });
    const note = (api.calls[0]?.body as { content: string }).content;
    expect(note).toHaveLength(150_000);
    expect(note.endsWith('é […]')).toBe(true);
  });

  it('escalate({ note, to }) : note, assignment, status', async () => {
    await fromHandler(message(), (ctx) => ctx.escalate({ note: 'VIP', to: { team: 'billing' }, reason: 'billing question' }));
    expectCalls([
      ['POST', '/messages', { content: 'VIP', message_type: 'outgoing', private: true }],
      ['POST', '/assignments', { team_id: 'billing' }],
      ['POST', '/toggle_status', { status: 'open' }],
    ]);
  });

  it('escalate({ to: 7 }) is refused before any call: Chatwoot needs a team or an agent', async () => {
    const error = await rejected(makeAgent().conversation(42).escalate({ to: 7, note: 'x' }));
    expect(error.code).toBe('E_UNSUPPORTED');
    expect(error.message).toMatch(/\{ team: id \} or \{ agent: id \}/);
    expectCalls([]);
  });

  it('handBack → toggle_status pending', async () => {
    await makeAgent().conversation(42).handBack();
    expectCalls([['POST', '/toggle_status', { status: 'pending' }]]);
  });

  it('resolve → toggle_status resolved', async () => {
    const outcome = await fromHandler(message(), (ctx) => ctx.resolve());
    expect(outcome.ok).toBe(true);
    expectCalls([['POST', '/toggle_status', { status: 'resolved' }]]);
  });

  it('typing on, then off (Chatwoot answers with an empty body)', async () => {
    const outcome = await fromHandler(message(), async (ctx) => {
      await ctx.typing();
      await ctx.typing(false);
    });
    expect(outcome.ok).toBe(true);
    expectCalls([
      ['POST', '/toggle_typing_status', { typing_status: 'on' }],
      ['POST', '/toggle_typing_status', { typing_status: 'off' }],
    ]);
  });
});

describe('setAttributes', () => {
  it('merges with the custom_attributes the payload carries', async () => {
    const outcome = await fromHandler(message(), (ctx) => ctx.setAttributes({ tier: 'gold' }));
    expect(outcome.ok).toBe(true);
    expectCalls([['POST', '/custom_attributes', { custom_attributes: { order_id: 'A-1009', tier: 'gold' } }]]);
  });

  it('overrides a key it sets again, keeps the others', async () => {
    await fromHandler(message({ attributes: { order_id: 'A-1009', lang: 'pt' } }), (ctx) => ctx.setAttributes({ order_id: 'A-2000' }));
    expectCalls([['POST', '/custom_attributes', { custom_attributes: { order_id: 'A-2000', lang: 'pt' } }]]);
  });

  it('reads the conversation first when the attributes are unknown', async () => {
    api.attributes.set('42', { order_id: 'A-1009' });
    const handle = makeAgent().conversation(42);
    await handle.setAttributes({ tier: 'gold' });
    await handle.setAttributes({ nps: 9 });
    expectCalls([
      ['GET', '', undefined],
      ['POST', '/custom_attributes', { custom_attributes: { order_id: 'A-1009', tier: 'gold' } }],
      ['POST', '/custom_attributes', { custom_attributes: { order_id: 'A-1009', tier: 'gold', nps: 9 } }],
    ]);
  });

  it('reads the conversation first when the payload has no custom_attributes', async () => {
    api.attributes.set('42', { plan: 'pro' });
    await fromHandler(message({ attributes: undefined }), (ctx) => ctx.setAttributes({ tier: 'gold' }));
    expectCalls([
      ['GET', '', undefined],
      ['POST', '/custom_attributes', { custom_attributes: { plan: 'pro', tier: 'gold' } }],
    ]);
  });
});

describe('retries and errors', () => {
  it('500, then 200: the call lands once more and succeeds', async () => {
    api.respond = (call, attempt) => (attempt === 1 ? HttpResponse.json({ error: 'Internal Server Error' }, { status: 500 }) : undefined);
    const sent = await makeAgent().conversation(42).reply('Still there?');
    expect(sent).toEqual({ id: '9001' });
    const body = { content: 'Still there?', message_type: 'outgoing', private: false };
    expectCalls([
      ['POST', '/messages', body],
      ['POST', '/messages', body],
    ]);
  });

  it('429 with Retry-After: 1 waits about a second, then succeeds', async () => {
    api.respond = (_call, attempt) =>
      attempt === 1 ? HttpResponse.json({ error: 'Too many requests' }, { status: 429, headers: { 'Retry-After': '1' } }) : undefined;
    const started = performance.now();
    await makeAgent().conversation(42).resolve();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5_000);
    expectCalls([
      ['POST', '/toggle_status', { status: 'resolved' }],
      ['POST', '/toggle_status', { status: 'resolved' }],
    ]);
  });

  it('500 on every attempt: E_PLATFORM_API with status 500 after the retries', async () => {
    api.respond = () => HttpResponse.json({ error: 'Internal Server Error' }, { status: 500 });
    const error = await rejected(makeAgent({ retries: 1 }).conversation(42).typing());
    expect(error).toBeInstanceOf(PlatformApiError);
    expect((error as PlatformApiError).status).toBe(500);
    expect(api.calls).toHaveLength(2);
    expectNoSecrets(error);
  });

  it("404 → E_PLATFORM_API with status 404 and Chatwoot's message, not retried", async () => {
    api.respond = () => HttpResponse.json({ error: 'Resource could not be found' }, { status: 404 });
    const outcome = await fromHandler(message(), (ctx) => ctx.reply('hello'));
    const error = rejection(outcome);
    expect(error).toBeInstanceOf(PlatformApiError);
    expect(error.code).toBe('E_PLATFORM_API');
    expect((error as PlatformApiError).status).toBe(404);
    expect((error as PlatformApiError).platformMessage).toBe('Resource could not be found');
    expect(error.message).toMatch(/404.*Resource could not be found/);
    expect(error.message).toContain(`${'/conversations/42/messages'}`);
    expect(api.calls).toHaveLength(1);
    expectNoSecrets(error);
  });

  it('401 on POST …/labels explains that the server is too old for bot label access', async () => {
    api.respond = (call) =>
      call.path.endsWith('/labels') ? HttpResponse.json({ error: 'Access to this endpoint is not authorized for bots' }, { status: 401 }) : undefined;
    const error = rejection(await fromHandler(message(), (ctx) => ctx.tag('bot-handled')));
    expect(error.code).toBe('E_PLATFORM_API');
    expect((error as PlatformApiError).status).toBe(401);
    expect(error.message).toMatch(/too old to let agent bots manage labels/);
    expect(error.message).toContain('not authorized for bots');
    expectNoSecrets(error);
  });

  it('401 on GET …/labels explains it too', async () => {
    api.respond = (call) =>
      call.path.endsWith('/labels') ? HttpResponse.json({ error: 'Access to this endpoint is not authorized for bots' }, { status: 401 }) : undefined;
    const error = await rejected(makeAgent().conversation(42).untag('vip'));
    expect((error as PlatformApiError).status).toBe(401);
    expect(error.message).toMatch(/too old/);
    expectCalls([['GET', '/labels', undefined]]);
  });

  it('401 elsewhere is a plain E_PLATFORM_API (a wrong token, not an old server)', async () => {
    api.respond = () => HttpResponse.json({ error: 'Invalid Access Token' }, { status: 401 });
    const error = await rejected(makeAgent().conversation(42).resolve());
    expect((error as PlatformApiError).status).toBe(401);
    expect(error.message).toMatch(/Invalid Access Token/);
    expect(error.message).not.toMatch(/too old/);
    expectNoSecrets(error);
  });

  it('a network failure → E_PLATFORM_API with status 0', async () => {
    api.respond = () => HttpResponse.error();
    const error = await rejected(makeAgent({ retries: 0 }).conversation(42).reply('hello'));
    expect(error).toBeInstanceOf(PlatformApiError);
    expect(error.code).toBe('E_PLATFORM_API');
    expect((error as PlatformApiError).status).toBe(0);
    expect(error.message).toMatch(/no answer/);
    expectNoSecrets(error);
  });

  it('a network failure is retried like a 5xx', async () => {
    api.respond = (_call, attempt) => (attempt === 1 ? HttpResponse.error() : undefined);
    await makeAgent({ retries: 1 }).conversation(42).handBack();
    expect(api.calls).toHaveLength(2);
  });

  it('no error carries the bot token in its message, details or cause', async () => {
    const failures: [string, () => Response][] = [
      ['500', () => HttpResponse.json({ error: 'boom' }, { status: 500 })],
      ['404', () => HttpResponse.json({ error: 'Resource could not be found' }, { status: 404 })],
      ['401', () => HttpResponse.json({ error: 'Access to this endpoint is not authorized for bots' }, { status: 401 })],
      ['422', () => HttpResponse.json({ message: 'Validation failed', errors: ['content is too long'] }, { status: 422 })],
      ['text', () => new HttpResponse('Bad Gateway', { status: 502 })],
      ['network', () => HttpResponse.error()],
    ];
    for (const [label, answer] of failures) {
      api.respond = answer;
      const handle = makeAgent({ retries: 0 }).conversation(42);
      for (const call of [() => handle.reply('x'), () => handle.tag('x'), () => handle.setAttributes({ a: 1 }), () => handle.escalate({ to: { team: 1 } })]) {
        const error = await rejected(call());
        expect(error.code, label).toBe('E_PLATFORM_API');
        expectNoSecrets(error);
        expectNoSecrets(JSON.stringify({ message: error.message, details: error.details, cause: String(error.cause) }));
        expect(error.cause).toBeUndefined();
      }
    }
  });
});

describe('a widget opened before any conversation', () => {
  const API_ROOT = `/api/v1/accounts/${ACCOUNT_ID}`;

  it("the README's greeting lands: the conversation is created in the contact's widget session, then the reply goes to it", async () => {
    const agent = makeAgent();
    const ids: string[] = [];
    agent.on('widget_triggered', async (ctx) => {
      ids.push(ctx.conversation.id);
      await ctx.reply('Hi! How can I help?');
      ids.push(ctx.conversation.id);
      await ctx.typing(false);
    });
    await deliverOk(agent, widget({ conversation: null }));
    expect(api.calls.map((c) => [c.method, c.path, c.body])).toEqual([
      // The contact inbox of webwidget_triggered: `source_id`, `inbox.id`, `contact.id`; pending, so the bot owns it.
      ['POST', `${API_ROOT}/conversations`, { source_id: '8c0f1a2e-4b7d-4d0e-9a55-3f2f4b6c1e90', inbox_id: 5, contact_id: 77, status: 'pending' }],
      ['POST', `${API_ROOT}/conversations/501/messages`, { content: 'Hi! How can I help?', message_type: 'outgoing', private: false }],
      ['POST', `${API_ROOT}/conversations/501/toggle_typing_status`, { typing_status: 'off' }],
    ]);
    for (const call of api.calls) {
      expect(call.token).toBe(BOT_TOKEN);
      expect(call.contentType).toMatch(/^application\/json/);
    }
    // Before the first call the lane's placeholder, then Chatwoot's display id.
    expect(ids).toEqual(['contact:77', '501']);
  });

  it('a failed greeting is reported, answered 200, and never escalated by the fail-safe', async () => {
    api.respond = (call) => (call.path.endsWith('/conversations') ? HttpResponse.json({ error: 'Access denied' }, { status: 403 }) : undefined);
    const agent = makeAgent();
    const errors: unknown[] = [];
    agent.onError((error) => void errors.push(error));
    agent.on('widget_triggered', (ctx) => ctx.reply('Hi! How can I help?'));
    await deliverOk(agent, widget({ conversation: null }));
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`POST ${API_ROOT}/conversations`]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as HandoffkitError).code).toBe('E_PLATFORM_API');
    expectNoSecrets(errors[0]);
  });

  it('without a contact inbox in the payload: E_UNSUPPORTED saying why, nothing sent, no escalation', async () => {
    const agent = makeAgent();
    const errors: unknown[] = [];
    agent.on('widget_triggered', async (ctx) => {
      for (const act of [() => ctx.reply('Hi! How can I help?'), () => ctx.tag('widget'), () => ctx.typing()]) {
        try {
          await act();
        } catch (error) {
          errors.push(error);
        }
      }
    });
    const body = widget({ conversation: null });
    delete body.source_id;
    await deliverOk(agent, body);
    expect(errors).toHaveLength(3);
    for (const error of errors) {
      expect(error).toBeInstanceOf(HandoffkitError);
      expect((error as HandoffkitError).code).toBe('E_UNSUPPORTED');
      expect((error as HandoffkitError).message).toMatch(/no conversation for this event yet.*source_id/);
    }
    expect(api.calls).toEqual([]);
  });

  it('with a current conversation the greeting goes to it', async () => {
    const agent = makeAgent();
    agent.on('widget_triggered', (ctx) => ctx.reply('Hi! How can I help?'));
    await deliverOk(agent, widget());
    expectCalls([['POST', '/messages', { content: 'Hi! How can I help?', message_type: 'outgoing', private: false }]]);
  });
});
