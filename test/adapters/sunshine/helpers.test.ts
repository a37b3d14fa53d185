import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualAgent } from '../../../src/index.js';
import { sunshine } from '../../../src/adapters/sunshine/index.js';
import {
  adapterOptions,
  AGENT_WORKSPACE,
  BASIC,
  conversationPath,
  envelope,
  fakeApi,
  KEY_SECRET,
  requestSample,
  sunshineAgent,
  switchboard,
  userMessage,
  WEBHOOK_SECRET,
} from './support.js';

// Every helper's exact API call (method, path, Basic auth, body), asserted on an msw stand-in of the API.

const api = fakeApi();
beforeAll(() => api.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  api.reset();
  api.server.resetHandlers();
});
afterAll(() => api.server.close());

async function deliver(agent: VirtualAgent, ...events: Record<string, unknown>[]): Promise<number> {
  const answer = await agent.receive(
    { method: 'POST', url: '/sunshine', headers: { 'x-api-key': WEBHOOK_SECRET }, body: JSON.stringify(envelope(...events)) },
    { ackTimeoutMs: false },
  );
  return answer.status;
}

const C = 'conv-helpers-1';

describe('reply', () => {
  it('text → POST …/messages as the business, Basic keyId:keySecret; resolves with the message id', async () => {
    const sent = await sunshineAgent().conversation(C).reply('Hello!');
    expect(api.calls).toEqual([
      { method: 'POST', path: `${conversationPath(C)}/messages`, authorization: BASIC, body: requestSample('post_message_text.json') },
    ]);
    expect(sent).toEqual({ id: 'msg-1' });
  });

  it('quick replies → text with reply actions', async () => {
    await sunshineAgent()
      .conversation(C)
      .reply({ text: 'Pick one', quickReplies: [{ title: 'Yes', value: 'YES' }, { title: 'No' }] });
    expect(api.calls[0]!.body).toEqual({
      author: { type: 'business' },
      content: {
        type: 'text',
        text: 'Pick one',
        actions: [
          { type: 'reply', text: 'Yes', payload: 'YES' },
          { type: 'reply', text: 'No', payload: 'No' },
        ],
      },
    });
  });

  it('cards → a carousel (postback and link buttons)', async () => {
    await sunshineAgent()
      .conversation(C)
      .reply({
        cards: [
          {
            title: 'Tacos',
            description: 'Get your tacos today!',
            imageUrl: 'https://example.org/image.jpg',
            actions: [
              { type: 'postback', text: 'Select', payload: 'TACOS' },
              { type: 'link', text: 'More info', url: 'https://example.org' },
            ],
          },
        ],
      });
    expect(api.calls[0]!.body).toEqual({
      author: { type: 'business' },
      content: {
        type: 'carousel',
        items: [
          {
            title: 'Tacos',
            description: 'Get your tacos today!',
            mediaUrl: 'https://example.org/image.jpg',
            actions: [
              { text: 'Select', type: 'postback', payload: 'TACOS' },
              { text: 'More info', type: 'link', uri: 'https://example.org' },
            ],
          },
        ],
      },
    });
  });

  it('a form → form content with its fields', async () => {
    await sunshineAgent()
      .conversation(C)
      .reply({
        form: [
          { type: 'text', name: 'full_name', label: 'Your name?', placeholder: 'Type your name...' },
          { type: 'select', name: 'plan', label: 'Plan', options: [{ label: 'Pro', value: 'pro' }] },
        ],
      });
    expect(api.calls[0]!.body).toEqual({
      author: { type: 'business' },
      content: {
        type: 'form',
        fields: [
          { type: 'text', name: 'full_name', label: 'Your name?', placeholder: 'Type your name...' },
          { type: 'select', name: 'plan', label: 'Plan', options: [{ name: 'pro', label: 'Pro' }] },
        ],
      },
    });
  });

  it('images and files by URL, the first captioned with the text', async () => {
    await sunshineAgent()
      .conversation(C)
      .reply({
        text: 'Your invoice',
        attachments: [
          { type: 'image', url: 'https://cdn.example/a.png' },
          { type: 'file', url: 'https://cdn.example/i.pdf' },
        ],
      });
    expect(api.calls.map((c) => (c.body as { content: unknown }).content)).toEqual([
      { type: 'image', mediaUrl: 'https://cdn.example/a.png', text: 'Your invoice' },
      { type: 'file', mediaUrl: 'https://cdn.example/i.pdf' },
    ]);
  });

  it('private notes, articles and e-mail inputs are refused with E_UNSUPPORTED, calling nothing', async () => {
    const handle = sunshineAgent().conversation(C);
    await expect(handle.reply({ text: 'note', private: true })).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
    await expect(handle.reply({ articles: [{ title: 'FAQ', url: 'https://help.example' }] })).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
    expect(api.calls).toEqual([]);
  });
});

