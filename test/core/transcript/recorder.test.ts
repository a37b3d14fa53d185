import { describe, expect, it } from 'vitest';
import { entryText } from '../../../src/core/transcript/entries.js';
import { MessageEntry } from '../../../src/core/transcript/message-entry.js';
import { itemBytes } from '../../../src/store/capped-list.js';
import { SYNC_STORE, type SyncStore } from '../../../src/store/types.js';
import { HandoffkitError, MemoryStore, type Store, TRANSCRIPT_DEFAULTS, type TranscriptEntry, VirtualAgent, silentLogger } from '../../../src/index.js';
import { contactMessage, deliveryOf, recordingAdapter } from '../../helpers/recording-adapter.js';

/** A store with only the required methods (no appendCapped, no synchronous path): the compare-and-set fallback. */
function plainStore(inner = new MemoryStore()): Store & { casCalls: number } {
  const store = {
    casCalls: 0,
    get: <T>(key: string) => inner.get<T>(key),
    set: <T>(key: string, value: T, ttlMs?: number) => inner.set(key, value, ttlMs),
    delete: (key: string) => inner.delete(key),
    setIfAbsent: <T>(key: string, value: T, ttlMs: number) => inner.setIfAbsent(key, value, ttlMs),
    compareAndSet: <T>(key: string, expected: T | undefined, next: T, ttlMs?: number) => {
      store.casCalls += 1;
      return inner.compareAndSet(key, expected, next, ttlMs);
    },
  };
  return store;
}

describe('the transcript recorder', () => {
  it('appends with compare-and-set on a store without appendCapped, in order, including bot replies and markers', async () => {
    const store = plainStore();
    const agent = new VirtualAgent({ adapter: recordingAdapter(), store, logger: silentLogger, transcript: { maxEntries: 5 } });
    agent.on('message_created', async (ctx) => {
      if (ctx.message.text === 'human') return ctx.escalate({ reason: 'asked' });
      await ctx.reply(`echo ${ctx.message.text}`);
      // A read inside the handler sees the message being handled and the reply just sent.
      const seen = await ctx.transcript({ limit: 2 });
      expect(seen.map((e) => (e.kind === 'message' ? e.text : e.kind))).toEqual([ctx.message.text, `echo ${ctx.message.text}`]);
    });
    for (const text of ['a', 'b', 'c', 'human']) expect((await agent.receive(deliveryOf(contactMessage('c9', text)))).status).toBe(200);
    const entries = await agent.conversation('c9').transcript();
    expect(entries.map((e) => (e.kind === 'message' ? `${e.role}:${e.text}` : `${e.from}->${e.to}`))).toEqual([
      'bot:echo b',
      'contact:c',
      'bot:echo c',
      'contact:human',
      'none->human',
    ]);
    expect(store.casCalls).toBeGreaterThanOrEqual(8);
  });

  it('records the bot message sent outside a webhook (agent.conversation(id).reply) and keeps it once when its echo arrives', async () => {
    const store = new MemoryStore();
    const adapter = recordingAdapter();
    const agent = new VirtualAgent({ adapter, store, logger: silentLogger, transcript: true });
    await agent.conversation('c2').reply('proactive');
    const echo = contactMessage('c2', 'proactive');
    (echo.message as { id: string; sender: { role: string } }).id = 'm1';
    (echo.message as { sender: { role: string } }).sender.role = 'bot';
    await agent.receive(deliveryOf(echo));
    const entries = await agent.conversation('c2').transcript();
    expect(entries).toEqual([{ id: 'm1', kind: 'message', role: 'bot', text: 'proactive', at: expect.any(Number) }]);
  });

  it('cuts long texts with a marker and summarizes attachments', async () => {
    const agent = new VirtualAgent({ adapter: recordingAdapter(), logger: silentLogger, transcript: { maxTextLength: 20 } });
    const event = contactMessage('c3', 'x'.repeat(100));
    (event.message as { attachments: unknown[] }).attachments = [
      { type: 'image', url: 'https://files.test/a.png', name: 'a.png' },
      { type: 'location', lat: 1, long: 2 },
    ];
    await agent.receive(deliveryOf(event));
    const [entry] = await agent.conversation('c3').transcript();
    expect(entry).toMatchObject({
      kind: 'message',
      role: 'contact',
      text: `${'x'.repeat(19)}…`,
      attachments: [{ type: 'image', name: 'a.png' }, { type: 'location' }],
    });
  });

  it.each([{ transcript: false }, {}])('with %o keeps nothing and ctx.transcript() rejects with E_UNSUPPORTED naming the option', async (option) => {
    const store = new MemoryStore();
    const agent = new VirtualAgent({ adapter: recordingAdapter(), store, logger: silentLogger, ...option });
    await agent.receive(deliveryOf(contactMessage('c4', 'hi')));
    expect(store.size).toBe(1);
    expect(await store.get('{hk:recording:c4}:transcript')).toBeUndefined();
    await expect(agent.conversation('c4').transcript()).rejects.toMatchObject({ code: 'E_UNSUPPORTED', message: expect.stringContaining('transcript: true') });
  });

  it('with transcript: true keeps the default bounds', async () => {
    const agent = new VirtualAgent({ adapter: recordingAdapter(), logger: silentLogger, transcript: true });
    for (let i = 0; i < 60; i++) await agent.receive(deliveryOf(contactMessage('c6', `m${i}`)));
    expect(await agent.conversation('c6').transcript()).toHaveLength(TRANSCRIPT_DEFAULTS.maxEntries);
  });

  it('refuses bad bounds at construction with E_CONFIG naming the option', () => {
    for (const [transcript, option] of [
      [{ maxEntries: 0 }, 'transcript.maxEntries'],
      [{ maxBytes: 10 }, 'transcript.maxBytes'],
      [{ ttlMs: -1 }, 'transcript.ttlMs'],
      ['yes', 'transcript'],
    ] as const) {
      const make = () => new VirtualAgent({ adapter: recordingAdapter(), logger: silentLogger, transcript: transcript as never });
      expect(make).toThrow(HandoffkitError);
      try {
        make();
      } catch (error) {
        expect((error as HandoffkitError).code).toBe('E_CONFIG');
        expect((error as HandoffkitError).details?.option).toBe(option);
      }
    }
  });

  it('a failing store append is reported and the event is still handled', async () => {
    const inner = new MemoryStore();
    const store = plainStore(inner);
    store.compareAndSet = async (key) => {
      if (key.includes('transcript')) throw new Error('disk full');
      return true;
    };
    const warnings: string[] = [];
    const agent = new VirtualAgent({
      adapter: recordingAdapter(),
      store,
      logger: { warn: (m: string) => warnings.push(m), error: () => undefined },
      transcript: true,
    });
    const failures: string[] = [];
    agent.events.on('store_error', (e) => failures.push(e.operation));
    let handled = 0;
    agent.on('message_created', () => {
      handled += 1;
    });
    expect((await agent.receive(deliveryOf(contactMessage('c5', 'hi')))).status).toBe(200);
    expect(handled).toBe(1);
    expect(failures).toEqual(['transcript']);
    expect(warnings.join('\n')).toContain('disk full');
  });
});

