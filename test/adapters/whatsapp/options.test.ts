import { describe, expect, it } from 'vitest';
import { whatsapp, type WhatsAppOptions } from '../../../src/adapters/whatsapp/index.js';
import { ACCESS_TOKEN, APP_SECRET, baseOptions } from './support.js';

describe('whatsapp() options', () => {
  const rows: Array<[string, WhatsAppOptions, string, RegExp]> = [
    ['no appSecret', baseOptions({ appSecret: '' }), 'appSecret', /appSecret \}\) is missing: pass the app secret/],
    ['no accessToken', baseOptions({ accessToken: '' }), 'accessToken', /is missing/],
    ['a "Bearer" accessToken', baseOptions({ accessToken: `Bearer ${ACCESS_TOKEN}` }), 'accessToken', /without spaces or a "Bearer" prefix/],
    ['a non-numeric phoneNumberId', baseOptions({ phoneNumberId: '+1 555 0100' }), 'phoneNumberId', /numeric id of the business phone number/],
    ['no verifyToken', baseOptions({ verifyToken: '' }), 'verifyToken', /is missing/],
    ['an unknown role', baseOptions({ role: 'boss' as never }), 'role', /must be one of customer_service/],
    ['a template without language', baseOptions({ templates: { x: { name: 'x' } as never } }), 'templates', /\{ name, language, components\? \}/],
    ['notOwnerCodes not numbers', baseOptions({ notOwnerCodes: ['10'] as never }), 'notOwnerCodes', /list of Graph error codes/],
    ['a bad graphVersion', baseOptions({ graphVersion: '21' }), 'graphVersion', /must look like "v21\.0"/],
    ['an apiUrl with credentials', baseOptions({ apiUrl: 'https://user:pw@graph.test' }), 'apiUrl', /plain base URL/],
  ];
  it.each(rows)('%s → E_CONFIG naming the option, no secret echoed', (_label, options, option, text) => {
    let thrown: unknown;
    try {
      whatsapp(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'E_CONFIG', option, message: expect.stringMatching(text) });
    expect(String((thrown as Error).message)).not.toContain(ACCESS_TOKEN);
    expect(String((thrown as Error).message)).not.toContain(APP_SECRET);
  });

  it('valid options build an adapter with the helpers it supports', () => {
    const adapter = whatsapp(baseOptions({ phoneNumberId: 106540352242922 }));
    expect([adapter.name, adapter.capabilities]).toEqual(['whatsapp', ['reply', 'resolve', 'escalate', 'handBack', 'typing']]);
  });
});
