import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  HandoffkitError,
  HTTP_STATUS_BY_CODE,
  NotOwnerError,
  PlatformApiError,
  SignatureError,
  UnsupportedError,
  isHandoffkitError,
} from '../../src/index.js';

describe('HandoffkitError', () => {
  it('carries a stable code, a JSON form and the HTTP status of its code', () => {
    const error = new SignatureError('Missing X-Chatwoot-Signature header.');
    expect(error).toBeInstanceOf(HandoffkitError);
    expect(error).toBeInstanceOf(SignatureError);
    expect(error).not.toBeInstanceOf(ConfigError);
    expect(error.name).toBe('SignatureError');
    expect(error.toJSON()).toEqual({ error: { code: 'E_SIGNATURE', message: 'Missing X-Chatwoot-Signature header.' } });
    expect(HTTP_STATUS_BY_CODE).toMatchObject({ E_SIGNATURE: 401, E_PAYLOAD: 400, E_BODY_TOO_LARGE: 413, E_METHOD: 405, E_STORE: 503 });
  });

  it('PlatformApiError carries the platform status and message', () => {
    const error = new PlatformApiError({
      platform: 'chatwoot',
      status: 404,
      platformMessage: 'Resource could not be found',
      method: 'POST',
      path: '/api/v1/x',
    });
    expect(error).toMatchObject({ code: 'E_PLATFORM_API', status: 404, platformMessage: 'Resource could not be found', platform: 'chatwoot' });
    expect(error.message).toBe('chatwoot API POST /api/v1/x failed with 404: Resource could not be found');
  });

  it('names the helper and the owner', () => {
    expect(new NotOwnerError('reply', '7', 'human').message).toMatch(/reply\(\) in conversation 7: it is owned by a human. Pass \{ force: true \}/);
    expect(new UnsupportedError('messenger', 'tag').message).toMatch(/messenger adapter does not support tag\(\)/);
  });

  it('instanceof works across the ESM and CJS builds', () => {
    const require = createRequire(import.meta.url);
    const cjs = require('../../dist/index.cjs') as typeof import('../../src/index.js');
    const fromCjs = new cjs.SignatureError('x');
    expect(fromCjs).toBeInstanceOf(HandoffkitError);
    expect(fromCjs).toBeInstanceOf(SignatureError);
    expect(fromCjs).not.toBeInstanceOf(ConfigError);
    expect(new ConfigError('secret', 'y')).toBeInstanceOf(cjs.HandoffkitError);
    expect(isHandoffkitError(fromCjs, 'E_SIGNATURE')).toBe(true);
    expect(isHandoffkitError(new Error('plain'))).toBe(false);
  });
});