describe('typing, resolve, setAttributes, tag', () => {
  it('typing → POST …/activity typing:start / typing:stop', async () => {
    const handle = sunshineAgent().conversation(C);
    await handle.typing(true);
    await handle.typing(false);
    expect(api.calls.map((c) => [c.method, c.path, c.authorization, c.body])).toEqual([
      ['POST', `${conversationPath(C)}/activity`, BASIC, { author: { type: 'business' }, type: 'typing:start' }],
      ['POST', `${conversationPath(C)}/activity`, BASIC, { author: { type: 'business' }, type: 'typing:stop' }],
    ]);
  });

  it('resolve → POST …/releaseControl', async () => {
    await sunshineAgent().conversation(C).resolve();
    expect(api.calls).toEqual([{ method: 'POST', path: `${conversationPath(C)}/releaseControl`, authorization: BASIC, body: {} }]);
  });

  it('setAttributes → PATCH the conversation metadata, merged over what the latest event carried', async () => {
    const agent = sunshineAgent();
    agent.on('message_created', (ctx) => ctx.setAttributes({ plan: 'pro' }));
    const message = userMessage(C, 'hi');
    (message.payload as { conversation: Record<string, unknown> }).conversation.metadata = { lang: 'en-ca' };
    expect(await deliver(agent, message)).toBe(200);
    expect(api.calls).toEqual([{ method: 'PATCH', path: conversationPath(C), authorization: BASIC, body: { metadata: { lang: 'en-ca', plan: 'pro' } } }]);
  });

  it('tag and untag are unsupported and absent from capabilities', async () => {
    const adapter = sunshine(adapterOptions());
    expect(adapter.capabilities).not.toContain('tag');
    expect(adapter.capabilities).not.toContain('untag');
    await expect(sunshineAgent().conversation(C).tag('vip')).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
    await expect(sunshineAgent().conversation(C).untag('vip')).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
    expect(api.calls).toEqual([]);
  });
});

