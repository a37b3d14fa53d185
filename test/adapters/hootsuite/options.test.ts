import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hootsuite, type HootsuiteOptions } from '../../../src/adapters/hootsuite/index.js';
import { ConfigError, VirtualAgent } from '../../../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, ORGANIZATION_ID, SECRET_HEX } from './support.js';

function configError(options: unknown): ConfigError {
  try {
    hootsuite(options as HootsuiteOptions);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected an E_CONFIG error');
}

const NOT_HEX = 'my-shared-secret-from-the-admin-page';

interface BadOption {
  name: string;
  options: unknown;
  option: string;
  message: RegExp;
}

const badOptions: BadOption[] = [
  { name: 'no options', options: undefined, option: 'options', message: /needs \{ sharedSecret \}/ },
  { name: 'no sharedSecret', options: {}, option: 'sharedSecret', message: /sharedSecret \}\) is missing/ },
  {
    name: 'a sharedSecret that is not hex',
    options: { sharedSecret: NOT_HEX },
    option: 'sharedSecret',
    message: /must be the hex string.*got 36 characters that are not hex/,
  },
  { name: 'a sharedSecret of odd length', options: { sharedSecret: 'abc' }, option: 'sharedSecret', message: /not hex/ },
  { name: 'a rotation list with a bad entry', options: { sharedSecret: [SECRET_HEX, 'zz'] }, option: 'sharedSecret', message: /sharedSecret\[1\]/ },
  { name: 'an empty rotation list', options: { sharedSecret: [] }, option: 'sharedSecret', message: /is missing/ },
  {
    name: 'clientId without the rest',
    options: { sharedSecret: SECRET_HEX, clientId: CLIENT_ID },
    option: 'clientSecret',
    message: /clientSecret, organizationId \}\) are missing: the REST API needs/,
  },
  {
    name: 'no organizationId',
    options: { sharedSecret: SECRET_HEX, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    option: 'organizationId',
    message: /organizationId \}\) is missing/,
  },
  {
    name: 'a clientSecret with spaces',
    options: { sharedSecret: SECRET_HEX, clientId: CLIENT_ID, clientSecret: 'a b', organizationId: 1 },
    option: 'clientSecret',
    message: /without spaces/,
  },
  { name: 'an unknown mode', options: { sharedSecret: SECRET_HEX, mode: 'hybrid' }, option: 'mode', message: /'inception' or 'delegation'/ },
  { name: 'an apiUrl that is not a URL', options: { sharedSecret: SECRET_HEX, apiUrl: 'platform.hootsuite.com' }, option: 'apiUrl', message: /http\(s\) URL/ },
  {
    name: 'a reply window over an hour',
    options: { sharedSecret: SECRET_HEX, replyWindowMs: 2 * 60 * 60 * 1000 },
    option: 'replyWindowMs',
    message: /at most 3 600 000/,
  },
  { name: 'a NaN reply window', options: { sharedSecret: SECRET_HEX, replyWindowMs: Number.NaN }, option: 'replyWindowMs', message: /positive number/ },
  {
    name: 'a negative tolerance',
    options: { sharedSecret: SECRET_HEX, timestampTolerance: { pastSeconds: -1 } },
    option: 'timestampTolerance',
    message: /pastSeconds/,
  },
  { name: 'fractional retries', options: { sharedSecret: SECRET_HEX, retries: 1.5 }, option: 'retries', message: /whole number/ },
];

describe('hootsuite(options): E_CONFIG naming the option', () => {
  it.each(badOptions)('$name', ({ options, option, message }) => {
    const error = configError(options);
    expect(error.code).toBe('E_CONFIG');
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(NOT_HEX);
    expect(error.message).not.toContain(CLIENT_SECRET);
  });
});

describe('hootsuite(options): defaults', () => {
  it("answers within Hootsuite's 10 s with a 200, maps statuses, and derives the handler timeout from the reply window", () => {
    const adapter = hootsuite({ sharedSecret: SECRET_HEX });
    expect(adapter.name).toBe('hootsuite');
    expect(adapter.ackTimeoutMs).toBe(8_000);
    expect(adapter.ackStatus).toBe(200);
    expect(adapter.ownership).toEqual({ kind: 'status-field', statuses: { escalated: 'HANDOVER', resolved: 'RESOLVED' } });
    expect(adapter.mode).toBeUndefined();
    expect(adapter.replyWindowMs).toBe(5 * 60 * 1000);
    expect(adapter.handlerTimeoutMs).toBe(4.5 * 60 * 1000);
    // The adapter plugs into the agent as it is.
    expect(new VirtualAgent({ adapter }).adapter).toBe(adapter);
  });

  it('delegation mode shortens the reply window to the 2 minutes of the first question; an explicit window wins', () => {
    const delegation = hootsuite({ sharedSecret: SECRET_HEX, mode: 'delegation' });
    expect(delegation.replyWindowMs).toBe(2 * 60 * 1000);
    expect(delegation.handlerTimeoutMs).toBe(108_000);
    expect(hootsuite({ sharedSecret: SECRET_HEX, mode: 'delegation', replyWindowMs: 60 * 60 * 1000 }).handlerTimeoutMs).toBe(60 * 60 * 1000 - 30_000);
  });

  it('accepts a secret in upper-case hex and with surrounding whitespace', () => {
    expect(() => hootsuite({ sharedSecret: ` ${SECRET_HEX.toUpperCase()}\n` })).not.toThrow();
  });
});

describe('hootsuite(options): the default API host', () => {
  const calls: string[] = [];
  const server = setupServer(
    http.post('https://platform.hootsuite.com/oauth2/token', ({ request }) => {
      calls.push(`POST ${new URL(request.url).pathname}`);
      return HttpResponse.json({ access_token: 't', expires_in: 3599 });
    }),
    http.post('https://platform.hootsuite.com/inbox/v1/virtual-agent/conversations/:id', ({ request }) => {
      calls.push(`POST ${new URL(request.url).pathname}`);
      return HttpResponse.json({});
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('is https://platform.hootsuite.com/', async () => {
    const adapter = hootsuite({ sharedSecret: SECRET_HEX, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, organizationId: Number(ORGANIZATION_ID) });
    await new VirtualAgent({ adapter }).conversation('c-1').typing();
    expect(calls).toEqual(['POST /oauth2/token', 'POST /inbox/v1/virtual-agent/conversations/c-1']);
  });
});
