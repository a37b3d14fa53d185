import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageCreated, signatureHeaders } from '../http/support.js';
import { BOT_TOKEN, SECRET, exampleEnv, isReply, startChatwootStandIn, startExample, type RunningExample, type StandIn } from './support.js';

// The Prometheus example runs as a script against a stand-in Chatwoot API; its /metrics counts what happened.

describe('examples/prometheus-chatwoot.ts', () => {
  let standIn: StandIn;
  let example: RunningExample;
  beforeAll(async () => {
    standIn = await startChatwootStandIn();
    example = await startExample('prometheus-chatwoot.ts', exampleEnv(standIn));
  });
  afterAll(async () => {
    await example?.stop();
    await standIn?.close();
  });

  it('serves counters of deliveries, handoffs, escalations and platform calls fed from agent.events', async () => {
    const post = async (text: string, conversationId: number, secret = SECRET) => {
      const body = JSON.stringify(messageCreated(text, conversationId));
      return (await fetch(example.url, { method: 'POST', headers: signatureHeaders(body, secret), body })).status;
    };
    expect(await post('hello', 71)).toBe(200);
    await standIn.waitFor(isReply(71, 'You said: hello'));
    expect(await post('a human please', 72)).toBe(200);
    await standIn.waitFor((r) => r.url === '/api/v1/accounts/1/conversations/72/toggle_status');
    expect(await post('forged', 73, 'not-the-secret')).toBe(401);

    const metrics = await (await fetch(example.url.replace('/webhook', '/metrics'))).text();
    const value = (series: string): number => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(value('handoffkit_deliveries_total{platform="chatwoot",status="200"}')).toBe(2);
    expect(value('handoffkit_deliveries_total{platform="chatwoot",status="401"}')).toBe(1);
    expect(value('handoffkit_handoffs_total{from="bot",to="human",initiator="bot"}')).toBe(1);
    expect(value('handoffkit_escalations_total{trigger="bot",channel="default",outcome="escalated"}')).toBe(1);
    const messages = '/api/v1/accounts/:account/conversations/:conversation/messages';
    expect(value(`handoffkit_api_call_seconds_count{method="POST",route="${messages}",status="200"}`)).toBe(2);
    expect(metrics).not.toContain(BOT_TOKEN);
    expect(metrics).not.toContain(SECRET);
  });
});
