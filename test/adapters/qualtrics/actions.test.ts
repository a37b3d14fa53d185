import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HandoffkitError, PlatformApiError, type Context, type VirtualAgent } from '../../../src/index.js';
import {
  ACCESS_TOKEN,
  ACCOUNT_ID,
  AUTHOR_ID,
  CONTACT_PATH,
  CONVERSATION_ID,
  SAMPLE_MENTION_ID,
  TOPIC_ID,
  deliverOk,
  expectNoSecrets,
  fakeEngagor,
  makeAgent,
  mention,
} from './support.js';

const { state, handlers } = fakeEngagor();
const proxy = fakeEngagor('https://engagor-proxy.example.test/api');
const server = setupServer(...handlers, ...proxy.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  state.reset();
  proxy.state.reset();
});
afterAll(() => server.close());

/** Runs `act` inside the message_created handler of one delivered mention; resolves with what it returned or threw. */
async function within<T>(
  agent: VirtualAgent,
  payload: Record<string, unknown>,
  act: (ctx: Context<'message_created'>) => Promise<T>,
): Promise<{ value?: T; error?: unknown }> {
  const outcome: { value?: T; error?: unknown } = {};
  agent.on('message_created', async (ctx) => {
    try {
      outcome.value = await act(ctx);
    } catch (error) {
      outcome.error = error;
    }
  });
  await deliverOk(agent, payload);
  return outcome;
}

const PUBLISH = `/${ACCOUNT_ID}/publisher/add`;
const writes = () => state.calls.filter((c) => c.method !== 'GET');