describe('escalate and handBack', () => {
  it('escalate → passControl to zd:agentWorkspace with the reason and the first message of the contact’s issue', async () => {
    const agent = sunshineAgent();
    agent.on('message_created', async (ctx) => {
      if (/human/.test(ctx.message.text ?? '')) await ctx.escalate({ reason: 'asked for a human', note: 'VIP' });
    });
    const first = userMessage(C, 'my order is late', { id: '603012d7e0a3f9000c879b67' });
    expect(await deliver(agent, first, userMessage(C, 'still nothing'), userMessage(C, 'a human please'))).toBe(200);
    const sample = requestSample('pass_control_zd_agentWorkspace_first_message_id.json') as {
      switchboardIntegration: string;
      metadata: Record<string, string>;
    };
    expect(api.calls).toEqual([
      {
        method: 'POST',
        path: `${conversationPath(C)}/passControl`,
        authorization: BASIC,
        body: {
          switchboardIntegration: sample.switchboardIntegration,
          metadata: { reason: 'asked for a human', note: 'VIP', first_message_id: sample.metadata.first_message_id },
        },
      },
    ]);
  });

  it('escalate({ summary }) adds the summary to the passControl metadata, cut with a marker so that the metadata stays within 4 KB', async () => {
    const handle = sunshineAgent().conversation('conv-summary');
    await handle.escalate({ reason: 'refund', summary: 'Order 42 arrived broken; wants a refund.' });
    await handle.escalate({ reason: 'refund', summary: '€'.repeat(1_400), note: '€'.repeat(1_400) });
    const [short, long] = api.calls.map((c) => (c.body as { metadata: Record<string, string> }).metadata);
    expect(short).toEqual({ reason: 'refund', summary: 'Order 42 arrived broken; wants a refund.' });
    expect(new TextEncoder().encode(JSON.stringify(long)).byteLength).toBeLessThanOrEqual(4096);
    expect(long?.summary?.startsWith('€€€')).toBe(true);
    expect(long?.reason).toBe('refund');
  });

  it('escalate({ to }) passes to that integration; a team or agent object is E_UNSUPPORTED', async () => {
    const handle = sunshineAgent({ humanIntegration: 'tier2' }).conversation('conv-helpers-2');
    await handle.escalate({});
    await handle.escalate({ to: 'next' });
    await expect(handle.escalate({ to: { team: 4 } })).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
    expect(api.calls.map((c) => c.body)).toEqual([{ switchboardIntegration: 'tier2' }, { switchboardIntegration: 'next' }]);
  });

  it('handBack → passControl to the bot’s own integration', async () => {
    await sunshineAgent().conversation(C).handBack();
    expect(api.calls).toEqual([
      { method: 'POST', path: `${conversationPath(C)}/passControl`, authorization: BASIC, body: { switchboardIntegration: adapterOptions().integrationId } },
    ]);
  });

  it('handBack answered 403 (integration-scoped key, not active) → E_NOT_OWNER saying the agent workspace hands back', async () => {
    api.answer(() => HttpResponse.json({ errors: [{ code: 'forbidden', title: 'Cannot perform this action' }] }, { status: 403 }));
    const agent = sunshineAgent();
    const error = await agent
      .conversation(C)
      .handBack()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_NOT_OWNER' });
    expect((error as Error).message).toMatch(/agent workspace hands the conversation back/);
  });

  it('escalate answered 403 because another integration owns the conversation → E_NOT_OWNER, and the conversation is a human’s', async () => {
    api.answer(() => HttpResponse.json({ errors: [{ code: 'forbidden', title: 'Integration is not active' }] }, { status: 403 }));
    const agent = sunshineAgent();
    await expect(agent.conversation('conv-helpers-3').escalate({ reason: 'x' })).rejects.toMatchObject({
      code: 'E_NOT_OWNER',
      details: { owner: 'human', status: 403 },
    });
    expect(
      await agent
        .conversation('conv-helpers-3')
        .reply('hi')
        .catch((e: { code: string }) => e.code),
    ).toBe('E_NOT_OWNER');
  });

  it('API errors → E_PLATFORM_API with Sunshine’s errors[].code and title, and no secret anywhere', async () => {
    api.answer(() => HttpResponse.json({ errors: [{ code: 'bad_request', title: "should have required property 'text'" }] }, { status: 400 }));
    const error = (await sunshineAgent()
      .conversation(C)
      .reply('x')
      .catch((e: unknown) => e)) as Error & { code: string; status: number; details: Record<string, unknown> };
    expect(error).toMatchObject({ code: 'E_PLATFORM_API', status: 400, details: { code: 'bad_request' } });
    expect(error.message).toContain("should have required property 'text' (bad_request)");
    const text = JSON.stringify({ message: error.message, details: error.details });
    for (const secret of [KEY_SECRET, WEBHOOK_SECRET, BASIC.slice(6)]) expect(text).not.toContain(secret);
  });

  it('a subdomain calls https://{subdomain}.zendesk.com/sc', async () => {
    const seen: string[] = [];
    api.server.use(
      http.post('https://acme.zendesk.com/sc/*', ({ request }) => {
        seen.push(new URL(request.url).pathname);
        return HttpResponse.json({});
      }),
    );
    await sunshineAgent({ apiUrl: undefined, subdomain: 'acme' }).conversation(C).typing(true);
    expect(seen).toEqual([`${conversationPath(C)}/activity`]);
  });

  it('a JWT signer authenticates with Bearer instead of Basic', async () => {
    const agent = sunshineAgent({ keyId: undefined, keySecret: undefined, jwt: () => 'header.payload.signature' });
    await agent.conversation(C).typing(true);
    expect(api.calls[0]!.authorization).toBe('Bearer header.payload.signature');
  });

  it('a passControl away from the bot seen before escalating starts a new issue on the next stint', async () => {
    const agent = sunshineAgent();
    agent.on('message_created', async (ctx) => {
      if (/human/.test(ctx.message.text ?? '')) await ctx.escalate({});
    });
    const C4 = 'conv-helpers-4';
    await deliver(
      agent,
      userMessage(C4, 'first issue', { id: 'm-old' }),
      switchboard('passControl', C4, AGENT_WORKSPACE),
      switchboard('passControl', C4, { id: adapterOptions().integrationId }),
    );
    await deliver(agent, userMessage(C4, 'second issue', { id: 'm-new' }), userMessage(C4, 'human'));
    expect(api.calls.map((c) => c.body)).toEqual([{ switchboardIntegration: 'zd:agentWorkspace', metadata: { first_message_id: 'm-new' } }]);
  });
});
