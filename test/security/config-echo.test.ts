// E_CONFIG messages name the option and the expected shape, never the value: a token pasted into the wrong option
// must not end up in an error message (and from there in logs). Every option checker gets a token-like value.
import { describe, expect, it } from 'vitest';
import { chatwoot } from '../../src/adapters/chatwoot/index.js';
import { hootsuite } from '../../src/adapters/hootsuite/index.js';
import { messenger } from '../../src/adapters/messenger/index.js';
import { qualtrics } from '../../src/adapters/qualtrics/index.js';
import { toExpress } from '../../src/http/express.js';
import { toLambda } from '../../src/http/lambda.js';
import { toNodeHandler } from '../../src/http/node.js';
import { isHandoffkitError, MemoryStore, silentLogger, VirtualAgent } from '../../src/index.js';
import * as cw from '../adapters/chatwoot/support.js';
import * as hs from '../adapters/hootsuite/support.js';
import * as ms from '../adapters/messenger/support.js';
import * as qx from '../adapters/qualtrics/support.js';
import { recordingAdapter } from '../helpers/recording-adapter.js';

const TOKEN = 'EAAGpastedTokenZx81Kp4Lw9qq';
const agent = new VirtualAgent({ adapter: recordingAdapter(), logger: silentLogger });

const CASES: ReadonlyArray<[string, string, () => unknown]> = [
  ['chatwoot', 'accountId', () => chatwoot(cw.adapterOptions({ accountId: TOKEN as unknown as number }))],
  ['chatwoot', 'baseUrl', () => chatwoot(cw.adapterOptions({ baseUrl: TOKEN }))],
  ['chatwoot', 'apiUrl', () => chatwoot(cw.adapterOptions({ apiUrl: TOKEN }))],
  ['chatwoot', 'retries', () => chatwoot(cw.adapterOptions({ retries: TOKEN as unknown as number }))],
  ['chatwoot', 'timeoutMs', () => chatwoot(cw.adapterOptions({ timeoutMs: TOKEN as unknown as number }))],
  ['chatwoot', 'timestampTolerance', () => chatwoot(cw.adapterOptions({ timestampTolerance: { pastSeconds: TOKEN as unknown as number } }))],
  ['messenger', 'appId', () => messenger(ms.baseOptions({ appId: TOKEN }))],
  ['messenger', 'humanAppId', () => messenger(ms.baseOptions({ humanAppId: TOKEN }))],
  ['messenger', 'graphVersion', () => messenger(ms.baseOptions({ graphVersion: TOKEN }))],
  ['messenger', 'role', () => messenger(ms.baseOptions({ role: TOKEN as 'primary' }))],
  ['messenger', 'onHandoffRequest', () => messenger(ms.baseOptions({ onHandoffRequest: TOKEN as 'grant' }))],
  ['messenger', 'resolve', () => messenger(ms.baseOptions({ resolve: TOKEN as 'release' }))],
  ['messenger', 'legacySha1Signature', () => messenger(ms.baseOptions({ legacySha1Signature: TOKEN as unknown as boolean }))],
  ['messenger', 'apiUrl', () => messenger(ms.baseOptions({ apiUrl: TOKEN }))],
  ['qualtrics', 'accountId', () => qualtrics(qx.adapterOptions({ accountId: TOKEN as unknown as number }))],
  ['qualtrics', 'mode', () => qualtrics(qx.adapterOptions({ mode: TOKEN as 'tag' }))],
  ['qualtrics', 'onTagReadError', () => qualtrics(qx.adapterOptions({ onTagReadError: TOKEN as 'retry' }))],
  ['qualtrics', 'apiUrl', () => qualtrics(qx.adapterOptions({ apiUrl: TOKEN }))],
  ['qualtrics', 'tagCacheMs', () => qualtrics(qx.adapterOptions({ tagCacheMs: TOKEN as unknown as number }))],
  ['hootsuite', 'organizationId', () => hootsuite(hs.adapterOptions({ organizationId: [TOKEN] as unknown as string }))],
  ['hootsuite', 'mode', () => hootsuite(hs.adapterOptions({ mode: TOKEN as 'inception' }))],
  ['hootsuite', 'apiUrl', () => hootsuite(hs.adapterOptions({ apiUrl: TOKEN }))],
  ['hootsuite', 'replyWindowMs', () => hootsuite(hs.adapterOptions({ replyWindowMs: TOKEN as unknown as number }))],
  ['agent', 'onHandlerError', () => new VirtualAgent({ adapter: recordingAdapter(), onHandlerError: TOKEN as 'escalate' })],
  ['agent', 'ackTimeoutMs', () => new VirtualAgent({ adapter: recordingAdapter(), ackTimeoutMs: TOKEN as unknown as number })],
  ['agent', 'maxBodyBytes', () => new VirtualAgent({ adapter: recordingAdapter(), maxBodyBytes: TOKEN as unknown as number })],
  ['agent', 'dedupeTtlMs', () => new VirtualAgent({ adapter: recordingAdapter(), dedupeTtlMs: TOKEN as unknown as number })],
  ['toNodeHandler', 'maxBodyBytes', () => toNodeHandler(agent, { maxBodyBytes: TOKEN as unknown as number })],
  ['toNodeHandler', 'ackTimeoutMs', () => toNodeHandler(agent, { ackTimeoutMs: TOKEN as unknown as number })],
  ['toNodeHandler', 'bodyTimeoutMs', () => toNodeHandler(agent, { bodyTimeoutMs: TOKEN as unknown as number })],
  ['toNodeHandler', 'agent', () => toNodeHandler(TOKEN as never)],
  ['toExpress', 'maxBodyBytes', () => toExpress(agent, { maxBodyBytes: TOKEN as unknown as number })],
  ['toLambda', 'maxBodyBytes', () => toLambda(agent, { maxBodyBytes: TOKEN as unknown as number })],
  ['MemoryStore', 'maxEntries', () => new MemoryStore({ maxEntries: TOKEN as unknown as number })],
  ['MemoryStore', 'maxBytes', () => new MemoryStore({ maxBytes: TOKEN as unknown as number })],
];

