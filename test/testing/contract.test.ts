// The one contract every shipped adapter passes, written once against the driver: contact → bot → escalate →
// human (the bot stays silent) → hand back → bot. Over agent.receive for every platform, over real HTTP for all too.
import { describe, expect, it } from 'vitest';
import { testConversation } from '../../src/testing/index.js';
import { contractBot, PLATFORMS } from './platforms.js';

describe.each(PLATFORMS)('the handoff contract on $name', (platform) => {
  it.each([{ http: false }, { http: true }])('holds with http: $http', async ({ http }) => {
    const agent = contractBot(platform.adapter());
    const t = await testConversation(agent, { http });
    try {
      const first = await t.contactSays('hello');
      expect(first.map((a) => a.status)).toEqual(first.map(() => 200));
      expect(t.botReplies()).toEqual(['You said: hello. Anything else?']);
      expect(t.owner()).toBe('bot');

      await t.contactSays('I want a human');
      expect(t.botReplies().at(-1)).toBe('Let me get someone for you.');
      expect(t.actions().map((a) => a.type)).toContain('escalate');
      expect(t.owner()).toBe('human');
      expect(await agent.conversation(t.id).owner()).toBe('human');

      const replies = t.botReplies().length;
      await t.agentSays('Hi, an agent here');
      await t.contactSays('thank you, agent');
      expect(t.botReplies()).toHaveLength(replies);

      await t.agentHandsBack();
      expect(t.owner()).toBe('bot');
      await t.contactSays('thanks');
      expect(t.botReplies().at(-1)).toMatch(/anything else/i);
      expect(await agent.conversation(t.id).owner()).toBe('bot');

      const whos = t.timeline().map((entry) => `${entry.who}:${entry.what}:${entry.owner}`);
      expect(whos).toContain('bot:escalate:human');
      expect(whos).toContain('agent:message:human');
    } finally {
      await t.close();
    }
  });
});
