import { describe, expect, it } from 'vitest';
import { conversationMemory, normalizeSunshine, type SunshineBatch } from '../../../src/adapters/sunshine/index.js';
import { AGENT_WORKSPACE, BOT, BOT_INTEGRATION, businessMessage, envelope, event, samples, switchboard, userMessage, conversation } from './support.js';

function normalize(body: unknown, channels?: string[]): SunshineBatch {
  return normalizeSunshine(body, { integrationId: BOT, memory: conversationMemory(), ...(channels ? { channels: new Set(channels) } : {}) });
}

// What each documented sample becomes: name, conversation, owner, and (for errors) Sunshine's code.
const EXPECTED: Record<string, { name: string; conversationId: string; owner?: string; error?: string; contact?: string }> = {
  'client_add.json': { name: 'platform_event', conversationId: 'c2c8710dedf8f26ee6e9a68f', contact: '6a2343df57be6fe0f98efc33' },
  'client_remove.json': { name: 'contact_event', conversationId: '', contact: '6a2343df57be6fe0f98efc33' },
  'client_update.json': { name: 'platform_event', conversationId: 'c2c8710dedf8f26ee6e9a68f', contact: '6a2343df57be6fe0f98efc33' },
  'conversation_create.json': { name: 'conversation_started', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'bot', contact: '26508c10541a4b0ff472e5e2' },
  'conversation_join.json': { name: 'platform_event', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'bot', contact: '26508c10541a4b0ff472e5e2' },
  'conversation_leave.json': { name: 'platform_event', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'bot', contact: '26508c10541a4b0ff472e5e2' },
  'conversation_message.json': { name: 'message_created', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'bot', contact: '26508c10541a4b0ff472e5e2' },
  'conversation_message_delivery_channel.json': {
    name: 'platform_event',
    conversationId: 'f52b01137aa6c250bc7251fa',
    owner: 'bot',
    contact: '26508c10541a4b0ff472e5e2',
  },
  'conversation_message_delivery_failure.json': {
    name: 'platform_event',
    conversationId: 'f52b01137aa6c250bc7251fa',
    owner: 'bot',
    contact: '26508c10541a4b0ff472e5e2',
  },
  'conversation_message_delivery_user.json': {
    name: 'platform_event',
    conversationId: 'f52b01137aa6c250bc7251fa',
    owner: 'bot',
    contact: '26508c10541a4b0ff472e5e2',
  },
  'conversation_postback.json': { name: 'message_created', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'bot', contact: '26508c10541a4b0ff472e5e2' },
  'conversation_read.json': { name: 'platform_event', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'bot', contact: 'b5a0f8de1fd4198a96faa0af' },
  'conversation_referral.json': { name: 'widget_triggered', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'bot', contact: '26508c10541a4b0ff472e5e2' },
  'conversation_remove.json': { name: 'platform_event', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'bot' },
  'conversation_typing.json': { name: 'platform_event', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'bot', contact: '7283cdd6f586679a5fc43cfb' },
  'switchboard_acceptControl.json': { name: 'handed_back', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'bot' },
  'switchboard_acceptControl_failure.json': {
    name: 'platform_event',
    conversationId: 'f52b01137aa6c250bc7251fa',
    owner: 'bot',
    error: 'switchboard_invalid_action',
  },
  // Offered by the bot (the active integration) to another: for observers.
  'switchboard_offerControl.json': { name: 'platform_event', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'bot' },
  'switchboard_offerControl_failure.json': {
    name: 'platform_event',
    conversationId: 'f52b01137aa6c250bc7251fa',
    owner: 'bot',
    error: 'switchboard_invalid_target',
  },
  'switchboard_passControl.json': { name: 'handed_back', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'bot' },
  'switchboard_passControl_failure.json': {
    name: 'platform_event',
    conversationId: 'f52b01137aa6c250bc7251fa',
    owner: 'bot',
    error: 'switchboard_invalid_target',
  },
  'switchboard_releaseControl.json': { name: 'conversation_resolved', conversationId: 'f52b01137aa6c250bc7251fa', owner: 'none' },
  'user_merge.json': { name: 'contact_event', conversationId: '' },
  'user_remove.json': { name: 'contact_event', conversationId: '', contact: '6748e3ae32378e732938e031' },
  'user_update.json': { name: 'contact_event', conversationId: '', contact: '26508c10541a4b0ff472e5e2' },
};

