import { describe, expect, it } from 'vitest';
import { sunshine, type SunshineOptions } from '../../../src/adapters/sunshine/index.js';
import { adapterOptions, KEY_SECRET, WEBHOOK_SECRET } from './support.js';

// Misconfiguration is an E_CONFIG at construction naming the option, and never echoes a secret.

describe('sunshine() options', () => {
  it.each<[string, Partial<SunshineOptions> & Record<string, unknown>]>([
    ['appId', { appId: '' }],
    ['keyId', { keyId: undefined }],
    ['keySecret', { keySecret: 'with space' }],
    ['jwt', { jwt: 'a-token' as unknown as () => string }],
    ['webhookSecret', { webhookSecret: [] }],
    ['webhookSecret', { webhookSecret: [WEBHOOK_SECRET, '  '] }],
    ['webhookSecret', { webhookSecret: [WEBHOOK_SECRET, 42 as unknown as string] }],
    ['integrationId', { integrationId: undefined as unknown as string }],
    ['humanIntegration', { humanIntegration: ' ' }],
    ['channels', { channels: [] }],
    ['channels', { channels: ['web', ''] }],
    ['onHandoffRequest', { onHandoffRequest: 'accept' as 'grant' }],
    ['apiUrl', { apiUrl: 'ftp://sunshine.test' }],
    ['subdomain', { apiUrl: undefined, subdomain: 'acme.zendesk.com' }],
    ['subdomain', { apiUrl: undefined }],
    ['timeoutMs', { timeoutMs: 0 }],
  ])('%s is checked', (option, overrides) => {
    const attempt = () => sunshine({ ...adapterOptions(), ...overrides } as SunshineOptions);
    expect(attempt).toThrow(expect.objectContaining({ code: 'E_CONFIG', details: { option } }));
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain(KEY_SECRET);
      expect((error as Error).message).not.toContain(WEBHOOK_SECRET);
    }
  });

  it('takes a webhook secret with a space inside: Sunshine sends it verbatim in X-API-Key', () => {
    expect(() => sunshine({ ...adapterOptions(), webhookSecret: 'two words' })).not.toThrow();
  });

  it('a subdomain gives the Zendesk host; defaults: agent workspace, grant, 15 s ack', () => {
    const adapter = sunshine({ ...adapterOptions(), apiUrl: undefined, subdomain: 'acme' });
    expect(adapter).toMatchObject({
      name: 'sunshine',
      ackTimeoutMs: 15_000,
      ownership: { kind: 'handover-protocol', onHandoffRequest: 'grant' },
      remembersContact: true,
      redelivery: { unavailable: 503, failed: 500 },
    });
    expect(adapter.capabilities).toEqual(['reply', 'resolve', 'escalate', 'handBack', 'typing', 'setAttributes']);
  });
});
