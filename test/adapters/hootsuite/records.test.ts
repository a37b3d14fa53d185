import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../src/index.js';
import { deliver, fakeHootsuite, makeAgent, started } from './support.js';
import { serveStandIn } from '../../helpers/stand-in.js';

const { state, handlers } = fakeHootsuite();
serveStandIn(handlers, state);

describe('hootsuite: contact attributes named like prototype keys', () => {
  it('never replace the prototype of ctx.contact.attributes (no spoofed email or isVip, Object.keys honest)', async () => {
    const agent = makeAgent();
    const contacts: Contact[] = [];
    agent.on('conversation_started', (ctx) => void contacts.push(ctx.contact));
    const payload = started();
    // A phone as secondary identifier and no email attribute: any email would come from the spoofed prototype.
    payload.data.contactAttributes = [
      { attribute: '__proto__', value: { email: 'spoof@evil.test', isVip: true }, source: 'CRM_CONFIRMED' },
      { attribute: 'constructor', value: 'spoofed', source: 'AGENT' },
      { attribute: 'prototype', value: { isVip: true }, source: 'AGENT' },
      { attribute: 'company', value: 'Hootsuite', source: 'CRM_CONFIRMED' },
      { attribute: 'first_name', value: 'John', source: 'CRM_CONFIRMED' },
    ];
    expect((await deliver(agent, payload)).status).toBe(200);
    const [contact] = contacts;
    expect(contact!.email).toBeUndefined();
    expect(contact!.phone).toBe('+32439487192');
    const attributes = contact!.attributes;
    expect(Object.getPrototypeOf(attributes)).toBeNull();
    expect(Object.keys(attributes)).toEqual(['company', 'first_name']);
    expect(attributes.email).toBeUndefined();
    expect(attributes.isVip).toBeUndefined();
    expect({ ...attributes }).toEqual({ company: 'Hootsuite', first_name: 'John' });
  });
});
