// The playground's HTTP surface without a browser: the static page, the state, several conversations, acts of the
// contact and the agent, a failing handler shown in the timeline, and live updates over server-sent events.
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualAgent, silentLogger } from '../../src/index.js';
import { chatwoot } from '../../src/adapters/chatwoot/index.js';
import { livechat } from '../../src/adapters/livechat/index.js';
import { keepEmulationOptions, startPlayground, type Playground } from '../../src/testing/index.js';

function bot(): VirtualAgent {
  const agent = new VirtualAgent({
    adapter: livechat({
      botId: '5c9871d5372c824cbf22d860a707a578',
      clientId: '238ac5c3c3628210aca289c6d700d2c1',
      botSecret: 'lc-bot-secret-1',
      organizationId: '1a8a9ec7-bd5d-4400-9204-3826740981e0',
      webhookSecret: 'lc-webhook-secret-1',
      retries: 0,
    }),
    logger: silentLogger,
  });
  agent.on('message_created', async (ctx) => {
    if (ctx.message.text === 'break') throw new Error('the handler broke');
    await ctx.reply(`You said: ${ctx.message.text}`);
  });
  return agent;
}

interface State {
  platform: string;
  conversations: { id: string; owner: string; labels: string[]; timeline: { who: string; what: string; text?: string; owner: string; status?: number }[] }[];
}

let playground: Playground | undefined;
afterEach(async () => {
  await playground?.close();
  playground = undefined;
});

async function act(url: string, id: string, verb: string, body: unknown = {}): Promise<State> {
  const response = await fetch(`${url}api/conversations/${id}/${verb}`, { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as State;
}

describe('the playground server', () => {
  it('serves the page, plays both sides, lists conversations, and shows a failed handler in the timeline', async () => {
    playground = await startPlayground(bot());
    const { url } = playground;
    const page = await fetch(url);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('id="take-over"');
    expect((await fetch(`${url}app.js`)).headers.get('content-type')).toMatch(/javascript/);

    const events = await fetch(`${url}events`);
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const initial = JSON.parse(first.replace(/^data: /, '')) as State;
    expect(initial.platform).toBe('livechat');
    const id = initial.conversations[0]?.id as string;

    let state = await act(url, id, 'contact', { text: 'hello' });
    expect(state.conversations[0]?.timeline.map((e) => `${e.who}:${e.what}:${e.text ?? ''}`)).toEqual(['contact:message:hello', 'bot:reply:You said: hello']);
    let pushed = '';
    const collecting = (async () => {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) pushed += new TextDecoder().decode(chunk.value);
    })().catch(() => undefined);

    state = await act(url, id, 'takeover');
    expect(state.conversations[0]?.owner).toBe('human');
    state = await act(url, id, 'agent', { text: 'an agent here' });
    state = await act(url, id, 'handback');
    expect(state.conversations[0]?.owner).toBe('bot');
    state = await act(url, id, 'contact', { text: 'break' });
    const last = state.conversations[0]?.timeline.filter((e) => e.what === 'error');
    expect(last?.map((e) => e.text)).toEqual(['the handler broke']);
    // The agent's fail-safe escalated the conversation: its own marker, after the escalate call.
    const whats = state.conversations[0]?.timeline.map((e) => `${e.who}:${e.what}`) ?? [];
    expect(whats.slice(whats.indexOf('bot:error'))).toEqual(['bot:error', 'bot:note', 'bot:escalate', 'bot:failSafe', 'platform:followUp']);
    expect(state.conversations[0]?.owner).toBe('human');

    // The human's private note and labels: LiveChat delivers both (an agents-only event, thread_tagged).
    state = await act(url, id, 'note', { text: 'handle with care' });
    state = await act(url, id, 'labels', { add: ['vip', ' '], remove: [] });
    expect(state.conversations[0]?.labels).toEqual(['vip']);
    expect(state.conversations[0]?.timeline.slice(-2).map((e) => `${e.who}:${e.what}:${e.text}:${e.status}`)).toEqual([
      'agent:note:handle with care:200',
      'agent:labels:+vip:200',
    ]);
    state = await act(url, id, 'labels', { remove: 'vip' });
    expect(state.conversations[0]?.labels).toEqual([]);

    const created = await fetch(`${url}api/conversations`, { method: 'POST' });
    expect(created.status).toBe(201);
    const { id: second } = (await created.json()) as { id: string };
    const listed = (await (await fetch(`${url}api/state`)).json()) as State;
    expect(listed.conversations.map((c) => c.id)).toEqual([second, id]);
    expect((await fetch(`${url}api/conversations/nope/contact`, { method: 'POST', body: '{}' })).status).toBe(400);
    // Every change went out over the event stream too.
    expect(pushed).toContain('You said: hello');
    expect(pushed).toContain('the handler broke');
    await reader.cancel();
    await collecting;
  }, 60_000);
});

describe('the playground --platform', () => {
  const options = { baseUrl: 'https://chat.example.test', accountId: 1, botToken: 'playground-token', secret: 'playground-secret', retries: 0 } as const;

  it('emulates a generic adapter (a wrapped one that kept its options) as the platform named', async () => {
    // A wrapper with its own name: the playground cannot tell its platform, --platform does.
    const wrapped = keepEmulationOptions({ ...chatwoot(options), name: 'acme-chat' }, options);
    const agent = new VirtualAgent({ adapter: wrapped, logger: silentLogger });
    agent.on('message_created', (ctx) => ctx.reply(`echo ${ctx.message.text}`));
    await expect(startPlayground(agent)).rejects.toThrow(/No emulator is known for the adapter "acme-chat": pass --platform <chatwoot \| messenger/);
    playground = await startPlayground(agent, { platform: 'chatwoot' });
    const state = (await (await fetch(`${playground.url}api/state`)).json()) as State;
    expect(state.platform).toBe('chatwoot');
    const after = await act(playground.url, state.conversations[0]?.id as string, 'contact', { text: 'hi' });
    expect(after.conversations[0]?.timeline.map((e) => `${e.who}:${e.what}:${e.text}`)).toEqual(['contact:message:hi', 'bot:reply:echo hi']);
  });

  it('refuses a platform that is not the adapter own, or unknown, in one sentence', async () => {
    const agent = new VirtualAgent({ adapter: chatwoot(options), logger: silentLogger });
    await expect(startPlayground(agent, { platform: 'messenger' })).rejects.toThrow(/the agent's adapter is chatwoot.*--platform chatwoot\.$/);
    await expect(startPlayground(agent, { platform: 'telegram' })).rejects.toThrow(/no such emulator; pick one of chatwoot, messenger/);
  });
});
