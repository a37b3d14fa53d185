// The human agent's private notes and labels through the driver: what each platform delivers to the bot (Chatwoot:
// a private message_created from the agent, a conversation_updated with the changed label_list; LiveChat: an
// agents-only event, thread_tagged / thread_untagged), what it keeps to its humans (the playground's timeline says
// so), and the tag that moves a Qualtrics conversation in tag mode.
import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { VirtualAgent, silentLogger } from '../../src/index.js';
import { qualtrics } from '../../src/adapters/qualtrics/index.js';
import { testConversation } from '../../src/testing/index.js';
import { contractBot, PLATFORMS } from './platforms.js';

const platform = (name: string) => PLATFORMS.find((p) => p.name === name)?.adapter() as ReturnType<(typeof PLATFORMS)[number]['adapter']>;

describe('agentNotes and agentLabels', () => {
  it('on Chatwoot: the note reaches the bot as a private agent message it does not answer, the labels as conversation_updated', async () => {
    const agent = contractBot(platform('chatwoot'));
    const seen: { name: string; role?: string; private?: boolean; labels: readonly string[] }[] = [];
    agent.onAny((ctx) => {
      const message = (ctx as { message?: { sender: { role: string }; private: boolean } }).message;
      seen.push({ name: ctx.event.name, labels: ctx.conversation?.labels ?? [], ...(message ? { role: message.sender.role, private: message.private } : {}) });
    });
    const t = await testConversation(agent);
    try {
      await t.contactSays('hello');
      const answers = await t.agentNotes('VIP customer, be nice');
      expect(answers.map((a) => a.status)).toEqual([200]);
      const note = JSON.parse(t.timeline().at(-1)?.payload ?? '{}') as { event: string; private: boolean; message_type: string };
      expect(note).toMatchObject({ event: 'message_created', private: true, message_type: 'outgoing' });
      expect(seen.at(-1)).toMatchObject({ name: 'message_created', role: 'agent', private: true });
      // The bot's contact handler did not answer the note.
      expect(t.botReplies()).toEqual(['You said: hello. Anything else?']);

      await t.agentLabels({ add: ['vip', 'billing'] });
      await t.agentLabels({ remove: ['billing'] });
      expect(t.labels()).toEqual(['vip']);
      const update = JSON.parse(t.timeline().at(-1)?.payload ?? '{}') as { event: string; changed_attributes: unknown[] };
      expect(update.event).toBe('conversation_updated');
      expect(update.changed_attributes).toEqual([{ label_list: { previous_value: ['vip', 'billing'], current_value: ['vip'] } }]);
      expect(seen.at(-1)?.labels).toEqual(['vip']);
      expect(
        t
          .timeline()
          .slice(-2)
          .map((e) => `${e.who}:${e.what}:${e.text}:${e.status}`),
      ).toEqual(['agent:labels:+vip +billing:200', 'agent:labels:-billing:200']);
      expect(t.owner()).toBe('bot');
    } finally {
      await t.close();
    }
  });

  it('on LiveChat: the note is an agents-only event, each tag a thread_tagged / thread_untagged', async () => {
    const t = await testConversation(contractBot(platform('livechat')));
    try {
      await t.agentNotes('internal remark');
      const note = JSON.parse(t.timeline().at(-1)?.payload ?? '{}') as { action: string; payload: { event: { visibility: string } } };
      expect(note.action).toBe('incoming_event');
      expect(note.payload.event.visibility).toBe('agents');
      expect(t.botReplies()).toEqual([]);
      await t.agentLabels({ add: ['sales'] });
      await t.agentLabels({ remove: ['sales'] });
      const actions = t
        .timeline()
        .slice(-2)
        .map((e) => (JSON.parse(e.payload ?? '{}') as { action: string }).action);
      expect(actions).toEqual(['thread_tagged', 'thread_untagged']);
      expect(t.labels()).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it.each(['messenger', 'whatsapp', 'sunshine', 'hootsuite', 'iadvize'])(
    'on %s: nothing reaches the bot, the timeline keeps the act without a status',
    async (name) => {
      const t = await testConversation(contractBot(platform(name)));
      try {
        expect(await t.agentNotes('a note for the team')).toEqual([]);
        expect(await t.agentLabels({ add: ['vip'] })).toEqual([]);
        expect(t.labels()).toEqual(['vip']);
        const entries = t.timeline().slice(-2);
        expect(entries.map((e) => `${e.who}:${e.what}:${e.text}`)).toEqual(['agent:note:a note for the team', 'agent:labels:+vip']);
        expect(entries.every((e) => e.status === undefined && e.payload === undefined)).toBe(true);
      } finally {
        await t.close();
      }
    },
  );

  it('on Qualtrics in tag mode: the escalation tag added by an agent hands the contact to humans, removed gives it back', async () => {
    // The adapter reuses a bot-owned tag read for tagCacheMs (default 10 s): 1 ms here, so the next mention reads again.
    const adapter = qualtrics({ accountId: 1417, accessToken: 'qsc-access-token-1', clientSecret: 'qsc-client-secret-1', retries: 0, tagCacheMs: 1 });
    const agent = contractBot(adapter);
    const t = await testConversation(agent);
    try {
      await t.contactSays('hello');
      expect(await t.agentLabels({ add: ['Escalated to agent', 'complaint'] })).toEqual([]);
      await sleep(5);
      expect(t.owner()).toBe('human');
      expect(t.labels()).toEqual(['Escalated to agent', 'complaint']);
      const replies = t.botReplies().length;
      // The bot reads the contact's tags with the next mention, and stays silent.
      await t.contactSays('still there?');
      expect(t.botReplies()).toHaveLength(replies);
      expect(await agent.conversation(t.id).owner()).toBe('human');

      await t.agentLabels({ remove: ['Escalated to agent'] });
      expect(t.owner()).toBe('bot');
      await t.contactSays('thanks');
      expect(t.botReplies().at(-1)).toBe('You said: thanks. Anything else?');
      expect(t.labels()).toEqual(['complaint']);
    } finally {
      await t.close();
    }
  });
});

describe('the timeline markers of the agent reports', () => {
  it('shows a handler error and the fail-safe escalation, apart from a normal escalate, each with its payload', async () => {
    const agent = new VirtualAgent({ adapter: platform('chatwoot'), logger: silentLogger, fallbackMessage: 'Something went wrong, a human will help.' });
    agent.on('message_created', async (ctx) => {
      if (ctx.message.text === 'break') throw new Error('the handler broke');
      await ctx.reply('fine');
    });
    const t = await testConversation(agent);
    try {
      await t.contactSays('hello');
      await t.contactSays('break');
      const entries = t.timeline().map((e) => `${e.who}:${e.what}`);
      expect(entries).toEqual(['contact:message', 'bot:reply', 'contact:message', 'bot:error', 'bot:reply', 'bot:escalate', 'bot:failSafe']);
      const error = t.timeline().find((e) => e.what === 'error');
      expect(error?.text).toBe('the handler broke');
      expect(JSON.parse(error?.payload ?? '{}')).toMatchObject({ event: 'error', message: 'the handler broke', conversationId: t.id });
      const failSafe = t.timeline().find((e) => e.what === 'failSafe');
      expect(failSafe?.owner).toBe('human');
      expect(JSON.parse(failSafe?.payload ?? '{}')).toMatchObject({ event: 'escalation', trigger: 'fail-safe', outcome: 'escalated', conversationId: t.id });
      expect(t.owner()).toBe('human');
    } finally {
      await t.close();
    }
  });
});
