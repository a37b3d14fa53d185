import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN, ACCOUNT_ID, TOPIC_ID, deliver, deliverOk, fakeEngagor, makeAgent, mention } from './support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

const { state, handlers } = fakeEngagor();
serveStandIn(handlers, state);

const TAG = 'Escalated to agent';
const PUBLISH = `/${ACCOUNT_ID}/publisher/add`;
const publishes = () => state.calls.filter((c) => c.method === 'POST' && c.path === PUBLISH);

describe('qualtrics: one conversation per channel and author', () => {
  it('gives a Twitter author 42 and a Facebook author 42 separate ownership, sessions and lanes', async () => {
    const agent = makeAgent({ profiles: { twitter: '900100', facebook: '900200' } });
    const seen: string[] = [];
    let releaseTwitter: () => void = () => undefined;
    const twitterWaits = new Promise<void>((resolve) => (releaseTwitter = resolve));
    agent.on('message_created', async (ctx) => {
      seen.push(`${ctx.conversation.id} ${ctx.contact.id} ${ctx.message.text} session=${JSON.stringify((await ctx.session.get()) ?? null)}`);
      await ctx.session.set({ by: ctx.message.text });
      if (ctx.message.text === 'twitter waits') await twitterWaits;
    });

    // Facebook author 42: untagged, the bot owns it (and caches that answer).
    await deliverOk(agent, mention({ authorId: 42, service: 'facebook', text: 'facebook hi' }));
    // Twitter author 42 carries the escalation tag: a human owns that contact; the Facebook answer must not leak.
    state.tags.set('twitter/42', [TAG]);
    await deliverOk(agent, mention({ authorId: 42, service: 'twitter', text: 'twitter tagged' }));
    expect(state.calls.filter((c) => c.method === 'GET').map((c) => c.path)).toEqual([
      `/${ACCOUNT_ID}/inbox/contact/facebook/42`,
      `/${ACCOUNT_ID}/inbox/contact/twitter/42`,
    ]);
    expect(await agent.conversation('twitter:42').owner()).toBe('human');
    expect(await agent.conversation('facebook:42').owner()).toBe('bot');

    // Tag removed: the Twitter contact's handler runs in its own lane, holding it, while Facebook's still runs.
    state.tags.set('twitter/42', []);
    const twitter = deliver(agent, mention({ authorId: 42, service: 'twitter', text: 'twitter waits' }));
    await expect.poll(() => seen.some((line) => line.startsWith('twitter:42 42 twitter waits'))).toBe(true);
    await deliverOk(agent, mention({ authorId: 42, service: 'facebook', text: 'facebook again' }));
    releaseTwitter();
    expect((await twitter).status).toBe(200);

    expect(seen).toEqual([
      'facebook:42 42 facebook hi session=null',
      // The tagged Twitter contact got no bot handler; once untagged, its session is its own.
      'twitter:42 42 twitter waits session=null',
      'facebook:42 42 facebook again session={"by":"facebook hi"}',
    ]);
    expect(await agent.conversation('twitter:42').session.get()).toEqual({ by: 'twitter waits' });
    expect(await agent.conversation('facebook:42').session.get()).toEqual({ by: 'facebook again' });
  });

  it('keeps the author id as the contact id and the channel in the contact path of helpers outside a webhook', async () => {
    const agent = makeAgent();
    await deliverOk(agent, mention({ authorId: 42, service: 'facebook', text: 'hi' }));
    state.calls.length = 0;
    await agent.conversation('facebook:42').tag('vip');
    expect(state.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`POST /${ACCOUNT_ID}/inbox/contact/facebook/42`]);
    expect(state.calls[0]!.form).toEqual({ updates: '{"tags":["vip"]}', options: '{"tags_edit_mode":"add"}', topic_ids: TOPIC_ID });
  });
});

describe("qualtrics: replies through the mention's own publisher/add link", () => {
  it('posts to the action link of type api, without configured profiles and without profile discovery', async () => {
    const agent = makeAgent();
    agent.on('message_created', (ctx) => ctx.reply('Thanks, we are on it.'));
    const payload = mention({ text: '@brand my parcel is late' });
    await deliverOk(agent, payload);
    const calls = state.calls.filter((c) => c.path.endsWith('/publisher/add'));
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call).toMatchObject({
      method: 'POST',
      path: PUBLISH,
      authorization: `Bearer ${ACCESS_TOKEN}`,
      contentType: expect.stringMatching(/^application\/x-www-form-urlencoded/),
    });
    // The link's own query (from action_links), the text and status in the form.
    expect(call!.query).toEqual({ type: 'reply', topic_id: TOPIC_ID, mention_id: String(payload.id) });
    expect(call!.form).toEqual({ message: 'Thanks, we are on it.', status: 'queued' });
  });

  it('sends the call to the configured API even when the link names another host (the token goes nowhere else)', async () => {
    const agent = makeAgent();
    agent.on('message_created', (ctx) => ctx.reply('hello'));
    const payload = mention({ text: 'hi' });
    payload.action_links = [
      { key: 'reply', type: 'api', http_method: 'POST', link: `https://attacker.example.test/${ACCOUNT_ID}/publisher/add/?type=reply&topic_id=1&mention_id=2` },
    ];
    await deliverOk(agent, payload);
    expect(publishes().map((c) => c.query)).toEqual([{ type: 'reply', topic_id: '1', mention_id: '2' }]);
  });

  it('prefers a configured profile over the link', async () => {
    const agent = makeAgent({ profiles: { twitter: '900100' } });
    agent.on('message_created', (ctx) => ctx.reply('hello'));
    await deliverOk(agent, mention({ text: 'hi' }));
    expect(publishes()).toHaveLength(1);
    expect(publishes()[0]!.query).toEqual({});
    expect(publishes()[0]!.form?.services).toBe(JSON.stringify([{ type: 'twitter', service_id: '900100' }]));
  });
});

describe('qualtrics: records from platform data', () => {
  it('builds contact attributes without a prototype, and a channel named like a prototype key reaches no configured profile', async () => {
    const agent = makeAgent({ profiles: { twitter: '900100' } });
    const attributes: Record<string, unknown>[] = [];
    agent.on('message_created', async (ctx) => {
      attributes.push(ctx.contact.attributes);
      await ctx.reply('hello');
    });
    await deliverOk(agent, mention({ authorId: 7, service: 'constructor', text: 'hi' }));
    expect(Object.getPrototypeOf(attributes[0])).toBeNull();
    expect({ ...attributes[0] }).toEqual({ service: 'constructor' });
    // No profile is configured for that channel: the mention's own link is used, with no `services` taken from the prototype.
    expect(publishes()).toHaveLength(1);
    expect(publishes()[0]!.form).toEqual({ message: 'hello', status: 'queued' });
  });
});
