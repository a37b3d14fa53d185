// The lower-level builders: every platform's signed delivery is accepted by its adapter, a tampered one is refused
// (401), and events the platform keeps to its humans are refused by the builder with E_UNSUPPORTED.
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { isHandoffkitError, VirtualAgent, silentLogger } from '../../src/index.js';
import { emulationOptionsOf } from '../../src/adapters/kit/emulation-options.js';
import { emulatorFor, isEmulatedPlatform, platformHandlers, signedDelivery, type EmulatedPlatform } from '../../src/testing/index.js';
import type { EmulatorOptions } from '../../src/testing/index.js';
import type { Delivery } from '../../src/core/delivery.js';
import { PLATFORMS } from './platforms.js';

function tampered(delivery: Delivery): Delivery {
  const body = String(delivery.body);
  // One character of the text changes; the signature stays.
  return { ...delivery, body: body.replace('hello there', 'hellO there') };
}

describe.each(PLATFORMS)('signedDelivery on $name', (platform) => {
  const adapter = platform.adapter();
  const name = adapter.name as EmulatedPlatform;
  const options = emulationOptionsOf(adapter) as EmulatorOptions<typeof name>;

  it('builds a contact message the adapter verifies and handles, and a tampered copy is refused', async () => {
    // Qualtrics reads the contact's tags before handling a mention: its API answers through the emulator's handlers.
    const msw = setupServer(...platformHandlers(name, options));
    msw.listen({ onUnhandledRequest: 'error' });
    const agent = new VirtualAgent({ adapter, logger: silentLogger });
    const seen: string[] = [];
    agent.on('message_created', (ctx) => void seen.push(`${ctx.message.sender.role}:${ctx.message.text}`));
    const delivery = signedDelivery(name, { type: 'contactMessage', text: 'hello there' }, options);
    const conversationId = emulatorFor(adapter).newConversation();
    expect(typeof conversationId).toBe('string');
    const answer = await agent.receive(delivery, { ackTimeoutMs: false });
    expect(answer.status, answer.body).toBe(200);
    expect(seen).toEqual(['contact:hello there']);
    const refused = await agent.receive(tampered(delivery), { ackTimeoutMs: false });
    // LiveChat authenticates by the registered secret_key in the body, not a signature of the bytes.
    // Sunshine authenticates by the X-API-Key header, which a changed body keeps.
    expect(refused.status).toBe(name === 'livechat' || name === 'sunshine' ? 200 : 401);
    msw.close();
  });

  it('knows the platform by the adapter name', () => {
    expect(isEmulatedPlatform(name)).toBe(true);
    expect(emulatorFor(adapter).platform).toBe(name);
  });
});

describe('signedDelivery for what a platform keeps to its humans', () => {
  it('refuses a human message on Hootsuite with E_UNSUPPORTED', () => {
    const adapter = PLATFORMS.find((p) => p.name === 'hootsuite')?.adapter();
    const options = emulationOptionsOf(adapter as object) as EmulatorOptions<'hootsuite'>;
    let caught: unknown;
    try {
      signedDelivery('hootsuite', { type: 'agentMessage', text: 'hi' }, options);
    } catch (error) {
      caught = error;
    }
    expect(isHandoffkitError(caught) && caught.code).toBe('E_UNSUPPORTED');
  });

  it('names the option when an adapter has no emulator', () => {
    const custom = { ...(PLATFORMS[0]?.adapter() as object), name: 'custom' } as Parameters<typeof emulatorFor>[0];
    expect(() => emulatorFor(custom)).toThrow(/No emulator is known for the adapter "custom"/);
  });
});
