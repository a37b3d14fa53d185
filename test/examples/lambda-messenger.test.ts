import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LambdaHandler, LambdaHttpEvent } from '../../src/http/lambda.js';
import { functionUrlEvent, runAsScript } from './lambda-support.js';
import {
  APP_ID,
  APP_SECRET,
  INBOX_APP_ID,
  PAGE_TOKEN,
  VERIFY_TOKEN,
  deliveryOf,
  fakeGraph,
  metaJson,
  passItem,
  sign,
  textItem,
} from '../adapters/messenger/support.js';

// examples/lambda-messenger.ts, imported as Lambda would load it and run as a script: its Graph calls go to
// the real Graph host, intercepted by msw.

const ENV = {
  MESSENGER_APP_SECRET: APP_SECRET,
  MESSENGER_PAGE_TOKEN: PAGE_TOKEN,
  MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
  MESSENGER_APP_ID: APP_ID,
};

const { graph, handlers } = fakeGraph('https://graph.facebook.com/v21.0');
const server = setupServer(...handlers);
let handler: LambdaHandler;
const importExample = (specifier: string): Promise<unknown> => import(specifier);

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
  // Through a variable: the example imports the built package, which typechecking (before the build) cannot see.
  ({ handler } = (await importExample('../../examples/lambda-messenger.js')) as { handler: LambdaHandler });
});
afterEach(() => graph.reset());
afterAll(() => {
  server.close();
  vi.unstubAllEnvs();
});

const event = functionUrlEvent;

function signedEvent(payload: unknown, base64 = false): LambdaHttpEvent {
  const body = metaJson(payload);
  return event('POST', { body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) }, base64 });
}

const setupQuery = `hub.mode=subscribe&hub.verify_token=${encodeURIComponent(VERIFY_TOKEN)}&hub.challenge=987654321`;

describe('examples/lambda-messenger.ts', () => {
  it("answers Meta's setup check with the challenge", async () => {
    const result = await handler(event('GET', { query: setupQuery }));
    expect(result).toMatchObject({ statusCode: 200, body: '987654321', headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect((await handler(event('GET', { query: 'hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1' }))).statusCode).toBe(403);
  });

  it.each([false, true])('answers a contact before returning (base64 body: %s): typing, then the reply with quick replies', async (base64) => {
    const psid = base64 ? '9002' : '9001';
    const result = await handler(signedEvent(deliveryOf([textItem(psid, 'Où est ma commande ?')]), base64));
    expect(result).toMatchObject({ statusCode: 200, body: '{"ok":true}' });
    expect(graph.calls).toEqual([
      { method: 'POST', path: '/me/messages', query: { access_token: PAGE_TOKEN }, body: { recipient: { id: psid }, sender_action: 'typing_on' } },
      {
        method: 'POST',
        path: '/me/messages',
        query: { access_token: PAGE_TOKEN },
        body: {
          recipient: { id: psid },
          messaging_type: 'RESPONSE',
          message: { text: 'You said: Où est ma commande ?', quick_replies: [{ content_type: 'text', title: 'Talk to a person', payload: 'TALK_TO_HUMAN' }] },
        },
      },
    ]);
  });

  it('hands the thread to the Page Inbox on the quick reply, stays silent on standby, greets when the thread comes back', async () => {
    const psid = '9003';
    await handler(signedEvent(deliveryOf([textItem(psid, 'Talk to a person', { message: { quick_reply: { payload: 'TALK_TO_HUMAN' } } })])));
    await handler(signedEvent(deliveryOf([textItem(psid, 'hello?')], 'standby')));
    await handler(signedEvent(deliveryOf([passItem(psid, APP_ID, INBOX_APP_ID)])));
    expect(graph.summary()).toEqual([
      `POST /me/messages ${JSON.stringify({ recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'Connecting you with a person. They will answer here.' } })}`,
      `POST /me/pass_thread_control ${JSON.stringify({ recipient: { id: psid }, target_app_id: INBOX_APP_ID, metadata: 'the contact asked for a person' })}`,
      `POST /me/messages ${JSON.stringify({ recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'I am back. Anything else I can do for you?' } })}`,
    ]);
  });

  it('answers 401 to a forged delivery and calls nobody', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const body = metaJson(deliveryOf([textItem('9004', 'forged')]));
    const result = await handler(event('POST', { body, headers: { 'x-hub-signature-256': sign(body, 'not-the-app-secret') } }));
    expect(result.statusCode).toBe(401);
    expect(graph.calls).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/delivery rejected: Signature mismatch/), { code: 'E_SIGNATURE' });
    warn.mockRestore();
  });

  it('runs as a script: the event on stdin, the Lambda result on stdout', async () => {
    const { code, stdout, stderr } = await runAsScript('examples/lambda-messenger.ts', ENV, event('GET', { query: setupQuery }));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ statusCode: 200, body: '987654321', isBase64Encoded: false });
  }, 30_000);
});
