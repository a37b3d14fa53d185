// Lower-level builders for tests written by hand: one signed delivery of a platform in its real shape, and the
// msw handlers standing in for a platform's API.
import type { RequestHandler } from 'msw';
import type { Delivery } from '../core/delivery.js';
import { HandoffkitError } from '../errors.js';
import type { EmulatedChoiceKind } from '../adapters/kit/emulator.js';
import { createEmulator, type EmulatedPlatform, type EmulatorOptions } from './emulators.js';

/** What every emulated event names. */
interface EventBase {
  /** The conversation. Default: a fresh one. */
  conversationId?: string;
}

/** The contact writes, or a human agent does. */
export interface EmulatedMessageEvent extends EventBase {
  /** Who writes. */
  type: 'contactMessage' | 'agentMessage';
  /** The text. */
  text: string;
}

/** The contact clicks a button or quick reply. */
export interface EmulatedChoiceEvent extends EventBase {
  /** The kind of event. */
  type: 'choice';
  /** The title. */
  title: string;
  /** The payload (default: the title). */
  payload?: string;
  /** A quick reply or a button: on Messenger and Sunshine a button is a postback (default: a quick reply). */
  kind?: EmulatedChoiceKind;
}

/** A human agent takes the conversation over, hands it back, or resolves it. */
export interface EmulatedOwnershipEvent extends EventBase {
  /** The kind of event. */
  type: 'takeOver' | 'handBack' | 'resolve';
}

/** An event a platform delivers to the bot, from the contact's or a human agent's side. */
export type EmulatedEvent = EmulatedMessageEvent | EmulatedChoiceEvent | EmulatedOwnershipEvent;

/**
 * The delivery `platform` sends the bot for `event`, signed with the secret in `options` (the adapter's own options).
 * Throws `E_UNSUPPORTED` when the platform sends the bot nothing for that event (e.g. a human's message on a
 * platform that routes the conversation to humans only).
 */
export function signedDelivery<P extends EmulatedPlatform>(platform: P, event: EmulatedEvent, options: EmulatorOptions<P>): Delivery {
  const emulator = createEmulator(platform, options);
  const id = event.conversationId ?? emulator.newConversation();
  if (event.type === 'handBack' || event.type === 'resolve') emulator.takeOver(id);
  const deliveries =
    event.type === 'contactMessage'
      ? emulator.contactMessage(id, event.text)
      : event.type === 'choice'
        ? emulator.choice(id, {
            title: event.title,
            ...(event.payload === undefined ? {} : { payload: event.payload }),
            ...(event.kind === undefined ? {} : { kind: event.kind }),
          })
        : event.type === 'agentMessage'
          ? emulator.agentMessage(id, event.text)
          : emulator[event.type](id);
  const last = deliveries.at(-1);
  if (last === undefined)
    throw new HandoffkitError('E_UNSUPPORTED', `${platform} sends the bot no delivery for ${event.type}: the platform keeps it to its humans.`);
  return last;
}

/** msw handlers answering the API calls of `platform`'s adapter built with `options`, as the platform would. */
export function platformHandlers<P extends EmulatedPlatform>(platform: P, options: EmulatorOptions<P>): readonly RequestHandler[] {
  return createEmulator(platform, options).handlers;
}
