import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionUrlEvent, httpApiV2Event } from '../http/lambda-events.js';
import { NON_ASCII, messageCreated, signatureHeaders } from '../http/support.js';
import { BOT_TOKEN, SECRET, exampleEnv, isReply, runExample, startChatwootStandIn, type StandIn } from './support.js';

// examples/lambda-chatwoot.ts run as a script: the event on stdin, the Lambda result on stdout.

describe('examples/lambda-chatwoot.ts', () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startChatwootStandIn();
  });
  afterAll(async () => {
    await standIn?.close();
  });

  const events = [
    ['an API Gateway HTTP API (v2) event', httpApiV2Event, false, 71],
    ['a base64 API Gateway HTTP API (v2) event', httpApiV2Event, true, 72],
    ['a Function URL event', functionUrlEvent, false, 73],
    ['a base64 Function URL event', functionUrlEvent, true, 74],
  ] as const;

  it.each(events)('handles %s: the reply reaches Chatwoot before the result', async (_name, makeEvent, base64, conversationId) => {
    const body = JSON.stringify(messageCreated(NON_ASCII, conversationId));
    const event = makeEvent({ body, headers: signatureHeaders(body, SECRET), base64 });
    const run = await runExample('lambda-chatwoot.ts', exampleEnv(standIn), JSON.stringify(event));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { statusCode: number; body: string; isBase64Encoded: boolean; headers: Record<string, string> };
    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: false });
    expect(JSON.parse(result.body)).toEqual({ ok: true });
    // The handler finished before the result: the reply is already there.
    const reply = standIn.requests.find(isReply(conversationId, `You said: ${NON_ASCII}`));
    expect(reply?.headers.api_access_token).toBe(BOT_TOKEN);
  });

  it('answers 401 to a forged event', async () => {
    const body = JSON.stringify(messageCreated('forged', 75));
    const event = functionUrlEvent({ body, headers: signatureHeaders(body, 'not-the-secret') });
    const run = await runExample('lambda-chatwoot.ts', exampleEnv(standIn), JSON.stringify(event));
    const result = JSON.parse(run.stdout) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(401);
    expect(standIn.requests.some((r) => r.url.includes('/conversations/75/'))).toBe(false);
  });
});