describe('entryText', () => {
  it.each([
    {
      id: 'm1',
      kind: 'message',
      role: 'contact',
      name: 'Zoë "Z"',
      text: 'line\nbreak \\ €',
      attachments: [{ type: 'image', name: 'a.png' }],
      private: true,
      at: 1,
    },
    { kind: 'message', role: 'bot', text: 'hi', at: 2 },
    { kind: 'message', role: 'agent', attachments: [{ type: 'file' }], at: 3 },
    { kind: 'handoff', from: 'bot', to: 'human', initiator: 'bot', reason: 'asked "now"', at: 4 },
    { kind: 'handoff', from: 'human', to: 'bot', initiator: 'platform', at: 5 },
  ] as TranscriptEntry[])('is JSON.stringify of the entry: %o', (entry) => {
    expect(entryText(entry)).toBe(JSON.stringify(entry));
  });
});

describe('MessageEntry (the entry an in-process store keeps unwritten)', () => {
  const texts = [
    'Where is my order? It says it is waiting at the depot.',
    'a "quoted" word',
    'back\\slash',
    'a/slash and ~tilde',
    'Zoë €',
    'emoji 😀 and a tab\t',
    '',
    ' ',
  ];
  const cases = texts.flatMap((text, i) => [
    { id: `m${i}`, role: 'contact' as const, name: 'Ada', text, attachments: undefined, private: false },
    { id: undefined, role: 'bot' as const, name: undefined, text, attachments: undefined, private: true },
    { id: `"q${i}"`, role: 'agent' as const, name: text, text: undefined, attachments: [{ type: 'image', name: text }], private: false },
    { id: `s${i}`, role: 'system' as const, name: undefined, text, attachments: undefined, private: false, at: i },
  ]);
  it.each(cases)('counts the bytes of its text in a stored list without writing it, and writes the same text as entryText: %o', (fields) => {
    const at = ('at' in fields ? fields.at : undefined) ?? 1_764_633_600_123;
    const entry = new MessageEntry(fields.id, fields.role, fields.name, fields.text, fields.attachments, fields.private, at);
    const object: Record<string, unknown> = { id: fields.id, kind: 'message', role: fields.role, name: fields.name, text: fields.text };
    if (fields.attachments !== undefined) object.attachments = fields.attachments;
    if (fields.private) object.private = true;
    object.at = at;
    const json = JSON.stringify(object);
    expect(entry.json()).toBe(json);
    expect(entryText(entry)).toBe(json);
    // The size as the store counts it, and as it is: the item's JSON string in UTF-8 and its comma.
    expect(entry.bytes).toBe(itemBytes(json));
    expect(entry.bytes).toBe(Buffer.byteLength(JSON.stringify(json)) + 1);
  });

  it('a MemoryStore keeps it as it is and gives its text when read; the bounds count its bytes', async () => {
    const store = new MemoryStore();
    const sync = (store as unknown as { [SYNC_STORE]: SyncStore })[SYNC_STORE];
    const entries = [1, 2, 3, 4].map((i) => new MessageEntry(`m${i}`, 'contact', undefined, `text number ${i} ${'x'.repeat(40)}`, undefined, false, i));
    // Room for two of them (each the same size), not three.
    const size = entries[0]?.bytes as number;
    const bounds = { maxItems: 10, maxBytes: 1 + 2 * size + 10, ttlMs: 60_000 };
    for (const entry of entries) sync.appendCapped('k', entry, bounds);
    const held = (await store.get<string[]>('k')) as string[];
    expect(held).toEqual([entries[2]?.json(), entries[3]?.json()]);
    expect(Buffer.byteLength(JSON.stringify(held))).toBeLessThanOrEqual(bounds.maxBytes);
    expect(Buffer.byteLength(JSON.stringify(held))).toBe(1 + 2 * size);
    // A bot entry with an id already held is not appended again.
    sync.appendCapped('k', new MessageEntry('m4', 'bot', undefined, 'again', undefined, false, 5), { ...bounds, uniqueId: 'm4' });
    expect(await store.get<string[]>('k')).toEqual(held);
  });
});