describe('normalizeSunshine over every documented sample', () => {
  const all = samples();
  it('covers every sample file', () => {
    expect(all.map((s) => s.file).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(all.map((s) => [s.file, s.body] as const))('%s', (file, body) => {
    const expected = EXPECTED[file]!;
    const batch = normalize(body);
    expect(batch.events).toHaveLength(1);
    const [normalized] = batch.events;
    const raw = body.events[0]!;
    expect(normalized).toMatchObject({
      name: expected.name,
      type: raw.type,
      conversationId: expected.conversationId,
      idempotencyKey: `${String(raw.type)}:${String(raw.id)}`,
    });
    expect(normalized!.raw).toEqual(raw);
    expect(normalized!.occurredAt).toBe(raw.createdAt === undefined ? undefined : Date.parse(String(raw.createdAt)));
    expect(normalized!.ownership?.owner).toBe(expected.owner);
    expect(normalized!.contact?.id).toBe(expected.contact);
    if (expected.error === undefined) expect(batch.errors).toEqual([]);
    else expect(batch.errors.map((e) => [e.code, e.details?.code])).toEqual([['E_PLATFORM_API', expected.error]]);
  });

  it('reads the contact message of the sample: text, author, time', () => {
    const body = all.find((s) => s.file === 'conversation_message.json')!.body;
    const message = normalize(body).events[0]!.message!;
    expect(message).toMatchObject({ id: '5f74c7d84a146f3abd72af1d', text: 'hello', attachments: [], contentType: 'text', private: false });
    expect(message.sender).toEqual({ role: 'contact', id: '26508c10541a4b0ff472e5e2', name: 'Steve Rogers' });
    expect(message.createdAt?.toISOString()).toBe('2020-09-30T18:00:56.820Z');
  });

  it('reads a postback as a message with its payload', () => {
    const body = all.find((s) => s.file === 'conversation_postback.json')!.body;
    expect(normalize(body).events[0]!.message).toMatchObject({ postback: { payload: 'Greet' }, sender: { role: 'contact', id: '26508c10541a4b0ff472e5e2' } });
  });

  it('reads the conversation metadata as its attributes (conversation:create)', () => {
    const body = all.find((s) => s.file === 'conversation_create.json')!.body;
    expect({ ...normalize(body).events[0]!.conversation?.attributes }).toEqual({ lang: 'en-ca' });
  });
});

describe('normalizeSunshine: messages', () => {
  it('images and files become attachments; a quoted message the replyTo; a reply action its quickReply', () => {
    const image = userMessage('c1', '', {
      content: { type: 'image', mediaUrl: 'https://media.example/cat.jpg', mediaType: 'image/jpeg', mediaSize: 1200, altText: 'a cat' },
    });
    const file = userMessage('c1', '', { content: { type: 'file', text: 'the invoice', mediaUrl: 'https://media.example/inv.pdf' } });
    const quick = userMessage('c1', 'Yes', { content: { type: 'text', text: 'Yes', payload: 'CONFIRM' } });
    (quick.payload as { message: Record<string, unknown> }).message.quotedMessage = { type: 'message', message: { id: 'quoted-1' } };
    const [a, b, c] = normalize(envelope(image, file, quick)).events.map((e) => e.message!);
    expect(a!.attachments).toEqual([{ type: 'image', url: 'https://media.example/cat.jpg', name: 'a cat', size: 1200 }]);
    expect(b).toMatchObject({ text: 'the invoice', attachments: [{ type: 'file', url: 'https://media.example/inv.pdf' }] });
    expect(c).toMatchObject({ quickReply: { value: 'CONFIRM', payload: 'CONFIRM' }, replyTo: 'quoted-1' });
  });

  it('a formResponse becomes submitted values', () => {
    const form = userMessage('c1', '', {
      content: {
        type: 'formResponse',
        textFallback: 'Name: Ada\nPlan: Pro',
        fields: [
          { type: 'text', name: 'full_name', label: 'Name', text: 'Ada' },
          { type: 'email', name: 'email', label: 'E-mail', email: 'ada@example.com' },
          { type: 'select', name: 'plan', label: 'Plan', select: [{ name: 'pro', label: 'Pro' }] },
        ],
      },
    });
    const message = normalize(envelope(form)).events[0]!.message!;
    expect(message.text).toBe('Name: Ada\nPlan: Pro');
    expect(message.submitted).toEqual([
      { name: 'full_name', value: 'Ada' },
      { name: 'email', value: 'ada@example.com' },
      { name: 'plan', title: 'Pro', value: 'pro' },
    ]);
  });

  it('business messages are never the contact’s: the bot’s own while it owns, else an agent’s', () => {
    const own = businessMessage('c1', 'Hello from the bot');
    const agent = businessMessage('c1', 'Hello from Ana', AGENT_WORKSPACE, 'zd:agentWorkspace');
    const [a, b] = normalize(envelope(own, agent)).events;
    expect(a!.message!.sender.role).toBe('bot');
    expect(b!.message!.sender.role).toBe('agent');
    expect(b!.ownership?.owner).toBe('human');
    expect(a!.contact).toBeUndefined();
  });

  it('the contact’s locale is read from the profile (or the client’s browser language) in BCP 47', () => {
    const [fromProfile] = normalize(envelope(userMessage('c1', 'Bonjour', { locale: 'fr_ca' }))).events;
    expect(fromProfile!.contact).toMatchObject({ id: 'user-c1', name: 'Steve Rogers', locale: 'fr-CA', attributes: { externalId: '912382197' } });
    const client = event('client:update', {
      conversation: conversation('c2'),
      user: { id: 'u2' },
      client: { id: 'cl', type: 'web', info: { browserLanguage: 'pt-br' } },
    });
    expect(normalize(envelope(client)).events[0]!.contact?.locale).toBe('pt-BR');
  });
});

describe('normalizeSunshine: switchboard', () => {
  it('passControl away from the bot is handed_off; offerControl to the bot is handoff_requested; releaseControl keeps its reason', () => {
    const away = switchboard('passControl', 'c1', AGENT_WORKSPACE, { metadata: { reason: 'billing' } });
    const offer = switchboard('offerControl', 'c1', AGENT_WORKSPACE, { pending: BOT_INTEGRATION });
    const release = switchboard('releaseControl', 'c1', null, { reason: 'ticketClosed' });
    const [a, b, c] = normalize(envelope(away, offer, release)).events;
    expect(a).toMatchObject({ name: 'handed_off', ownership: { owner: 'human' }, handoff: { reason: 'billing' } });
    expect(b).toMatchObject({ name: 'handoff_requested', ownership: { owner: 'human' }, handoff: { to: 'bot', requestedBy: 'zd-agentWorkspace' } });
    expect(c).toMatchObject({ name: 'conversation_resolved', ownership: { owner: 'none' }, handoff: { reason: 'ticketClosed' } });
  });

  it('a failure twin reports Sunshine’s code and keeps the active integration as owner', () => {
    const failed = switchboard('passControl:failure', 'c1', BOT_INTEGRATION, {
      error: { code: 'switchboard_invalid_target', message: 'Switchboard invalid target' },
    });
    const batch = normalize(envelope(failed));
    expect(batch.events[0]).toMatchObject({ name: 'platform_event', ownership: { owner: 'bot' } });
    expect(batch.errors[0]!.message).toContain('switchboard_invalid_target');
    expect(batch.errors[0]!.details).toMatchObject({ code: 'switchboard_invalid_target', conversationId: 'c1', event: 'switchboard:passControl:failure' });
  });
});

describe('normalizeSunshine: envelopes', () => {
  it('handles every event of a multi-event envelope, in order, each in its own conversation', () => {
    const batch = normalize(
      envelope(userMessage('c1', 'one'), userMessage('c2', 'two'), switchboard('passControl', 'c3', AGENT_WORKSPACE), userMessage('c1', 'three')),
    );
    expect(batch.events.map((e) => [e.conversationId, e.name, e.message?.text])).toEqual([
      ['c1', 'message_created', 'one'],
      ['c2', 'message_created', 'two'],
      ['c3', 'handed_off', undefined],
      ['c1', 'message_created', 'three'],
    ]);
    expect(batch.errors).toEqual([]);
  });

  it('a malformed event among valid ones is an error naming its field; the others are kept', () => {
    const bad = userMessage('c2', 'bad');
    (bad.payload as { conversation: Record<string, unknown> }).conversation.id = 42;
    const batch = normalize(envelope(userMessage('c1', 'one'), bad, 'not an event' as unknown as Record<string, unknown>, userMessage('c3', 'three')));
    expect(batch.events.map((e) => e.conversationId)).toEqual(['c1', 'c3']);
    expect(batch.errors.map((e) => [e.code, (e as { field?: string }).field])).toEqual([
      ['E_PAYLOAD', 'events.1.payload.conversation.id'],
      ['E_PAYLOAD', 'events.2'],
    ]);
    expect(batch.errors[0]!.message).toContain('field "events.1.payload.conversation.id"');
  });

  it('an envelope without events is refused, naming the field', () => {
    expect(() => normalize({ app: { id: 'a' }, webhook: { id: 'w', version: 'v2' } })).toThrow(expect.objectContaining({ code: 'E_PAYLOAD', field: 'events' }));
  });

  it('unknown event types are for onAny: platform_event on their conversation', () => {
    const batch = normalize(envelope(event('conversation:reaction', { conversation: conversation('c9') })));
    expect(batch.events[0]).toMatchObject({ name: 'platform_event', type: 'conversation:reaction', conversationId: 'c9' });
  });

  it('events of channels the agent does not serve are onAny-only and change nothing; a channel-less event follows its conversation', () => {
    const batch = normalize(
      envelope(userMessage('wa', 'hola', { channel: 'whatsapp' }), switchboard('passControl', 'wa', AGENT_WORKSPACE), userMessage('w', 'hi')),
      ['web'],
    );
    expect(batch.events.map((e) => [e.name, e.ownership?.owner])).toEqual([
      ['platform_event', undefined],
      ['platform_event', undefined],
      ['message_created', 'bot'],
    ]);
  });
});
