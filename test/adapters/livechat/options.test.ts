import { describe, expect, it } from 'vitest';
import { livechat, type LiveChatOptions } from '../../../src/adapters/livechat/index.js';
import { adapterOptions, BOT_SECRET, expectNoSecrets, WEBHOOK_SECRET } from './support.js';

const configError = (overrides: Record<string, unknown>): unknown => {
  try {
    livechat({ ...adapterOptions(), ...overrides } as LiveChatOptions);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('livechat options: misconfiguration is E_CONFIG naming the option', () => {
  it.each([
    ['botId', { botId: '' }],
    ['clientId', { clientId: undefined }],
    ['botSecret', { botSecret: ' ' }],
    ['organizationId', { organizationId: 42 }],
    ['webhookSecret', { webhookSecret: undefined }],
    ['webhookSecret', { webhookSecret: [] }],
    ['webhookSecret', { webhookSecret: [WEBHOOK_SECRET, ''] }],
    ['webhookSecret', { webhookSecret: 42 }],
    ['humanGroup', { humanGroup: -1 }],
    ['humanGroup', { humanGroup: 1.5 }],
    ['apiUrl', { apiUrl: 'ftp://api.livechatinc.com' }],
    ['apiVersion', { apiVersion: 'latest' }],
    ['timeoutMs', { timeoutMs: Number.NaN }],
    ['retries', { retries: -1 }],
  ])('%s: %j', (option, overrides) => {
    const error = configError(overrides);
    expect(error).toMatchObject({ code: 'E_CONFIG', option });
    expectNoSecrets(error);
  });

  it('a bot secret with a space is refused without quoting it', () => {
    const error = configError({ botSecret: `${BOT_SECRET} x` });
    expect(error).toMatchObject({ code: 'E_CONFIG', option: 'botSecret' });
    expectNoSecrets(error);
  });

  it('defaults: the name, the capabilities without handBack', () => {
    const adapter = livechat(adapterOptions());
    expect(adapter.name).toBe('livechat');
    expect(adapter.capabilities).toEqual(['reply', 'tag', 'untag', 'resolve', 'escalate', 'typing', 'setAttributes']);
  });

  it("redact() hides the bot secret and every webhook secret, in their encodings (the agent's log lines pass through it)", () => {
    const adapter = livechat(adapterOptions({ webhookSecret: [WEBHOOK_SECRET, 'old_webhook_secret_42'] }));
    const text = adapter.redact?.(`a ${BOT_SECRET} b ${encodeURIComponent(WEBHOOK_SECRET)} c old_webhook_secret_42`) ?? 'no redact';
    expect(text).toBe('a [redacted] b [redacted] c [redacted]');
  });
});
