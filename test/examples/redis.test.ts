import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRedis } from '../helpers/redis-server.js';
import { messageCreated, signatureHeaders } from '../http/support.js';
import { SECRET, exampleEnv, isReply, startChatwootStandIn, startExample, type RunningExample, type StandIn } from './support.js';

// examples/redis-chatwoot.ts run twice as scripts (tsx), two instances sharing one redis-server started for this
// test on a free port, against a stand-in Chatwoot API.

describe('examples/redis-chatwoot.ts, two instances', () => {
  let redis: TestRedis;
  let standIn: StandIn;
  let first: RunningExample;
  let second: RunningExample;
  beforeAll(async () => {
    redis = await TestRedis.start();
    standIn = await startChatwootStandIn();
    const env = { ...exampleEnv(standIn), REDIS_URL: redis.url };
    [first, second] = await Promise.all([startExample('redis-chatwoot.ts', env), startExample('redis-chatwoot.ts', env)]);
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await standIn?.close();
    await redis?.stop();
  });

  const post = (url: string, body: string, headers: Record<string, string>): Promise<Response> => fetch(url, { method: 'POST', headers, body });

  it('answers on either instance', async () => {
    for (const [example, conversation] of [
      [first, 91],
      [second, 92],
    ] as const) {
      const body = JSON.stringify(messageCreated('hello', conversation));
      expect((await post(example.url, body, signatureHeaders(body, SECRET))).status).toBe(200);
      await standIn.waitFor(isReply(conversation, 'You said: hello'));
    }
  });

  it('handles a delivery once when its retry lands on the other instance, even at the same time', async () => {
    const body = JSON.stringify(messageCreated('only once, please', 93));
    const headers = signatureHeaders(body, SECRET);
    const answers = await Promise.all([post(first.url, body, headers), post(second.url, body, headers)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    // Both answers are in: every handler that was going to run has run.
    expect(standIn.requests.filter(isReply(93, 'You said: only once, please'))).toHaveLength(1);
  });

  it('stays silent on one instance in a conversation the other one escalated', async () => {
    const ask = JSON.stringify(messageCreated('I want a human', 94));
    expect((await post(first.url, ask, signatureHeaders(ask, SECRET))).status).toBe(200);
    await standIn.waitFor((r) => r.url === '/api/v1/accounts/1/conversations/94/toggle_status');

    // The next message reaches the other instance before Chatwoot's status change shows in the payloads.
    const next = JSON.stringify(messageCreated('hello?', 94));
    expect((await post(second.url, next, signatureHeaders(next, SECRET))).status).toBe(200);
    expect(standIn.requests.filter(isReply(94, 'You said: hello?'))).toEqual([]);
  });

  it('keeps its state in the shared redis-server', async () => {
    expect(redis.port).not.toBe(6379);
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url);
    try {
      expect((await client.keys('bot:*')).length).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
  });
});
