import { Redis } from 'ioredis';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore, type Contact, type Store } from '../../../src/index.js';
import { RedisStore } from '../../../src/store/redis.js';
import { TestRedis } from '../../helpers/redis-server.js';
import { BEARER, deliver, fakeHootsuite, inbound, makeAgent, manipulationPath, started } from './support.js';
import { handoffkitRejection } from '../../helpers/rejections.js';

// What one instance learns from Hootsuite and another (sharing the store), or the same after a restart, relies on.

const api = fakeHootsuite();
const server = setupServer(...api.handlers);
let redis: TestRedis;
let client: Redis;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  redis = await TestRedis.start();
  client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});
afterEach(() => api.state.reset());
afterAll(async () => {
  server.close();
  client?.disconnect();
  await redis?.stop();
});

/** Two agents over two adapter instances sharing one store: two instances behind a load balancer, or a restart. */
function twoInstances(store: Store = new MemoryStore()) {
  return { first: makeAgent({}, { store }), second: makeAgent({}, { store }) };
}

/** An INBOUND_MESSAGE_RECEIVED as older (Sparkcentral-era) integrations send it: no contactProfile. */
function inboundWithoutProfile(conversationId: string, text: string) {
  const payload = inbound({ conversationId, text });
  delete payload.data.contactProfile;
  return payload;
}

describe('hootsuite: the contact of a conversation is remembered in the store', () => {
  it('gives an INBOUND_MESSAGE_RECEIVED without contactProfile the contact CONVERSATION_STARTED carried, on another instance too', async () => {
    const { first, second } = twoInstances();
    const contacts: Contact[] = [];
    first.on('message_created', (ctx) => void contacts.push(ctx.contact));
    second.on('message_created', (ctx) => void contacts.push(ctx.contact));
    expect((await deliver(first, started({ conversationId: 'conv-who' }))).status).toBe(200);
    expect((await deliver(first, inboundWithoutProfile('conv-who', 'first'))).status).toBe(200);
    expect((await deliver(second, inboundWithoutProfile('conv-who', 'second'))).status).toBe(200);
    expect(contacts).toHaveLength(2);
    for (const contact of contacts) {
      expect(contact).toMatchObject({ id: '693ed54b-a426-11eb-9363-cffd945b4b2f', name: 'John Smith', phone: '+32439487192', locale: 'en' });
      expect(contact.attributes).toMatchObject({ company: 'Hootsuite', email: 'john.smith@hootsuite.com' });
    }
  });

  it('never exposes an empty contact id: a conversation whose contact Hootsuite never named is known by its id', async () => {
    const agent = makeAgent();
    const ids: string[] = [];
    agent.on('message_created', (ctx) => void ids.push(ctx.contact.id));
    await deliver(agent, inboundWithoutProfile('conv-nobody', 'hello'));
    expect(ids).toEqual(['conv-nobody']);
  });

  it('keeps attributes a later message carries, over the remembered ones', async () => {
    const agent = makeAgent();
    const contacts: Contact[] = [];
    agent.on('message_created', (ctx) => void contacts.push(ctx.contact));
    await deliver(agent, started({ conversationId: 'conv-attr' }));
    const payload = inboundWithoutProfile('conv-attr', 'hi');
    payload.data.contactAttributes = [{ attribute: 'company', value: 'New Co', source: 'CRM_CONFIRMED' }];
    await deliver(agent, payload);
    expect(contacts[0]).toMatchObject({ id: '693ed54b-a426-11eb-9363-cffd945b4b2f', attributes: { company: 'New Co', first_name: 'John' } });
  });
});

describe('hootsuite: a completed conversation is refused on every instance sharing the store', () => {
  it('after complete: HANDOVER in a webhook answer, another instance refuses helpers at once (E_NOT_OWNER), calling nothing', async () => {
    const { first, second } = twoInstances();
    first.on('message_created', (ctx) => ctx.escalate({ reason: 'asked for a human' }));
    const answer = await deliver(first, inbound({ conversationId: 'conv-handover', text: 'a human please' }));
    expect(answer.body).toMatchObject({ complete: 'HANDOVER' });

    const later = second.conversation('conv-handover');
    for (const attempt of [
      later.reply('still there?', { force: true }),
      later.tag('Late'),
      later.setAttributes({ plan: 'gold' }),
      later.typing(false),
      later.resolve(),
    ]) {
      const error = await handoffkitRejection(attempt);
      expect(error.code).toBe('E_NOT_OWNER');
      expect(error.message).toMatch(/the bot handed it over to humans \(complete: HANDOVER\)/);
    }
    expect(api.state.calls).toEqual([]);
  });

  it('after resolve() through REST, another instance refuses a reply without calling Hootsuite (no 404 round trip)', async () => {
    const { first, second } = twoInstances();
    await first.conversation('conv-resolved').resolve();
    expect(api.state.calls.map((c) => `${c.method} ${c.path} ${c.authorization}`)).toEqual([
      expect.stringMatching(/^POST \/oauth2\/token Basic /),
      `POST ${manipulationPath('conv-resolved')} ${BEARER}`,
    ]);
    expect(api.state.calls[1]!.body).toEqual({ complete: 'RESOLVED' });
    api.state.calls.length = 0;
    const error = await handoffkitRejection(second.conversation('conv-resolved').reply('one more thing'));
    expect(error.code).toBe('E_NOT_OWNER');
    expect(error.message).toMatch(/the bot resolved it/);
    expect(api.state.calls).toEqual([]);
  });

  it("a conversation Hootsuite assigns to the bot again (a new delivery) is the bot's on every instance", async () => {
    const { first, second } = twoInstances();
    await first.conversation('conv-back').escalate();
    second.on('message_created', (ctx) => ctx.reply('Welcome back!'));
    const answer = await deliver(second, inbound({ conversationId: 'conv-back', text: 'hi again' }));
    expect(answer.body).toEqual({ sendMessage: { text: 'Welcome back!' } });
    api.state.calls.length = 0;
    await first.conversation('conv-back').typing(true);
    expect(api.state.calls.map((c) => c.body)).toEqual([{ indicateTyping: 'START' }]);
  });
});

describe('hootsuite: across a restart, with a RedisStore', () => {
  it('a process started after the bot completed a conversation refuses at once, and knows the contact', async () => {
    const before = makeAgent({}, { store: new RedisStore({ client, prefix: 'restart:' }) });
    before.on('message_created', (ctx) => ctx.escalate());
    await deliver(before, started({ conversationId: 'conv-restart' }));
    expect((await deliver(before, inbound({ conversationId: 'conv-restart', text: 'a human' }))).body).toMatchObject({ complete: 'HANDOVER' });

    // A new process: a new adapter and agent over the same Redis.
    const after = makeAgent({}, { store: new RedisStore({ client, prefix: 'restart:' }) });
    const error = await handoffkitRejection(after.conversation('conv-restart').reply('are you there?', { force: true }));
    expect(error.code).toBe('E_NOT_OWNER');
    expect(api.state.calls).toEqual([]);
    // Assigned to the bot again (delegated back): the contact of the conversation is known to the new process.
    const contacts: string[] = [];
    after.on('message_created', (ctx) => void contacts.push(`${ctx.contact.id} ${ctx.contact.name ?? ''}`));
    const again = inboundWithoutProfile('conv-restart', 'thanks');
    await deliver(after, again);
    expect(contacts).toEqual(['693ed54b-a426-11eb-9363-cffd945b4b2f John Smith']);
  });
});
