// Which emulator stands in for which adapter: the adapter's `name` picks the platform, the options it was built
// with configure the emulator (same secrets, same API base).
import type { Adapter } from '../core/adapter.js';
import { ConfigError } from '../errors.js';
import type { PlatformEmulator } from '../adapters/kit/emulator.js';
import { emulationOptionsOf } from '../adapters/kit/emulation-options.js';
import { chatwootEmulator } from '../adapters/chatwoot/emulator.js';
import type { ChatwootOptions } from '../adapters/chatwoot/options.js';
import { messengerEmulator } from '../adapters/messenger/emulator.js';
import type { MessengerOptions } from '../adapters/messenger/options.js';
import { whatsappEmulator } from '../adapters/whatsapp/emulator.js';
import type { WhatsAppOptions } from '../adapters/whatsapp/options.js';
import { sunshineEmulator } from '../adapters/sunshine/emulator.js';
import type { SunshineOptions } from '../adapters/sunshine/options.js';
import { livechatEmulator } from '../adapters/livechat/emulator.js';
import type { LiveChatOptions } from '../adapters/livechat/options.js';
import { qualtricsEmulator } from '../adapters/qualtrics/emulator.js';
import type { QualtricsOptions } from '../adapters/qualtrics/options.js';
import { hootsuiteEmulator } from '../adapters/hootsuite/emulator.js';
import type { HootsuiteOptions } from '../adapters/hootsuite/options.js';
import { iadvizeEmulator } from '../adapters/iadvize/emulator.js';
import type { IadvizeAdapterOptions } from '../adapters/iadvize/index.js';

/** Builds an emulator from an adapter's options. */
type EmulatorFactory = (options: never) => PlatformEmulator;

/** The emulator of every shipped platform, by the adapter's name. */
export const EMULATORS = {
  /** Chatwoot. */
  chatwoot: chatwootEmulator as (options: ChatwootOptions) => PlatformEmulator,
  /** Messenger. */
  messenger: messengerEmulator as (options: MessengerOptions) => PlatformEmulator,
  /** WhatsApp. */
  whatsapp: whatsappEmulator as (options: WhatsAppOptions) => PlatformEmulator,
  /** Sunshine Conversations. */
  sunshine: sunshineEmulator as (options: SunshineOptions) => PlatformEmulator,
  /** LiveChat. */
  livechat: livechatEmulator as (options: LiveChatOptions) => PlatformEmulator,
  /** Qualtrics Social Connect. */
  qualtrics: qualtricsEmulator as (options: QualtricsOptions) => PlatformEmulator,
  /** Hootsuite. */
  hootsuite: hootsuiteEmulator as (options: HootsuiteOptions) => PlatformEmulator,
  /** iAdvize. */
  iadvize: iadvizeEmulator as (options: IadvizeAdapterOptions) => PlatformEmulator,
} as const satisfies Record<string, EmulatorFactory>;

/** A platform the SDK ships an emulator for. */
export type EmulatedPlatform = keyof typeof EMULATORS;

/** The options of an emulated platform's adapter. */
export type EmulatorOptions<P extends EmulatedPlatform> = Parameters<(typeof EMULATORS)[P]>[0];

/** True when the SDK ships an emulator for `name`. */
export function isEmulatedPlatform(name: string): name is EmulatedPlatform {
  return Object.hasOwn(EMULATORS, name);
}

/** An emulator of `platform` for an adapter built with `options`. */
export function createEmulator<P extends EmulatedPlatform>(platform: P, options: EmulatorOptions<P>): PlatformEmulator {
  return (EMULATORS[platform] as (options: EmulatorOptions<P>) => PlatformEmulator)(options);
}

/** The emulator standing in for the platform of `adapter` (one of the SDK's, built by its factory). */
export function emulatorFor(adapter: Adapter<unknown>): PlatformEmulator {
  const options = emulationOptionsOf(adapter);
  if (!isEmulatedPlatform(adapter.name) || options === undefined) {
    throw new ConfigError(
      'emulator',
      `No emulator is known for the adapter "${adapter.name}": the SDK emulates the adapters its factories build (${Object.keys(EMULATORS).join(', ')}); pass { emulator } for another one.`,
    );
  }
  return createEmulator(adapter.name, options as never);
}
