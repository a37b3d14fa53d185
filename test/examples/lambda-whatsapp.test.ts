import { describe, expect, it } from 'vitest';
import { loadLambdaExample, metaLambdaChecks, metaSignedEvent } from './lambda-support.js';
import {
  ACCESS_TOKEN,
  APP_SECRET,
  PHONE_NUMBER_ID,
  VERIFY_TOKEN,
  delivery,
  fakeGraph,
  handoverChange,
  messagesChange,
  standbyChange,
  textMessage,
  tick,
} from '../adapters/whatsapp/support.js';

// examples/lambda-whatsapp.ts, imported as Lambda would load it and run as a script: its Graph calls go to the
// real Graph host, intercepted by msw.

const ENV = {
  WHATSAPP_APP_SECRET: APP_SECRET,
  WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
  WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
  WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
};

const { graph, handlers } = fakeGraph('https://graph.facebook.com/v21.0');
const handler = loadLambdaExample('lambda-whatsapp', ENV, { graph, handlers });
const signedEvent = (payload: unknown) => metaSignedEvent(payload, APP_SECRET);

const MESSAGES = `/${PHONE_NUMBER_ID}/messages`;
const send = (to: string, body: object) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...body });

describe('examples/lambda-whatsapp.ts', () => {
  metaLambdaChecks({
    name: 'lambda-whatsapp',
    env: ENV,
    verifyToken: VERIFY_TOKEN,
    handler,
    graph,
    delivery: () => delivery([messagesChange({ messages: [textMessage('4915100000003', 'forged')] })]),
  });

  it('answers a contact before returning: read + typing on the message, then the reply with a button', async () => {
    const wa = '4915100000001';
    const incoming = textMessage(wa, 'Où est ma commande ?');
    const result = await handler(signedEvent(delivery([messagesChange({ contacts: { [wa]: 'Zoë' }, messages: [incoming] })])));
    expect(result).toMatchObject({ statusCode: 200 });
    expect(graph.calls.map((call) => [call.method, call.path, call.authorization, call.body])).toEqual([
      [
        'POST',
        MESSAGES,
        `Bearer ${ACCESS_TOKEN}`,
        { messaging_product: 'whatsapp', status: 'read', message_id: incoming.id, typing_indicator: { type: 'text' } },
      ],
      [
        'POST',
        MESSAGES,
        `Bearer ${ACCESS_TOKEN}`,
        send(wa, {
          type: 'interactive',
          interactive: {
            type: 'button',
            body: { text: 'You said: Où est ma commande ?' },
            action: { buttons: [{ type: 'reply', reply: { id: 'TALK_TO_HUMAN', title: 'Talk to a person' } }] },
          },
        }),
      ],
    ]);
  });

  it('passes the thread on the button, stays silent on standby, greets when the inbox passes it back', async () => {
    const wa = '4915100000002';
    const tap = {
      from: wa,
      id: 'wamid.TAP1',
      timestamp: tick(),
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'TALK_TO_HUMAN', title: 'Talk to a person' } },
    };
    await handler(signedEvent(delivery([messagesChange({ messages: [tap] })])));
    await handler(signedEvent(delivery([standbyChange({ messages: [textMessage(wa, 'hello?')] })])));
    await handler(signedEvent(delivery([handoverChange(wa, 'control_passed', { previous: 'escalation', next: 'customer_service' })])));
    expect(graph.summary()).toEqual([
      `POST ${MESSAGES} ${JSON.stringify(send(wa, { type: 'text', text: { body: 'Connecting you with a person. They will answer here.' } }))}`,
      `POST /${PHONE_NUMBER_ID}/thread_control ${JSON.stringify({ messaging_product: 'whatsapp', to: wa, action: 'pass', metadata: 'the contact asked for a person' })}`,
      `POST ${MESSAGES} ${JSON.stringify(send(wa, { type: 'text', text: { body: 'I am back. Anything else I can do for you?' } }))}`,
    ]);
  });
});
