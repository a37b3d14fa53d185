import { describe, expect, it } from 'vitest';
import { MemoryStore, isHandoffkitError, type HandoffInfo } from '../../../src/index.js';
import { MESSENGER_DEDUPE_TTL_MS } from '../../../src/adapters/messenger/index.js';
import passSample from '../../fixtures/messenger/pass_thread_control.messaging-item.json' with { type: 'json' };
import { APP_ID, INBOX_APP_ID, PAGE_ID, deliveryOf, fakeGraph, messengerAgent, passItem, signedDelivery, textItem } from './support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

// What the agent does with Meta's deliveries over time (Meta signs no timestamp), with deliveries Meta does not
// mean for this adapter, and with handover events on an agent that has no record of the thread.

const { graph, handlers } = fakeGraph();
serveStandIn(handlers, graph);

const HOUR = 60 * 60 * 1000;
const NOW = Date.parse('2026-06-01T12:00:00.000Z');

/** An agent and its store at a clock the test moves, logging handled texts and reported errors. */
function clockedAgent() {
  const clock = { now: NOW };
  const store = new MemoryStore({ now: () => clock.now });
  const agent = messengerAgent({}, { now: () => clock.now, store });
  const texts: string[] = [];
  const errors: string[] = [];
  agent.on('message_created', (ctx) => void texts.push(ctx.message.text ?? ''));
  agent.onError((error) => void errors.push(`${isHandoffkitError(error) ? error.code : 'Error'}: ${error.message}`));
  return { agent, clock, texts, errors };
}

describe('messenger: replays outside the dedupe window', () => {
  it('defaults the dedupe window to 48 h, covering the 36 h Meta keeps retrying', () => {
    expect(MESSENGER_DEDUPE_TTL_MS).toBe(48 * HOUR);
    expect(messengerAgent().adapter.dedupeTtlMs).toBe(48 * HOUR);
  });

  it('accepts a genuine retry 36 h late exactly once, and refuses a replay after the window with 200, reporting it', async () => {
    const { agent, clock, texts, errors } = clockedAgent();
    const delivery = signedDelivery(deliveryOf([textItem('P1', 'late but real', { timestamp: NOW - 60_000 })]));
    expect((await agent.receive(delivery)).status).toBe(200);
    // Meta's retry 36 h later: the same item, seen already (its key lives 48 h).
    clock.now = NOW + 36 * HOUR;
    expect((await agent.receive(delivery)).status).toBe(200);
    expect(texts).toEqual(['late but real']);
    // A captured copy replayed after the window: its own timestamp is too old, it does not run again.
    clock.now = NOW + 49 * HOUR;
    const replay = await agent.receive(delivery);
    expect(replay.status).toBe(200);
    expect(texts).toEqual(['late but real']);
    expect(errors).toEqual([
      expect.stringMatching(
        /^E_PAYLOAD: Refused event message:m_test_\d+ of conversation P1: it happened at .*more than the dedupe window .*a retry cannot help/,
      ),
    ]);
  });

  it('runs a first delivery that arrives 36 h after its item (a genuine late retry), once', async () => {
    const { agent, texts, errors } = clockedAgent();
    const delivery = signedDelivery(deliveryOf([textItem('P2', 'first attempt failed upstream', { timestamp: NOW - 36 * HOUR })]));
    expect((await agent.receive(delivery)).status).toBe(200);
    expect((await agent.receive(delivery)).status).toBe(200);
    expect(texts).toEqual(['first attempt failed upstream']);
    expect(errors).toEqual([]);
  });

  it('refuses only the stale items of a batch and handles the others', async () => {
    const { agent, texts, errors } = clockedAgent();
    const body = deliveryOf([textItem('P3', 'stale', { timestamp: NOW - 49 * HOUR }), textItem('P4', 'fresh', { timestamp: NOW - 1_000 })]);
    expect((await agent.receive(signedDelivery(body))).status).toBe(200);
    expect(texts).toEqual(['fresh']);
    expect(errors).toHaveLength(1);
  });

  it('follows a dedupeTtlMs given to the agent', async () => {
    const clock = { now: NOW };
    const store = new MemoryStore({ now: () => clock.now });
    const agent = messengerAgent({}, { now: () => clock.now, store, dedupeTtlMs: HOUR });
    const texts: string[] = [];
    agent.on('message_created', (ctx) => void texts.push(ctx.message.text ?? ''));
    agent.onError(() => undefined);
    await agent.receive(signedDelivery(deliveryOf([textItem('P5', 'two hours old', { timestamp: NOW - 2 * HOUR })])));
    await agent.receive(signedDelivery(deliveryOf([textItem('P5', 'a minute old', { timestamp: NOW - 60_000 })])));
    expect(texts).toEqual(['a minute old']);
  });

  it('keeps the key of an item stamped in the future until the window has passed from its own time', async () => {
    const { agent, clock, texts } = clockedAgent();
    const delivery = signedDelivery(deliveryOf([textItem('P6', 'from a clock ahead', { timestamp: NOW + 2 * HOUR })]));
    await agent.receive(delivery);
    // 49 h later the item is 47 h old: within the window, so its key must still be there.
    clock.now = NOW + 49 * HOUR;
    await agent.receive(delivery);
    expect(texts).toEqual(['from a clock ahead']);
  });
});