describe('E_CONFIG never echoes an option value', () => {
  it.each(CASES)('%s({ %s }) with a token in it', (_factory, option, build) => {
    let error: unknown;
    try {
      build();
    } catch (caught) {
      error = caught;
    }
    expect(isHandoffkitError(error, 'E_CONFIG'), String(error)).toBe(true);
    const { message, details } = error as Error & { details?: unknown };
    expect(message).toContain(option);
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain(TOKEN.slice(0, 12));
    expect(JSON.stringify(details)).not.toContain(TOKEN.slice(0, 12));
  });
});

describe('chatwoot baseUrl', () => {
  it.each(['https://chat.example.com/app/accounts/1', 'https://chat.example.com/app/accounts/1/dashboard', 'https://chat.example.com/chatwoot/'])(
    'refuses %s (a path) with E_CONFIG asking for the origin',
    (baseUrl) => {
      let error: unknown;
      try {
        chatwoot(cw.adapterOptions({ baseUrl }));
      } catch (caught) {
        error = caught;
      }
      expect(isHandoffkitError(error, 'E_CONFIG')).toBe(true);
      expect((error as { option: string }).option).toBe('baseUrl');
      expect((error as Error).message).toMatch(/must be the Chatwoot server's origin, without a path/);
      expect((error as Error).message).toMatch(/apiUrl/);
    },
  );

  it('accepts an origin, with or without the trailing slash', () => {
    expect(chatwoot(cw.adapterOptions({ baseUrl: 'https://chat.example.com' })).name).toBe('chatwoot');
    expect(chatwoot(cw.adapterOptions({ baseUrl: 'https://chat.example.com/' })).name).toBe('chatwoot');
  });
});
