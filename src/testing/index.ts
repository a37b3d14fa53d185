export { signedChatwootDelivery, signedChatwootRequest } from './chatwoot.js';
export type { SignedChatwootDeliveryOptions } from './chatwoot.js';
export { testConversation } from './conversation.js';
export type { DrivenAgent, TestConversation, TestConversationOptions, TimelineEntry } from './conversation.js';
export type { DrivenAgentEvents } from './markers.js';
export { signedDelivery, platformHandlers } from './deliveries.js';
export type { EmulatedEvent, EmulatedMessageEvent, EmulatedChoiceEvent, EmulatedOwnershipEvent } from './deliveries.js';
export { EMULATORS, createEmulator, emulatorFor, isEmulatedPlatform } from './emulators.js';
export { keepEmulationOptions } from '../adapters/kit/emulation-options.js';
export type { EmulatedPlatform, EmulatorOptions } from './emulators.js';
export { clicked, EmulatorRecord, readCall } from '../adapters/kit/emulator.js';
export type {
  EmulatedAction,
  EmulatedActionType,
  EmulatedCall,
  EmulatedChoice,
  EmulatedChoiceKind,
  LabelChange,
  OfferedChoice,
  PlatformEmulator,
} from '../adapters/kit/emulator.js';
export { chatwootEmulator, signChatwootDelivery } from '../adapters/chatwoot/emulator.js';
export type { ChatwootSigning } from '../adapters/chatwoot/emulator.js';
export { messengerEmulator } from '../adapters/messenger/emulator.js';
export { whatsappEmulator } from '../adapters/whatsapp/emulator.js';
export { sunshineEmulator } from '../adapters/sunshine/emulator.js';
export { livechatEmulator } from '../adapters/livechat/emulator.js';
export { qualtricsEmulator } from '../adapters/qualtrics/emulator.js';
export { hootsuiteEmulator } from '../adapters/hootsuite/emulator.js';
export { iadvizeEmulator } from '../adapters/iadvize/emulator.js';
export { signMetaDelivery } from '../adapters/meta/emulation.js';
export { startPlayground } from './playground/server.js';
export type { Playground, PlaygroundAgent, PlaygroundOptions } from './playground/server.js';
