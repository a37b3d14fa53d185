// Misuse gets an error at once: non-function handlers, unknown event names, a logger of the wrong shape.
import { describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, type HandoffkitError, isHandoffkitError, type Logger, rateLimitedLogger, silentLogger, VirtualAgent } from '../../src/index.js';
import { recordingAdapter } from '../helpers/recording-adapter.js';

function configError(run: () => unknown): HandoffkitError & { option: string } {
  try {
    run();
  } catch (error) {
    expect(isHandoffkitError(error, 'E_CONFIG')).toBe(true);
    return error as HandoffkitError & { option: string };
  }
  throw new Error('expected E_CONFIG');
}

const agent = (): VirtualAgent => new VirtualAgent({ adapter: recordingAdapter(), logger: silentLogger });

describe('agent.on: handlers and names are checked at registration', () => {
  it.each([
    ['undefined', undefined],
    ['a string', 'reply'],
    ['an object', { handle: () => undefined }],
  ])('refuses %s as a handler with E_CONFIG', (_label, handler) => {
    const error = configError(() => agent().on('message_created', handler as never));
    expect(error.option).toBe('handler');
    expect(error.message).toMatch(/agent\.on\(…, handler\) needs a function/);
  });

  it('refuses non-function handlers in onAny and onError too', () => {
    expect(configError(() => agent().onAny(42 as never)).message).toMatch(/agent\.onAny/);
    expect(configError(() => agent().onError(null as never)).message).toMatch(/agent\.onError/);
  });

  it('refuses an unknown event name, listing the valid ones', () => {
    const error = configError(() => agent().on('mesage_created' as never, () => undefined));
    expect(error.option).toBe('name');
    expect(error.message).toContain('unknown event name "mesage_created"');
    for (const name of EVENT_NAMES) expect(error.message).toContain(name);
  });

  it('refuses an unknown name inside a list, and a name that is not a string', () => {
    expect(configError(() => agent().on(['message_created', 'handed_of'] as never, () => undefined)).message).toContain('"handed_of"');
    expect(configError(() => agent().on(7 as never, () => undefined)).message).toMatch(/takes an event name/);
    expect(configError(() => agent().off('message_creatd' as never, () => undefined)).message).toMatch(/agent\.off\(\): unknown event name/);
  });

  it('accepts every valid name', () => {
    const a = agent();
    for (const name of EVENT_NAMES) a.on(name, () => undefined);
    a.on([...EVENT_NAMES], () => undefined, { standby: true });
  });
});

describe('logger: its shape is checked at construction', () => {
  it.each([
    ['an empty object', {}],
    ['an object without error()', { warn: () => undefined }],
    ['a string', 'console'],
    ['null', null],
  ])('refuses %s with E_CONFIG naming logger', (_label, logger) => {
    const error = configError(() => new VirtualAgent({ adapter: recordingAdapter(), logger: logger as unknown as Logger }));
    expect(error.option).toBe('logger');
    expect(error.message).toMatch(/warn\(message, meta\) and error\(message, meta\)/);
  });

  it('keeps a class-based logger working (methods that read this)', async () => {
    class Sink {
      readonly lines: string[] = [];
      warn(message: string): void {
        this.lines.push(message);
      }
      error(message: string): void {
        this.lines.push(message);
      }
    }
    const sink = new Sink();
    const a = new VirtualAgent({ adapter: recordingAdapter(), logger: sink });
    const answer = await a.receive({ method: 'POST', url: '/', headers: { 'x-test-signature': 'bad' }, body: '{"events":[]}' });
    expect(answer.status).toBe(401);
    expect(sink.lines.some((line) => line.includes('bad test signature'))).toBe(true);
  });
});

describe('the default logger rate-limits repeated warnings', () => {
  it('writes one line per code per minute, then one with the count of those left out', () => {
    let now = 1_000_000;
    const lines: Array<[string, Record<string, unknown> | undefined]> = [];
    const logger = rateLimitedLogger({ warn: (m, meta) => void lines.push([m, meta]), error: (m, meta) => void lines.push([m, meta]) }, { now: () => now });
    for (let i = 0; i < 500; i++) logger.warn('delivery rejected: Signature mismatch', { code: 'E_SIGNATURE' });
    logger.warn('delivery rejected: bad JSON', { code: 'E_PAYLOAD' });
    expect(lines).toHaveLength(2);
    now += 59_999;
    logger.warn('delivery rejected: Signature mismatch', { code: 'E_SIGNATURE' });
    expect(lines).toHaveLength(2);
    now += 1;
    logger.warn('delivery rejected: Signature mismatch', { code: 'E_SIGNATURE' });
    expect(lines).toHaveLength(3);
    expect(lines[2]?.[0]).toMatch(/and 500 more E_SIGNATURE warning\(s\) in the last 60 s/);
    expect(lines[2]?.[1]).toEqual({ code: 'E_SIGNATURE', repeated: 500 });
    // Errors and warnings without a code are never held back.
    logger.error('a failure', { code: 'E_HANDLER' });
    logger.error('a failure', { code: 'E_HANDLER' });
    logger.warn('no code');
    logger.warn('no code');
    expect(lines).toHaveLength(7);
  });

  it('is what an agent without a logger writes to: a burst of forged deliveries gives one console line', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      let now = 5_000_000;
      const a = new VirtualAgent({ adapter: recordingAdapter(), now: () => now });
      for (let i = 0; i < 200; i++) {
        const answer = await a.receive({ method: 'POST', url: '/', headers: { 'x-test-signature': 'bad' }, body: '{"events":[]}' });
        expect(answer.status).toBe(401);
      }
      expect(warn).toHaveBeenCalledTimes(1);
      now += 60_000;
      await a.receive({ method: 'POST', url: '/', headers: { 'x-test-signature': 'bad' }, body: '{"events":[]}' });
      expect(warn).toHaveBeenCalledTimes(2);
      expect(String(warn.mock.calls[1]?.[0])).toMatch(/and 199 more E_SIGNATURE/);
    } finally {
      warn.mockRestore();
    }
  });
});
