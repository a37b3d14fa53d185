import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { HandoffkitError } from '../../../src/index.js';
import { toNodeHandler } from '../../../src/http/node.js';
import textMessageSample from '../../fixtures/whatsapp/text-message.json' with { type: 'json' };
import statusFailed from '../../fixtures/whatsapp/status-failed.json' with { type: 'json' };
import {
  VERIFY_TOKEN,
  WEBHOOK,
  delivery,
  expectNoSecrets,
  fakeGraph,
  fresh,
  messagesChange,
  metaJson,
  sign,
  signedRequest,
  textMessage,
  whatsappAgent,
} from './support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

const { graph, handlers } = fakeGraph();
serveStandIn(handlers, graph, 'bypass');

const verification = (params: Record<string, string>) => new Request(`${WEBHOOK}?${new URLSearchParams(params)}`, { method: 'GET' });

describe('GET verification', () => {
  it('echoes hub.challenge when the verify token matches', async () => {
    const response = await whatsappAgent().fetch(verification({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('1158201444');
  });

  it('answers 403 to a wrong verify token, without echoing either token', async () => {
    const response = await whatsappAgent().fetch(verification({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }));
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).toMatch(/verify_token does not match/);
    expect(text).not.toContain('guess');
    expectNoSecrets(text);
  });

  it('answers 403 to a stray GET, naming the WhatsApp webhook', async () => {
    const response = await whatsappAgent().fetch(new Request(WEBHOOK));
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/This is a WhatsApp webhook/);
  });
});

describe('signed deliveries', () => {
  it('a signed sample reaches the handler; 200', async () => {
    const agent = whatsappAgent();
    const seen: string[] = [];
    agent.on('message_created', (ctx) => void seen.push(`${ctx.contact.name}: ${ctx.message.text} (${ctx.contact.phone})`));
    const response = await agent.fetch(signedRequest(fresh(textMessageSample)));
    expect(response.status).toBe(200);
    expect(seen).toEqual(['Sheena Nelson: Does it come in another color? (16505551234)']);
  });

  it('a missing or wrong X-Hub-Signature-256 → 401, handlers not run', async () => {
    const agent = whatsappAgent();
    const ran: string[] = [];
    agent.on('message_created', (ctx) => void ran.push(ctx.message.id));
    const body = metaJson(fresh(textMessageSample));
    const missing = await agent.fetch(new Request(WEBHOOK, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    const wrong = await agent.fetch(signedRequest(body, { secret: 'another-secret' }));
    expect([missing.status, wrong.status]).toEqual([401, 401]);
    expect(await wrong.text()).toMatch(/Signature mismatch/);
    expect(ran).toEqual([]);
  });

  it('an object other than whatsapp_business_account → 400 naming the field', async () => {
    const response = await whatsappAgent().fetch(signedRequest({ object: 'page', entry: [] }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/"object" must be "whatsapp_business_account"/);
  });

  it('a batch with one malformed message: the others handled, the bad one reported, 200', async () => {
    const agent = whatsappAgent();
    const seen: string[] = [];
    const errors: HandoffkitError[] = [];
    agent.on('message_created', (ctx) => void seen.push(ctx.message.text ?? ''));
    agent.onError((error) => void errors.push(error as HandoffkitError));
    const body = delivery([
      messagesChange({
        messages: [textMessage('111', 'one'), { from: '111', id: 'wamid.bad', type: 'text', text: 'not an object' }, textMessage('222', 'two')],
      }),
    ]);
    const response = await agent.fetch(signedRequest(body));
    expect(response.status).toBe(200);
    expect(seen.sort()).toEqual(['one', 'two']);
    expect(errors.map((error) => [error.code, (error as { field?: string }).field])).toEqual([['E_PAYLOAD', 'entry.0.changes.0.value.messages.1.text']]);
  });

  it('a failed status reaches onError as E_PLATFORM_API with Meta’s code, answered 200; onAny sees the status', async () => {
    const agent = whatsappAgent();
    const errors: HandoffkitError[] = [];
    const any: string[] = [];
    agent.onError((error) => void errors.push(error as HandoffkitError));
    agent.onAny((ctx) => void any.push(ctx.event.type));
    const response = await agent.fetch(signedRequest(fresh(statusFailed)));
    expect(response.status).toBe(200);
    expect(errors.map((error) => [error.code, error.details?.code])).toEqual([['E_PLATFORM_API', 131049]]);
    expect(any).toEqual(['status_failed']);
  });

  it('over a real HTTP server on 127.0.0.1 (node handler): 200 for a signed sample, 401 for a forged one', async () => {
    const agent = whatsappAgent();
    const texts: string[] = [];
    agent.on('message_created', (ctx) => void texts.push(ctx.message.text ?? ''));
    const http = createServer(toNodeHandler(agent));
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    try {
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/whatsapp`;
      const body = metaJson(fresh(textMessageSample));
      const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) }, body });
      const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body, 'nope') }, body });
      expect([ok.status, forged.status]).toEqual([200, 401]);
      expect(texts).toEqual(['Does it come in another color?']);
    } finally {
      http.close();
    }
  });
});
