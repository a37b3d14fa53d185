export { signedChatwootDelivery, signedChatwootRequest } from './chatwoot.js';
export type { SignedChatwootDeliveryOptions } from './chatwoot.js';
export { testConversation } from './conversation.js';
export type { DrivenAgent, TestConversation, TestConversationOptions, TimelineEntry } from './conversation.js';
export { EMULATORS, createEmulator, emulatorFor, isEmulatedPlatform } from './emulators.js';
export type { EmulatedPlatform, EmulatorOptions } from './emulators.js';
export { EmulatorRecord } from '../adapters/kit/emulator.js';
export type { EmulatedAction, EmulatedActionType, EmulatedCall, EmulatedChoice, PlatformEmulator } from '../adapters/kit/emulator.js';
