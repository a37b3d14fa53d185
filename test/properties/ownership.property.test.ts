import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualAgent, silentLogger, type Owner } from '../../src/index.js';
import { contactMessage, deliveryOf, recordingAdapter, statusChange } from '../helpers/recording-adapter.js';

const OWNER: Record<'pending' | 'open' | 'resolved', Owner> = { pending: 'bot', open: 'human', resolved: 'none' };

describe('ownership properties', () => {
  it("the agent's owner equals the platform's last word, and no reply goes out while a human owns the conversation", async () => {
    const signal = fc.record({
      status: fc.constantFrom('pending' as const, 'open' as const, 'resolved' as const),
      kind: fc.constantFrom('message' as const, 'announcement' as const),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(signal, { minLength: 1, maxLength: 25 }), async (signals) => {
        const adapter = recordingAdapter();
        const agent = new VirtualAgent({ adapter, logger: silentLogger });
        const repliedWhile: Owner[] = [];
        agent.on('message_created', async (ctx) => {
          const owner = ctx.conversation.owner;
          await ctx.reply('hi').then(
            () => repliedWhile.push(owner),
            () => undefined,
          );
        });
        let at = 1_000;
        for (const { status, kind } of signals) {
          at += 1_000;
          const event = kind === 'message' ? contactMessage('p', 'x', status, at) : statusChange('p', status, at);
          expect((await agent.receive(deliveryOf(event))).status).toBe(200);
        }
        const last = signals[signals.length - 1]!.status;
        expect(await agent.conversation('p').owner()).toBe(OWNER[last]);
        expect(repliedWhile).not.toContain('human');
        // Every reply matches a contact message the platform showed as the bot's or no one's.
        const botMessages = signals.filter((s) => s.kind === 'message' && s.status !== 'open').length;
        expect(adapter.calls.filter((c) => c.helper === 'reply')).toHaveLength(botMessages);
      }),
      { numRuns: 150 },
    );
  });

  it('an older signal delivered late never changes the owner', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('pending' as const, 'open' as const, 'resolved' as const),
        fc.constantFrom('pending' as const, 'open' as const, 'resolved' as const),
        async (current, stale) => {
          const agent = new VirtualAgent({ adapter: recordingAdapter(), logger: silentLogger });
          await agent.receive(deliveryOf(statusChange('p', current, 5_000)));
          await agent.receive(deliveryOf(contactMessage('p', 'late', stale, 4_000)));
          expect(await agent.conversation('p').owner()).toBe(OWNER[current]);
        },
      ),
    );
  });
});
