import { describe, expect, it } from 'vitest';
import { chatwoot, type ChatwootOptions } from '../../../src/adapters/chatwoot/index.js';
import { ConfigError, HandoffkitError, HELPER_NAMES } from '../../../src/index.js';
import { adapterOptions, BOT_TOKEN, expectNoSecrets, SECRET } from './support.js';

function configError(options: unknown): ConfigError {
  try {
    chatwoot(options as ChatwootOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(HandoffkitError);
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('chatwoot() accepted the options');
}

const without = (key: keyof ChatwootOptions): Record<string, unknown> => {
  const options: Record<string, unknown> = { ...adapterOptions() };
  delete options[key];
  return options;
};

describe('chatwoot(options): construction', () => {
  it('builds an adapter with every helper', () => {
    const adapter = chatwoot(adapterOptions());
    expect(adapter.name).toBe('chatwoot');
    expect([...adapter.capabilities].sort()).toEqual([...HELPER_NAMES].sort());
    expect(adapter.ownership).toEqual({ kind: 'status-field', statuses: { escalated: 'open', handedBack: 'pending', resolved: 'resolved' } });
    // Chatwoot waits 5 s: answer before.
    expect(adapter.ackTimeoutMs).toBeLessThan(5_000);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['no options at all', undefined, 'options', /baseUrl, accountId, botToken, secret/],
    ['a missing botToken', without('botToken'), 'botToken', /botToken.*missing/],
    ['an empty botToken', adapterOptions({ botToken: '   ' }), 'botToken', /botToken.*missing/],
    ['a "Bearer" botToken', adapterOptions({ botToken: 'Bearer xyz' }), 'botToken', /bare access token.*Bearer/],
    ['a "Token" botToken', adapterOptions({ botToken: 'Token abc123' }), 'botToken', /bare access token/],
    ['a botToken with a newline', adapterOptions({ botToken: `${BOT_TOKEN}\n` }), 'botToken', /without spaces/],
    ['a missing secret', without('secret'), 'secret', /secret.*missing.*secret: false/],
    ['an empty secret', adapterOptions({ secret: '' }), 'secret', /secret/],
    ['an empty list of secrets', adapterOptions({ secret: [] }), 'secret', /secret/],
    ['a list with an empty secret', adapterOptions({ secret: [SECRET, ''] }), 'secret', /secret/],
    ['secret: true', adapterOptions({ secret: true as unknown as string }), 'secret', /secret/],
    ['a missing baseUrl', without('baseUrl'), 'baseUrl', /baseUrl.*URL/],
    ['a baseUrl without scheme', adapterOptions({ baseUrl: 'chat.example.test' }), 'baseUrl', /baseUrl/],
    ['a baseUrl with another scheme', adapterOptions({ baseUrl: 'ftp://chat.example.test' }), 'baseUrl', /http or https/],
    ['a bad apiUrl', adapterOptions({ apiUrl: 'not a url' }), 'apiUrl', /apiUrl/],
    ['a missing accountId', without('accountId'), 'accountId', /accountId.*numeric/],
    ['accountId 0', adapterOptions({ accountId: 0 }), 'accountId', /accountId/],
    ['a negative accountId', adapterOptions({ accountId: -3 }), 'accountId', /accountId/],
    ['a fractional accountId', adapterOptions({ accountId: 1.5 }), 'accountId', /accountId/],
    ['an accountId name', adapterOptions({ accountId: 'acme' }), 'accountId', /accountId.*got a string of 4 characters/],
    ['NaN retries', adapterOptions({ retries: Number.NaN }), 'retries', /retries/],
    ['negative retries', adapterOptions({ retries: -1 }), 'retries', /retries/],
    ['a zero timeoutMs', adapterOptions({ timeoutMs: 0 }), 'timeoutMs', /timeoutMs/],
    ['a NaN tolerance', adapterOptions({ timestampTolerance: { pastSeconds: Number.NaN } }), 'timestampTolerance', /pastSeconds/],
    ['a negative tolerance', adapterOptions({ timestampTolerance: { futureSeconds: -30 } }), 'timestampTolerance', /futureSeconds/],
  ])('E_CONFIG for %s, naming the option', (_label, options, option, message) => {
    const error = configError(options);
    expect(error.code).toBe('E_CONFIG');
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
    expectNoSecrets(error);
    expectNoSecrets(error.message);
  });

  it('accepts a numeric string accountId, a list of secrets, secret: false, and an apiUrl', () => {
    expect(() => chatwoot(adapterOptions({ accountId: '12' }))).not.toThrow();
    expect(() => chatwoot(adapterOptions({ secret: [SECRET, 'next'] }))).not.toThrow();
    expect(() => chatwoot(adapterOptions({ secret: false }))).not.toThrow();
    expect(() => chatwoot(adapterOptions({ apiUrl: 'http://127.0.0.1:3000/proxy' }))).not.toThrow();
    expect(() => chatwoot(adapterOptions({ retries: 0, timeoutMs: 500, timestampTolerance: { pastSeconds: 0, futureSeconds: 0 } }))).not.toThrow();
  });
});
