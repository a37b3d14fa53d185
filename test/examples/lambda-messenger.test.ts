import { describe, expect, it } from 'vitest';
import { loadLambdaExample, metaLambdaChecks, metaSignedEvent } from './lambda-support.js';
import { APP_ID, APP_SECRET, INBOX_APP_ID, PAGE_TOKEN, VERIFY_TOKEN, deliveryOf, fakeGraph, passItem, textItem } from '../adapters/messenger/support.js';

// examples/lambda-messenger.ts, imported as Lambda would load it and run as a script: its Graph calls go to
// the real Graph host, intercepted by msw.

const ENV = {
  MESSENGER_APP_SECRET: APP_SECRET,
  MESSENGER_PAGE_TOKEN: PAGE_TOKEN,
  MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
  MESSENGER_APP_ID: APP_ID,
};

const { graph, handlers } = fakeGraph('https://graph.facebook.com/v21.0');
const handler = loadLambdaExample('lambda-messenger', ENV, { graph, handlers });
const signedEvent = (payload: unknown, base64 = false) => metaSignedEvent(payload, APP_SECRET, { base64 });

describe('examples/lambda-messenger.ts', () => {
  metaLambdaChecks({ name: 'lambda-messenger', env: ENV, verifyToken: VERIFY_TOKEN, handler, graph, delivery: () => deliveryOf([textItem('9004', 'forged')]) });

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
});