describe('messenger: deliveries for another product of the app', () => {
  it('answers an Instagram delivery 200 and reports it through onError, running no handler', async () => {
    const { agent, texts, errors } = clockedAgent();
    const body = {
      object: 'instagram',
      entry: [
        {
          id: '17841400000000000',
          time: NOW,
          messaging: [{ sender: { id: '5327' }, recipient: { id: '1784' }, timestamp: NOW, message: { mid: 'aWdfZ', text: 'hi' } }],
        },
      ],
    };
    const answer = await agent.receive(signedDelivery(body));
    expect(answer.status).toBe(200);
    expect(texts).toEqual([]);
    expect(errors).toEqual([expect.stringMatching(/^E_PAYLOAD: Messenger delivery: field "object" must be "page", got "instagram"/)]);
    expect(graph.calls).toEqual([]);
  });
});

describe('messenger: pass_thread_control to this app on an agent with no record of the thread', () => {
  it.each([
    [
      "Meta's reference sample (no previous owner named)",
      { ...passSample, pass_thread_control: { new_owner_app_id: APP_ID, metadata: 'Additional content that the caller wants to set' } },
    ],
    ['an idle thread (previous owner null)', passItem('T2', APP_ID, null)],
    ['the Page Inbox as previous owner', passItem('T3', APP_ID, INBOX_APP_ID)],
  ])('emits handed_back from human, not inferred: %s', async (_title, item) => {
    const agent = messengerAgent();
    const backs: HandoffInfo[] = [];
    const others: string[] = [];
    agent.on('handed_back', (ctx) => void backs.push(ctx.handoff));
    agent.onAny((ctx) => void others.push(ctx.name));
    const body = deliveryOf([{ ...item, sender: { id: 'T1' }, recipient: { id: PAGE_ID }, timestamp: Date.now() }]);
    expect((await agent.receive(signedDelivery(body))).status).toBe(200);
    const { metadata } = item.pass_thread_control as { metadata?: string };
    expect(backs).toEqual([{ from: 'human', to: 'bot', initiator: 'platform', inferred: false, ...(metadata ? { reason: metadata } : {}) }]);
    expect(others).toEqual(['handed_back']);
    expect(await agent.conversation('T1').owner()).toBe('bot');
  });
});

describe('messenger: records from platform data', () => {
  it('gives contacts attributes without a prototype, and keys named like prototype keys change nothing', async () => {
    const agent = messengerAgent();
    const seen: { role: string; attributes: Record<string, unknown> }[] = [];
    agent.on('message_created', (ctx) => void seen.push({ role: ctx.message.sender.role, attributes: ctx.contact.attributes }));
    // As JSON text, `__proto__` is an ordinary key of Meta's object: it must not make the message an echo.
    const item = JSON.stringify(textItem('R1', 'plain')).replace('"message":{', '"message":{"__proto__":{"is_echo":true,"app_id":1},"constructor":{"x":1},');
    const body = `{"object":"page","entry":[{"id":"${PAGE_ID}","time":${Date.now()},"messaging":[${item}]}]}`;
    expect((await agent.receive(signedDelivery(body))).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.role).toBe('contact');
    expect(Object.getPrototypeOf(seen[0]!.attributes)).toBeNull();
    expect(Object.keys(seen[0]!.attributes)).toEqual([]);
  });
});
