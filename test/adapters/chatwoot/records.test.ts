import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../src/index.js';
import { deliverOk, makeAgent, message } from './support.js';

describe('chatwoot: custom attributes named like prototype keys', () => {
  it('are dropped from ctx.contact.attributes and ctx.conversation.attributes, which have no prototype', async () => {
    const agent = makeAgent();
    const seen: { contact: Contact; attributes: Readonly<Record<string, unknown>> }[] = [];
    agent.on('message_created', (ctx) => void seen.push({ contact: ctx.contact, attributes: ctx.conversation.attributes }));
    const payload = message({ content: 'hello' });
    // As JSON text: `__proto__` and `constructor` are ordinary keys of the platform's object.
    const hostile = '{"__proto__":{"isVip":true},"constructor":{"prototype":{"isVip":true}},"prototype":1,"customer_since":"2024"}';
    const text = JSON.stringify(payload)
      .replaceAll('"custom_attributes":{"customer_since":"2024"}', `"custom_attributes":${hostile}`)
      .replace('"custom_attributes":{"order_id":"A-1009"}', '"custom_attributes":{"__proto__":{"order_id":"spoof"},"order_id":"A-1009"}');
    await deliverOk(agent, JSON.parse(text));
    const [{ contact, attributes }] = seen as [(typeof seen)[number]];
    expect(Object.getPrototypeOf(contact.attributes)).toBeNull();
    expect(Object.keys(contact.attributes)).toEqual(['customer_since']);
    expect(contact.attributes.isVip).toBeUndefined();
    expect(Object.keys(attributes ?? {})).toEqual(['order_id']);
    expect(Object.getPrototypeOf(attributes)).toBeNull();
  });
});
