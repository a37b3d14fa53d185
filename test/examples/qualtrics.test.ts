import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN, ACCOUNT_ID, AUTHOR_ID, CLIENT_SECRET, mention, sign } from '../adapters/qualtrics/support.js';
import { startExample, startStandIn, type RunningExample, type StandIn, type StandInRequest } from './support.js';

// examples/node-http-qualtrics.ts run as a script (tsx) on a free port, with QUALTRICS_API_URL pointing at a
// stand-in Engagor API on 127.0.0.1 that keeps the contacts' tags and records every call.

const CONTACT = `/${ACCOUNT_ID}/inbox/contact/twitter/${AUTHOR_ID}`;
const envelope = (response: unknown): unknown => ({ meta: { code: 200 }, response });

describe('examples/node-http-qualtrics.ts', () => {
  let engagor: StandIn;
  let example: RunningExample;
  let tags: string[] = [];
  let published = 0;

  beforeAll(async () => {
    engagor = await startStandIn('Engagor', (request) => {
      const path = request.url.split('?')[0];
      if (path === CONTACT && request.method === 'GET') return envelope({ id: 'ct-1', tags, socialprofiles: [{ type: 'twitter', service_id: AUTHOR_ID }] });
      if (path === CONTACT && request.method === 'POST') {
        const added = (JSON.parse(String((request.body as Record<string, string>).updates)) as { tags: string[] }).tags;
        tags = [...tags, ...added.filter((tag) => !tags.includes(tag))];
        return envelope({ id: 'ct-1', tags });
      }
      if (path?.startsWith(`/${ACCOUNT_ID}/publisher/add`) && request.method === 'GET') {
        return envelope({ services: [{ type: 'twitter', service_id: '900100' }], options: { max_length: 10000 } });
      }
      if (path?.startsWith(`/${ACCOUNT_ID}/publisher/add`) && request.method === 'POST') {
        return envelope({ messages: [{ id: `msg-${++published}` }], publisher_mention: { id: `pm-${published}` } });
      }
      return { status: 404, json: { code: 404, error: 'not_found' } };
    });
    example = await startExample('node-http-qualtrics.ts', {
      QUALTRICS_ACCOUNT_ID: String(ACCOUNT_ID),
      QUALTRICS_ACCESS_TOKEN: ACCESS_TOKEN,
      QUALTRICS_CLIENT_SECRET: CLIENT_SECRET,
      QUALTRICS_API_URL: `${engagor.url}/`,
      PORT: '0',
      HOST: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await example?.stop();
    await engagor?.close();
  });

  /** A recipe delivery of a mention from the sample contact, its API links pointing at the stand-in. */
  function recipe(text: string): string {
    const payload = mention({ text });
    for (const link of payload.action_links as { type: string; link: string }[]) {
      if (link.type === 'api') link.link = link.link.replace('https://api.engagor.com', engagor.url);
    }
    return JSON.stringify(payload);
  }

  const post = (body: string, signature = sign(body)): Promise<Response> =>
    fetch(example.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': signature }, body });

  const isPublished = (message: string) => (request: StandInRequest) =>
    request.method === 'POST' && request.url.startsWith(`/${ACCOUNT_ID}/publisher/add`) && (request.body as Record<string, string>).message === message;

  it('answers a signed mention through publisher/add with the bearer token', async () => {
    const res = await post(recipe('Où est ma commande ?'));
    expect(res.status).toBe(200);
    const reply = await engagor.waitFor(isPublished('Thanks for your message! You said: Où est ma commande ?'));
    expect(reply.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(reply.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
  });

  it('escalates by tagging the contact, then stays silent while the tag is on', async () => {
    expect((await post(recipe('Can I talk to a person?'))).status).toBe(200);
    await engagor.waitFor(isPublished('A colleague will get back to you here.'));
    const tagged = await engagor.waitFor((r) => r.method === 'POST' && r.url.startsWith(CONTACT));
    expect(JSON.parse(String((tagged.body as Record<string, string>).updates))).toEqual({ tags: ['Escalated to agent'] });
    expect(tags).toEqual(['Escalated to agent']);

    const before = engagor.requests.filter((r) => r.method === 'POST').length;
    expect((await post(recipe('hello?'))).status).toBe(200);
    // The contact's tags were read again, and nothing was published or changed.
    await engagor.waitFor((r) => r.method === 'GET' && r.url.startsWith(CONTACT) && engagor.requests.indexOf(r) > engagor.requests.indexOf(tagged));
    expect(engagor.requests.filter((r) => r.method === 'POST').length).toBe(before);
  });

  it('greets the contact again once an agent removed the tag', async () => {
    tags = [];
    expect((await post(recipe('still there?'))).status).toBe(200);
    await engagor.waitFor(isPublished('I am back. Anything else I can do for you?'));
    await engagor.waitFor(isPublished('Thanks for your message! You said: still there?'));
  });

  it('refuses a forged mention with 401 and calls nothing', async () => {
    const before = engagor.requests.length;
    const res = await post(recipe('forged'), sign('something else'));
    expect(res.status).toBe(401);
    expect(engagor.requests.length).toBe(before);
  });
});
