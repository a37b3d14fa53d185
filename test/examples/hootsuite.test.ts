import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Payload, SECRET_HEX, freshKey, samples, sign } from '../adapters/hootsuite/support.js';
import { startExample, type RunningExample } from './support.js';

// examples/node-http-hootsuite.ts run as a script (tsx) on a free port: signed Hootsuite deliveries over HTTP, and
// the bot's actions come back in the answer (no REST credentials set, so no outbound call can happen).

/** A delivery built from the documented sample, stamped now (Hootsuite's own timestamp format, nanoseconds). */
function stamped(payload: Payload, conversationId: string): string {
  payload.timestamp = new Date().toISOString().replace('Z', '123456Z');
  payload.idempotencyKey = freshKey();
  payload.data.conversationId = conversationId;
  return JSON.stringify(payload);
}

function post(url: string, body: string, signature = sign(body)): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hootsuite-signature': signature }, body });
}

describe('examples/node-http-hootsuite.ts', () => {
  let example: RunningExample;
  beforeAll(async () => {
    example = await startExample('node-http-hootsuite.ts', { HOOTSUITE_SHARED_SECRET: SECRET_HEX, PORT: '0', HOST: '127.0.0.1' });
  });
  afterAll(async () => {
    await example?.stop();
  });

  it('greets a new conversation in the answer', async () => {
    const res = await post(example.url, stamped(samples.conversationStarted(), 'hs-conv-1'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sendMessage: { text: 'Hi! I am the shop assistant. How can I help?' } });
  });

  it('answers a message with a topic and the echo, in one answer', async () => {
    const payload = samples.inbound();
    payload.data.message.text = 'Où est ma commande ?';
    const res = await post(example.url, stamped(payload, 'hs-conv-2'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ applyTopics: ['virtual-agent'], sendMessage: { text: 'You said: Où est ma commande ?' } });
  });

  it('hands the conversation over with a note when asked for a person', async () => {
    const payload = samples.inbound();
    payload.data.message.text = 'I want a human';
    const res = await post(example.url, stamped(payload, 'hs-conv-3'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sendMessage: { text: 'Connecting you with a colleague. They will answer here.' },
      applyConversationNotes: [{ text: 'The contact wrote: I want a human' }],
      complete: 'HANDOVER',
    });
  });

  it('refuses a forged delivery with 401', async () => {
    const body = stamped(samples.inbound(), 'hs-conv-4');
    const res = await post(example.url, body, sign(body, 'ab'.repeat(32)));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('E_SIGNATURE');
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await example.stop()).toBe(0);
  });
});
