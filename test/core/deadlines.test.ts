import { describe, expect, it } from 'vitest';
import { Deadlines } from '../../src/core/deadlines.js';

describe('Deadlines', () => {
  it('expires entries after their delay, in order, and never a cancelled one', async () => {
    const deadlines = new Deadlines();
    const fired: string[] = [];
    deadlines.add(300, () => fired.push('a'));
    const b = deadlines.add(300, () => fired.push('b'));
    await new Promise((r) => setTimeout(r, 20));
    deadlines.add(300, () => fired.push('c'));
    deadlines.add(10, () => fired.push('short'));
    b.cancel();
    await new Promise((r) => setTimeout(r, 100));
    expect(fired).toEqual(['short']);
    await new Promise((r) => setTimeout(r, 400));
    expect(fired).toEqual(['short', 'a', 'c']);
  });

  it('holds no referenced timer once every entry is cancelled (nothing keeps the process open)', async () => {
    const deadlines = new Deadlines();
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const entries = Array.from({ length: 1000 }, () => deadlines.add(60_000, () => undefined));
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before + 1);
    for (const entry of entries) entry.cancel();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
  });

  it('keeps nothing of cancelled entries, even for a caller that never yields to the event loop', async () => {
    const deadlines = new Deadlines();
    // Microtasks only, as a loop of agent.receive calls on an in-process store runs: the timer never gets to fire.
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 200_000; i++) {
      const entry = deadlines.add(4_000, () => undefined);
      await Promise.resolve();
      entry.cancel();
    }
    (globalThis as { gc?: () => void }).gc?.();
    // 200 000 retained entries (an object, a closure and a canceller each) would hold well over 20 MB.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(10 * 1024 * 1024);
    const fired: string[] = [];
    deadlines.add(20, () => fired.push('after'));
    await new Promise((r) => setTimeout(r, 80));
    expect(fired).toEqual(['after']);
  });
});
