import { ConfigError } from '../errors.js';
import { describeValue } from './option-checks.js';
import type { Contact } from './events.js';

/** Why a call provider refused a call: a number it cannot dial, a callee it cannot reach, or its own failure. */
export type CallErrorCode = 'invalid_number' | 'unreachable' | 'provider';

/** A call provider's refusal; `message` is the provider's own text (shown to the contact on `invalid_number`). */
export class CallError extends Error {
  /** What went wrong. */
  readonly code: CallErrorCode;

  /** Creates a call error with the provider's message. */
  constructor(code: CallErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CallError';
    this.code = code;
  }
}

/** What the agent asks a call provider for: a call to the contact about one conversation. */
export interface CallRequest {
  /** The number to call, as the contact gave it (the provider validates it). */
  phone: string;
  /** The platform's conversation id. */
  conversationId: string;
  /** The contact, when the event named one. */
  contact?: Contact;
  /** Why the bot escalates. */
  reason?: string;
  /** The contact's locale, when known. */
  locale?: string;
}

/** A call the provider accepted. */
export interface CallResult {
  /** The provider's id of the call (or task). */
  id: string;
  /** The provider's status word (e.g. `queued`). */
  status: string;
}

/** A contact-center (CCaaS) API that calls a contact back: the `calls` option of `VirtualAgent`. */
export interface CallProvider {
  /** The provider's name, for logs and escalation records. */
  readonly name: string;
  /** Requests the call; rejects with a `CallError` (or any error: counted as the provider failing). */
  requestCall(request: CallRequest): Promise<CallResult>;
}

/** Where `escalate({ to: { call } })` goes: a phone call to the contact through the agent's call provider. */
export interface CallTarget {
  /** The number to call. */
  phone: string;
  /** Sent to the contact once the call is requested. Default: "Thank you, we are calling you at <phone>." */
  confirmation?: string;
  /** Sent after the provider's message when it refused the number. Default: "Please send your phone number again." */
  retryPrompt?: string;
  /** Sent when the provider failed (not the number): the conversation then goes to a human in the chat. */
  fallbackMessage?: string;
}

/** Whether an escalation target asks for a call. */
export function isCallTarget(to: unknown): to is { call: CallTarget } {
  return typeof to === 'object' && to !== null && 'call' in to;
}

/** A call provider's failure as a `CallError` (any other error is the provider's). */
export function asCallError(error: unknown): CallError {
  if (error instanceof CallError) return error;
  return new CallError('provider', error instanceof Error ? error.message : String(error), { cause: error });
}

/** Checks the agent's `calls` option: a call provider, else `E_CONFIG` naming the option. @internal */
export function callProviderOption(calls: CallProvider): CallProvider {
  if (typeof calls !== 'object' || calls === null || typeof calls.requestCall !== 'function') {
    throw new ConfigError('calls', `new VirtualAgent({ calls }) must be a call provider (an object with requestCall()), got ${describeValue(calls)}.`);
  }
  return calls;
}
