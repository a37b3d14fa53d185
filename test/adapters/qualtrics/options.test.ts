import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_TAG, qualtrics, type QualtricsOptions } from '../../../src/adapters/qualtrics/index.js';
import { ConfigError } from '../../../src/index.js';
import { ACCESS_TOKEN, CLIENT_SECRET, expectNoSecrets } from './support.js';

/** The escalation tag of an adapter with contact-tag ownership. */
function tagOf(adapter: ReturnType<typeof qualtrics>): string | undefined {
  return adapter.ownership?.kind === 'contact-tag' ? adapter.ownership.tags.tag : undefined;
}

const base: QualtricsOptions = { accountId: 1417, accessToken: ACCESS_TOKEN, clientSecret: CLIENT_SECRET };

function configError(options: unknown): ConfigError {
  try {
    qualtrics(options as QualtricsOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('qualtrics(options)', () => {
  it.each([
    ['accountId', { accessToken: ACCESS_TOKEN, clientSecret: CLIENT_SECRET }, /numeric id of the Social Connect account/],
    ['accountId', { ...base, accountId: 'acme' }, /numeric id/],
    ['accessToken', { accountId: 1417, clientSecret: CLIENT_SECRET }, /accessToken \}\) is missing/],
    ['accessToken', { ...base, accessToken: `Bearer ${ACCESS_TOKEN}` }, /without spaces or a "Bearer" prefix/],
    ['clientSecret', { accountId: 1417, accessToken: ACCESS_TOKEN }, /clientSecret: false to accept unsigned/],
    ['clientSecret', { ...base, clientSecret: '' }, /clientSecret \}\) is missing/],
    ['clientSecret', { ...base, clientSecret: [] }, /clientSecret \}\) is missing/],
    ['mode', { ...base, mode: 'tags' }, /'tag' or 'handover'/],
    ['escalationTag', { ...base, escalationTag: ' ' }, /non-empty string/],
    ['escalationTag', { ...base, mode: 'handover', escalationTag: 'x' }, /applies to mode: 'tag' only/],
    ['onTagReadError', { ...base, onTagReadError: 'ignore' }, /'retry' or 'assume-bot'/],
    ['onTagReadError', { ...base, mode: 'handover', onTagReadError: 'assume-bot' }, /applies to mode: 'tag' only/],
    ['tagCacheMs', { ...base, tagCacheMs: 60_000 }, /at most 30 000/],
    ['apiUrl', { ...base, apiUrl: 'ftp://api.engagor.com' }, /http or https/],
    ['profiles', { ...base, profiles: { twitter: '' } }, /service_id of your twitter profile/],
    ['retries', { ...base, retries: Number.NaN }, /whole number/],
    ['isPrivateMessage', { ...base, isPrivateMessage: 'dm' }, /must be a function/],
  ])('rejects a bad %s with E_CONFIG naming it', (option, options, message) => {
    const error = configError(options);
    expect(error.code).toBe('E_CONFIG');
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
    expectNoSecrets(error);
  });

  it('rejects a missing options object', () => {
    expect(configError(undefined).option).toBe('options');
  });

  it('builds an adapter with tag ownership on the default escalation tag', () => {
    const adapter = qualtrics({ ...base, accountId: '1417', onTagReadError: 'assume-bot', tagCacheMs: 5_000 });
    expect(adapter.name).toBe('qualtrics');
    expect(DEFAULT_ESCALATION_TAG).toBe('Escalated to agent');
    expect(adapter.ownership).toMatchObject({ kind: 'contact-tag' });
    expect(adapter.ownership?.kind === 'contact-tag' && adapter.ownership.tags).toMatchObject({
      tag: 'Escalated to agent',
      onReadError: 'assume-bot',
      botCacheMs: 5_000,
    });
    expect(tagOf(qualtrics({ ...base, escalationTag: 'Needs human' }))).toBe('Needs human');
  });

  it('accepts clientSecret: false as the explicit opt-out of signatures', () => {
    const adapter = qualtrics({ ...base, clientSecret: false });
    expect(() => adapter.verify({ method: 'POST', url: '/', headers: {}, body: '{}' }, { now: 0 })).not.toThrow();
  });
});
