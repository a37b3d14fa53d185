import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/index.js';
import { messenger, type MessengerOptions } from '../../../src/adapters/messenger/index.js';
import { APP_SECRET, PAGE_TOKEN, baseOptions, expectNoSecrets } from './support.js';

function configError(options: unknown): ConfigError {
  try {
    messenger(options as MessengerOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const without = (key: keyof MessengerOptions): MessengerOptions => {
  const options: Partial<MessengerOptions> = baseOptions();
  delete options[key];
  return options as MessengerOptions;
};

describe('messenger(options): validation', () => {
  it.each([
    ['no options at all', undefined, 'options', /needs \{ appSecret, pageAccessToken, verifyToken, appId \}/],
    ['a missing appSecret', without('appSecret'), 'appSecret', /appSecret \}\) is missing: pass the app secret/],
    ['an empty appSecret list', baseOptions({ appSecret: [] }), 'appSecret', /is missing/],
    ['an appSecret with whitespace', baseOptions({ appSecret: `${APP_SECRET} ` }), 'appSecret', /contains whitespace/],
    ['a missing pageAccessToken', without('pageAccessToken'), 'pageAccessToken', /pageAccessToken \}\) is missing/],
    [
      'a pageAccessToken with a Bearer prefix',
      baseOptions({ pageAccessToken: `Bearer ${PAGE_TOKEN}` }),
      'pageAccessToken',
      /bare Page access token, without spaces or a "Bearer" prefix/,
    ],
    ['a pageAccessToken with a newline', baseOptions({ pageAccessToken: `${PAGE_TOKEN}\n` }), 'pageAccessToken', /without spaces/],
    ['a missing verifyToken', without('verifyToken'), 'verifyToken', /verifyToken \}\) is missing/],
    ['a missing appId', without('appId'), 'appId', /appId \}\) is missing/],
    ['a non-numeric appId', baseOptions({ appId: 'my-app' }), 'appId', /must be a numeric app id \(digits only\), got a string of 6 characters/],
    ['an appId too large for a number', baseOptions({ appId: 12345678901234567890 }), 'appId', /pass it as a string/],
    ['a non-numeric humanAppId', baseOptions({ humanAppId: 'inbox' }), 'humanAppId', /numeric app id/],
    ['a bad graphVersion', baseOptions({ graphVersion: '21' }), 'graphVersion', /must look like "v21\.0"/],
    ['a bad role', baseOptions({ role: 'boss' as 'primary' }), 'role', /'primary' or 'secondary'/],
    ['a bad onHandoffRequest', baseOptions({ onHandoffRequest: 'always' as 'grant' }), 'onHandoffRequest', /'grant' or 'ignore'/],
    ['a bad resolve', baseOptions({ resolve: 'close' as 'release' }), 'resolve', /'release' or \{ passTo: appId \}/],
    ['a bad resolve target', baseOptions({ resolve: { passTo: 'inbox' } }), 'resolve', /numeric app id/],
    ['a non-boolean legacySha1Signature', baseOptions({ legacySha1Signature: 'yes' as unknown as boolean }), 'legacySha1Signature', /true or false/],
    ['an apiUrl that is not a URL', baseOptions({ apiUrl: 'graph' }), 'apiUrl', /http\(s\) URL/],
    ['an apiUrl with a query', baseOptions({ apiUrl: 'https://proxy.example/?token=x' }), 'apiUrl', /without a query/],
    ['a NaN timeout', baseOptions({ timeoutMs: Number.NaN }), 'timeoutMs', /positive number/],
    ['negative retries', baseOptions({ retries: -1 }), 'retries', /whole number/],
  ])('refuses %s with E_CONFIG naming the option', (_title, options, option, message) => {
    const error = configError(options);
    expect(error.code).toBe('E_CONFIG');
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
    expectNoSecrets(error);
  });

  it('accepts app ids as numbers or strings, and a rotation of secrets', () => {
    const adapter = messenger(baseOptions({ appId: 1122334455667, humanAppId: '263902037430900', appSecret: ['old', 'new'] }));
    expect(adapter.name).toBe('messenger');
    expect(adapter.capabilities).toEqual(['reply', 'resolve', 'escalate', 'handBack', 'typing']);
    expect(adapter.ownership).toEqual({ kind: 'handover-protocol', onHandoffRequest: 'grant' });
    expect(messenger(baseOptions({ onHandoffRequest: 'ignore' })).ownership).toEqual({ kind: 'handover-protocol', onHandoffRequest: 'ignore' });
  });
});
