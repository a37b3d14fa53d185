import { describe, expectTypeOf, it } from 'vitest';
import type { RequestHandler } from 'msw';
import { VirtualAgent, type Answer, type Delivery, type Owner } from '../../src/index.js';
import { chatwoot } from '../../src/adapters/chatwoot/index.js';
import type { ChatwootOptions } from '../../src/adapters/chatwoot/options.js';
import type { HootsuiteOptions } from '../../src/adapters/hootsuite/options.js';
import {
  createEmulator,
  platformHandlers,
  signedDelivery,
  testConversation,
  type EmulatedAction,
  type EmulatedPlatform,
  type EmulatorOptions,
  type LabelChange,
  type PlatformEmulator,
  type TestConversation,
  type TimelineEntry,
} from '../../src/testing/index.js';

const agent = new VirtualAgent({ adapter: chatwoot({ baseUrl: 'https://chat.example.com', accountId: 1, botToken: 't', secret: 's' }) });

describe('handoffkit/testing types', () => {
  it('drives any VirtualAgent', () => {
    expectTypeOf(testConversation(agent)).toEqualTypeOf<Promise<TestConversation>>();
    expectTypeOf(testConversation(agent, { http: true })).toEqualTypeOf<Promise<TestConversation>>();
    expectTypeOf<TestConversation['contactSays']>().toEqualTypeOf<(text: string) => Promise<Answer[]>>();
    expectTypeOf<TestConversation['botReplies']>().returns.toEqualTypeOf<string[]>();
    expectTypeOf<TestConversation['owner']>().returns.toEqualTypeOf<Owner>();
    expectTypeOf<TestConversation['actions']>().returns.toEqualTypeOf<EmulatedAction[]>();
    expectTypeOf<TimelineEntry['who']>().toEqualTypeOf<'contact' | 'agent' | 'bot' | 'platform'>();
    expectTypeOf<TestConversation['agentNotes']>().toEqualTypeOf<(text: string) => Promise<Answer[]>>();
    expectTypeOf<TestConversation['agentLabels']>().toEqualTypeOf<(change: LabelChange) => Promise<Answer[]>>();
    expectTypeOf<TestConversation['labels']>().returns.toEqualTypeOf<string[]>();
    expectTypeOf<LabelChange>().toEqualTypeOf<{ add?: readonly string[]; remove?: readonly string[] }>();
  });

  it('names the shipped platforms and takes each adapter its own options', () => {
    expectTypeOf<EmulatedPlatform>().toEqualTypeOf<'chatwoot' | 'messenger' | 'whatsapp' | 'sunshine' | 'livechat' | 'qualtrics' | 'hootsuite' | 'iadvize'>();
    expectTypeOf<EmulatorOptions<'chatwoot'>>().toEqualTypeOf<ChatwootOptions>();
    expectTypeOf<EmulatorOptions<'hootsuite'>>().toEqualTypeOf<HootsuiteOptions>();
    expectTypeOf(createEmulator<'chatwoot'>)
      .parameter(1)
      .toEqualTypeOf<ChatwootOptions>();
    expectTypeOf(createEmulator<'chatwoot'>).returns.toEqualTypeOf<PlatformEmulator>();
    expectTypeOf(signedDelivery<'chatwoot'>).returns.toEqualTypeOf<Delivery>();
    expectTypeOf(platformHandlers<'chatwoot'>).returns.toEqualTypeOf<readonly RequestHandler[]>();
    // @ts-expect-error: the Chatwoot emulator takes Chatwoot's options
    signedDelivery('chatwoot', { type: 'contactMessage', text: 'hi' }, { sharedSecret: 'ab' });
    // @ts-expect-error: an event has a known type
    signedDelivery('chatwoot', { type: 'typing' }, { baseUrl: 'https://c', accountId: 1, botToken: 't', secret: 's' });
  });
});