describe('qualtrics: reply through publisher/add', () => {
  it('answers a private message with type privatemessage, topic_id and mention_id set, form-encoded, with the bearer token', async () => {
    const agent = makeAgent({ profiles: { twitter: '900100' } });
    const { value } = await within(agent, mention({ id: SAMPLE_MENTION_ID, type: 'privatemessage', text: 'Where is my order?' }), (ctx) =>
      ctx.reply('Let me check that for you.'),
    );
    expect(value).toEqual({ id: 'pm-1' });
    const publish = writes()[0]!;
    expect(publish.method).toBe('POST');
    expect(publish.path).toBe(PUBLISH);
    expect(publish.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(publish.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(publish.query).toEqual({});
    expect(publish.form).toEqual({
      type: 'privatemessage',
      services: JSON.stringify([{ type: 'twitter', service_id: '900100' }]),
      message: 'Let me check that for you.',
      status: 'queued',
      topic_id: TOPIC_ID,
      mention_id: SAMPLE_MENTION_ID,
    });
  });

  it('answers a public mention (a tweet) with type reply, and with the configured status', async () => {
    const agent = makeAgent({ profiles: { twitter: '900100' }, replyStatus: 'awaitingapproval' });
    await within(agent, mention({ id: SAMPLE_MENTION_ID, text: '@brand my parcel is late' }), (ctx) => ctx.reply('Sorry! Please DM us.'));
    expect(writes()[0]!.form).toMatchObject({ type: 'reply', status: 'awaitingapproval', topic_id: TOPIC_ID, mention_id: SAMPLE_MENTION_ID });
  });

  it.each([
    ['whatsapp', undefined, 'privatemessage'],
    ['web', undefined, 'privatemessage'],
    ['twitter', 'dm', 'privatemessage'],
    ['facebook', 'comment', 'reply'],
  ])('replies on %s (message.type %s) with %s', async (service, type, expected) => {
    const agent = makeAgent({ profiles: { [service]: '1' } });
    await within(agent, mention({ service, ...(type ? { type } : {}), text: 'hi' }), (ctx) => ctx.reply('hello'));
    expect(writes()[0]!.form).toMatchObject({ type: expected, services: JSON.stringify([{ type: service, service_id: '1' }]) });
  });

  it('follows a custom isPrivateMessage rule', async () => {
    const agent = makeAgent({ profiles: { twitter: '9' }, isPrivateMessage: (m) => m.message?.language === 'fr' });
    await within(agent, mention({ text: 'bonjour' }), (ctx) => ctx.reply('bonjour'));
    expect(writes()[0]!.form?.type).toBe('privatemessage');
  });

  it("asks GET publisher/add which profile can reply when none is configured, and replies from the mention's channel", async () => {
    const agent = makeAgent();
    state.offered = [
      { type: 'facebook', service_id: '555' },
      { type: 'twitter', service_id: '900100' },
    ];
    await within(agent, mention({ id: SAMPLE_MENTION_ID, type: 'privatemessage', actionLinks: false }), (ctx) => ctx.reply('hello'));
    expect(state.summary().slice(1)).toEqual(['GET /publisher/add', 'POST /publisher/add']);
    expect(state.calls[1]!.query).toEqual({ type: 'privatemessage', topic_id: TOPIC_ID, mention_id: SAMPLE_MENTION_ID });
    expect(state.calls[1]!.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(state.calls[2]!.form?.services).toBe(JSON.stringify([{ type: 'twitter', service_id: '900100' }]));
  });

  it('says what to configure when no profile is offered', async () => {
    const agent = makeAgent();
    state.offered = [];
    const { error } = await within(agent, mention({ actionLinks: false }), (ctx) => ctx.reply('hello'));
    expect(error).toBeInstanceOf(PlatformApiError);
    expect((error as Error).message).toMatch(/offered no twitter profile.*profiles: \{ twitter:/);
    expect(writes()).toEqual([]);
  });

  it('merges platformFields into the form, JSON-encoding structured values', async () => {
    const agent = makeAgent({ profiles: { twitter: '9' } });
    await within(agent, mention(), (ctx) => ctx.reply({ text: 'with media', platformFields: { media: ['m-1'], canned_response_id: 12 } }));
    expect(writes()[0]!.form).toMatchObject({ message: 'with media', media: '["m-1"]', canned_response_id: '12' });
  });

  it.each([
    ['quick replies', { text: 'pick', quickReplies: [{ title: 'A' }] }, /text only, got quickReplies/],
    ['attachments', { text: 'file', attachments: [{ type: 'image' as const, url: 'https://x.test/a.png' }] }, /text only, got attachments/],
    ['a private note', { text: 'note', private: true }, /escalate\(\{ note \}\)/],
  ])('refuses %s with E_UNSUPPORTED, calling nothing', async (_name, message, pattern) => {
    const agent = makeAgent({ profiles: { twitter: '9' } });
    const { error } = await within(agent, mention(), (ctx) => ctx.reply(message));
    expect((error as HandoffkitError).code).toBe('E_UNSUPPORTED');
    expect((error as Error).message).toMatch(pattern);
    expect(writes()).toEqual([]);
  });

  it('refuses an empty reply with E_PAYLOAD', async () => {
    const agent = makeAgent({ profiles: { twitter: '9' } });
    const { error } = await within(agent, mention(), (ctx) => ctx.reply('  '));
    expect((error as HandoffkitError).code).toBe('E_PAYLOAD');
  });

  it('calls the API at apiUrl when given', async () => {
    const agent = makeAgent({ apiUrl: 'https://engagor-proxy.example.test/api', profiles: { twitter: '9' } });
    await within(agent, mention(), (ctx) => ctx.reply('via proxy'));
    expect(state.calls).toEqual([]);
    expect(proxy.state.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET /api/${ACCOUNT_ID}/inbox/contact/twitter/${AUTHOR_ID}`,
      `POST /api/${ACCOUNT_ID}/publisher/add`,
    ]);
  });
});

describe('qualtrics: tag, untag, escalate', () => {
  it('tag adds contact tags (tags_edit_mode add); untag deletes the spellings the contact carries (tags_edit_mode delete)', async () => {
    const agent = makeAgent();
    state.tags.set(`twitter/${AUTHOR_ID}`, ['VIP', 'newsletter']);
    await within(agent, mention(), async (ctx) => {
      await ctx.tag('bot-handled', 'order-question');
      await ctx.untag('vip', 'not-there');
    });
    expect(state.summary()).toEqual([
      `GET /inbox/contact/twitter/${AUTHOR_ID}`,
      `POST /inbox/contact/twitter/${AUTHOR_ID}`,
      `GET /inbox/contact/twitter/${AUTHOR_ID}`,
      `POST /inbox/contact/twitter/${AUTHOR_ID}`,
    ]);
    expect(state.calls[1]!.form).toEqual({
      updates: JSON.stringify({ tags: ['bot-handled', 'order-question'] }),
      options: JSON.stringify({ tags_edit_mode: 'add' }),
      topic_ids: TOPIC_ID,
    });
    expect(state.calls[3]!.form).toEqual({
      updates: JSON.stringify({ tags: ['VIP'] }),
      options: JSON.stringify({ tags_edit_mode: 'delete' }),
      topic_ids: TOPIC_ID,
    });
    expect(state.tags.get(`twitter/${AUTHOR_ID}`)).toEqual(['newsletter', 'bot-handled', 'order-question']);
  });

  it('untag of tags the contact does not carry writes nothing', async () => {
    const agent = makeAgent();
    await within(agent, mention(), (ctx) => ctx.untag('absent'));
    expect(writes()).toEqual([]);
  });

  it('escalate: a note and a team as the mention assignment, the reason as a mention tag, then the custom escalation tag', async () => {
    const agent = makeAgent({ escalationTag: 'Needs human', reasonAsMentionTag: true });
    const handedOff: unknown[] = [];
    agent.on('handed_off', (ctx) => void handedOff.push(ctx.handoff));
    await within(agent, mention({ id: SAMPLE_MENTION_ID }), (ctx) =>
      ctx.escalate({ reason: 'refund request', note: 'Order 1234, asked twice', to: { team: 12 } }),
    );
    // The mention first; the handover (the tag) last, so that a failed escalate changed no owner.
    const [mentionWrite, tagWrite] = writes();
    expect(tagWrite).toMatchObject({ method: 'POST', path: CONTACT_PATH });
    expect(tagWrite!.form?.updates).toBe(JSON.stringify({ tags: ['Needs human'] }));
    expect(mentionWrite!.path).toBe(`/${ACCOUNT_ID}/inbox/mention/${TOPIC_ID}/${SAMPLE_MENTION_ID}`);
    expect(mentionWrite!.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(mentionWrite!.form).toEqual({
      updates: JSON.stringify({ assignment: { team_ids: [12], comments: 'Order 1234, asked twice' }, tags: ['refund request'] }),
      options: JSON.stringify({ tags_edit_mode: 'add' }),
    });
    expect(handedOff).toEqual([{ from: 'bot', to: 'human', initiator: 'bot', inferred: false, reason: 'refund request' }]);
  });

  it('escalate({ summary, note }) gives the mention assignment the summary then the note as comments, cut to 5,000 characters with a marker', async () => {
    const agent = makeAgent();
    const outcome = await within(agent, mention({ id: SAMPLE_MENTION_ID }), (ctx) =>
      ctx.escalate({ reason: 'refund', summary: 'Order 1234 arrived broken.', note: 'VIP' }),
    );
    expect(outcome.error).toBeUndefined();
    const assignments = () =>
      writes()
        .map((c) => JSON.parse(c.form?.updates ?? '{}') as { assignment?: { comments?: string } })
        .filter((update) => update.assignment !== undefined);
    const [first] = assignments();
    // A new contact state (the first escalation tagged the contact: a human owns it now).
    state.reset();
    await within(makeAgent(), mention({ id: SAMPLE_MENTION_ID }), (ctx) => ctx.escalate({ summary: 's'.repeat(6_000) }));
    const [second] = assignments();
    expect(first?.assignment).toEqual({ comments: 'Order 1234 arrived broken.\n\nVIP' });
    expect(second?.assignment?.comments).toHaveLength(5_000);
    expect(second?.assignment?.comments?.endsWith('s […]')).toBe(true);
  });

  it('escalate to an agent sets the mention assignment user; a bare reason touches only the contact', async () => {
    const agent = makeAgent();
    await within(agent, mention({ id: SAMPLE_MENTION_ID }), async (ctx) => {
      await ctx.escalate({ to: { agent: 'u-7' } });
    });
    expect(writes().map((c) => c.form?.updates)).toEqual([
      JSON.stringify({ assignment: { user_ids: ['u-7'] } }),
      JSON.stringify({ tags: ['Escalated to agent'] }),
    ]);

    state.reset();
    const second = makeAgent();
    await within(second, mention(), (ctx) => ctx.escalate({ reason: 'asked' }));
    expect(writes().map((c) => c.path)).toEqual([CONTACT_PATH]);
  });

  it('a failed mention update leaves the contact untagged; the fail-safe escalation then tags it', async () => {
    const agent = makeAgent();
    const log: string[] = [];
    const errors: string[] = [];
    agent.onAny((ctx) => void log.push(`${ctx.name}:${ctx.conversation?.owner}`));
    agent.onError((error) => void errors.push((error as HandoffkitError).code));
    agent.on('message_created', (ctx) => ctx.escalate({ note: 'VIP' }));
    state.respond = (call) =>
      call.path.includes('/inbox/mention/')
        ? Response.json({ code: 404, error: 'not_found', error_description: 'Mention not found' }, { status: 404 })
        : undefined;
    await deliverOk(agent, mention());
    expect(errors).toEqual(['E_PLATFORM_API']);
    expect(writes().map((c) => c.path)).toEqual([expect.stringContaining('/inbox/mention/'), CONTACT_PATH]);
    expect(writes()[1]!.form?.updates).toBe(JSON.stringify({ tags: ['Escalated to agent'] }));
    expect(log).toEqual(['message_created:bot', 'handed_off:human']);
  });

  it('refuses escalate({ to }) with a bare id before touching anything', async () => {
    const agent = makeAgent();
    const { error } = await within(agent, mention(), (ctx) => ctx.escalate({ to: 'support' }));
    expect((error as HandoffkitError).code).toBe('E_UNSUPPORTED');
    expect(writes()).toEqual([]);
  });

  it('resolve is not a capability: it rejects with E_UNSUPPORTED naming the adapter', async () => {
    const agent = makeAgent();
    expect(agent.adapter.capabilities).toEqual(['reply', 'tag', 'untag', 'escalate', 'handBack']);
    const { error } = await within(agent, mention(), (ctx) => ctx.resolve());
    expect((error as HandoffkitError).code).toBe('E_UNSUPPORTED');
    expect((error as Error).message).toMatch(/qualtrics adapter does not support resolve\(\)/);
  });
});

describe('qualtrics: API errors', () => {
  it("maps an error answer to E_PLATFORM_API with the API's status and message, and no token anywhere", async () => {
    const agent = makeAgent({ profiles: { twitter: '9' } });
    state.respond = (call) =>
      call.method === 'POST'
        ? Response.json(
            { code: 403, error: 'no_permission', error_description: 'You do not have publishing rights on this profile.', error_details: [] },
            { status: 403 },
          )
        : undefined;
    const { error } = await within(agent, mention(), (ctx) => ctx.reply('hello'));
    expect(error).toBeInstanceOf(PlatformApiError);
    const failure = error as PlatformApiError;
    expect(failure.code).toBe('E_PLATFORM_API');
    expect(failure.status).toBe(403);
    expect(failure.platformMessage).toBe('You do not have publishing rights on this profile.');
    expect(failure.message).toBe(`qualtrics API POST /${ACCOUNT_ID}/publisher/add failed with 403: You do not have publishing rights on this profile.`);
    expect(failure.details).toMatchObject({ error: 'no_permission', status: 403 });
    expect(failure.cause).toBeUndefined();
    expectNoSecrets(failure);
  });

  it('treats an error envelope inside a 200 answer as a failure', async () => {
    const agent = makeAgent();
    state.respond = (call) =>
      call.method === 'POST' ? Response.json({ code: 400, error: 'invalid_parameter', error_description: 'Invalid tags_edit_mode' }) : undefined;
    const { error } = await within(agent, mention(), (ctx) => ctx.tag('x'));
    expect((error as PlatformApiError).status).toBe(400);
    expect((error as PlatformApiError).platformMessage).toBe('Invalid tags_edit_mode');
  });

  it('retries a read on 429, honouring Retry-After', async () => {
    const agent = makeAgent({ retries: 2 });
    let reads = 0;
    state.respond = (call) => {
      if (call.method !== 'GET') return undefined;
      reads += 1;
      return reads === 1
        ? Response.json({ code: 429, error: 'limit_exceeded', error_description: 'Rate limit' }, { status: 429, headers: { 'retry-after': '0' } })
        : undefined;
    };
    const seen: string[] = [];
    agent.on('message_created', (ctx) => void seen.push(ctx.message.text ?? ''));
    await deliverOk(agent, mention({ text: 'after a 429' }));
    expect(reads).toBe(2);
    expect(seen).toEqual(['after a 429']);
  });

  it('never retries a publish that failed with 500: the reply may have gone out', async () => {
    const agent = makeAgent({ retries: 2, profiles: { twitter: '9' } });
    state.respond = (call) =>
      call.method === 'POST' ? Response.json({ code: 500, error: 'internal_server_error', error_description: 'Oops' }, { status: 500 }) : undefined;
    const { error } = await within(agent, mention(), (ctx) => ctx.reply('once'));
    expect((error as PlatformApiError).status).toBe(500);
    expect(writes()).toHaveLength(1);
  });
});

describe('qualtrics: helpers outside a webhook', () => {
  it('work for a contact whose mention this process saw, and explain themselves for one it did not', async () => {
    const agent = makeAgent({ profiles: { twitter: '9' } });
    await deliverOk(agent, mention({ id: SAMPLE_MENTION_ID, type: 'privatemessage' }));
    state.calls.length = 0;

    await agent.conversation(CONVERSATION_ID).reply('A proactive follow-up');
    expect(writes()[0]!.form).toMatchObject({ type: 'privatemessage', mention_id: SAMPLE_MENTION_ID, message: 'A proactive follow-up' });

    const unknown = agent.conversation('999');
    await expect(unknown.tag('x')).rejects.toMatchObject({ code: 'E_UNSUPPORTED', message: expect.stringMatching(/no mention of contact 999/) });
    await expect(unknown.reply('hi')).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
    expect(writes()).toHaveLength(1);
  });
});
