import { describe, expect, it } from 'vitest';
import { applySignal, expectOwner, lifecycleFor, missedChange, EXPECT_WINDOW_MS, type OwnershipRecord } from '../../src/core/handoff.js';

describe('applySignal', () => {
  it('starts a record from the first signal without a change of hands', () => {
    expect(applySignal(undefined, { owner: 'human', status: 'open', at: 5 }, 0)).toEqual({
      record: { owner: 'human', status: 'open', at: 5 },
      dirty: true,
    });
  });

  it('reports the previous owner on a change', () => {
    const outcome = applySignal({ owner: 'bot', status: 'pending', at: 1 }, { owner: 'human', status: 'open', at: 2 }, 0);
    expect(outcome).toEqual({ record: { owner: 'human', status: 'open', at: 2 }, dirty: true, from: 'bot' });
  });

  it('ignores an older signal', () => {
    const record: OwnershipRecord = { owner: 'human', status: 'open', at: 10 };
    expect(applySignal(record, { owner: 'bot', status: 'pending', at: 9 }, 0)).toEqual({ record, dirty: false });
  });

  it('accepts a signal without time, keeping the latest time known', () => {
    const outcome = applySignal({ owner: 'human', status: 'open', at: 10 }, { owner: 'bot', status: 'pending' }, 0);
    expect(outcome).toEqual({ record: { owner: 'bot', status: 'pending', at: 10 }, dirty: true, from: 'human' });
  });

  it('is not dirty when nothing changed', () => {
    const record: OwnershipRecord = { owner: 'bot', status: 'pending', at: 1 };
    expect(applySignal(record, { owner: 'bot', status: 'pending', at: 1 }, 0).dirty).toBe(false);
    expect(applySignal(record, undefined, 0)).toEqual({ record, dirty: false });
  });

  it("keeps the bot's own change against contradicting signals until confirmed or the window passes", () => {
    const escalated = expectOwner({ owner: 'bot', status: 'pending', at: 1 }, 'human', 'open', 1_000);
    expect(escalated).toEqual({ owner: 'human', status: 'open', at: 1, expect: { owner: 'human', until: 1_000 + EXPECT_WINDOW_MS } });
    // A message sent before the escalation, still pending, with a newer time: ignored.
    expect(applySignal(escalated, { owner: 'bot', status: 'pending', at: 2 }, 2_000)).toEqual({ record: escalated, dirty: false });
    // The platform confirms: expectation cleared, its time recorded.
    expect(applySignal(escalated, { owner: 'human', status: 'open', at: 3 }, 2_000)).toEqual({
      record: { owner: 'human', status: 'open', at: 3 },
      dirty: true,
    });
    // Never confirmed: after the window, the platform's word wins again.
    const late = applySignal(escalated, { owner: 'bot', status: 'pending', at: 4 }, 1_000 + EXPECT_WINDOW_MS);
    expect(late).toMatchObject({ record: { owner: 'bot' }, from: 'human' });
  });
});

describe('lifecycleFor', () => {
  it.each([
    ['bot', 'human', 'handed_off'],
    ['human', 'bot', 'handed_back'],
    ['bot', 'none', 'conversation_resolved'],
    ['human', 'none', 'conversation_resolved'],
    ['none', 'bot', undefined],
    ['none', 'human', undefined],
    ['none', 'none', undefined],
  ] as const)('%s → %s: %s', (from, to, name) => {
    expect(lifecycleFor(from, to)).toBe(name);
  });
});

describe('announcements', () => {
  it('an announced change away from the state the bot created overrides the confirmation window', () => {
    const escalated = expectOwner({ owner: 'bot', at: 1 }, 'human', 'open', 1_000);
    const delegatedBack = applySignal(escalated, { owner: 'bot', at: 2 }, 2_000, 'human');
    expect(delegatedBack).toMatchObject({ record: { owner: 'bot' }, dirty: true, from: 'human' });
    // Without the announcement, the same signal is taken as older than the bot's change.
    expect(applySignal(escalated, { owner: 'bot', at: 2 }, 2_000)).toMatchObject({ dirty: false });
  });

  it('missedChange names the previous owner only when the record missed a newer announced change', () => {
    const record: OwnershipRecord = { owner: 'bot', at: 10 };
    expect(missedChange(record, { owner: 'bot', at: 20 }, 'human', 'bot')).toBe('human');
    expect(missedChange(record, { owner: 'bot', at: 10 }, 'human', 'bot')).toBeUndefined();
    expect(missedChange(undefined, { owner: 'bot' }, 'human', 'bot')).toBe('human');
    expect(missedChange({ ...record, expect: { owner: 'bot', until: 1 } }, { owner: 'bot', at: 20 }, 'human', 'bot')).toBeUndefined();
    expect(missedChange(record, { owner: 'bot', at: 20 }, undefined, 'bot')).toBeUndefined();
    expect(missedChange(record, { owner: 'bot', at: 20 }, 'bot', 'bot')).toBeUndefined();
  });
});

describe('current signals', () => {
  it('a fresh read of the platform wins over the bot-change window and over recorded times', () => {
    const escalated = expectOwner({ owner: 'bot', at: 50 }, 'human', undefined, 1_000);
    expect(applySignal(escalated, { owner: 'bot', current: true }, 2_000)).toMatchObject({ record: { owner: 'bot' }, from: 'human', dirty: true });
    expect(applySignal({ owner: 'human', at: 50 }, { owner: 'bot', at: 10, current: true }, 0)).toMatchObject({ from: 'human' });
  });
});
