// Call providers for `escalate({ to: { call: { phone } } })`, given to `new VirtualAgent({ calls })`.
export { twilioCalls, TWILIO_API_URL, TWILIO_INVALID_NUMBER_CODES } from './twilio.js';
export type { TwilioCallsOptions } from './twilio.js';
export { httpCalls } from './http.js';
export type { HttpCallsOptions } from './http.js';
export { collectPhone, isCollectingPhone, stopCollectingPhone, PHONE_SESSION_KEY } from './collect-phone.js';
export type { CollectPhoneOptions, PhoneCollection, PhoneContext } from './collect-phone.js';
export { CallError } from '../core/calls.js';
export type { CallErrorCode, CallProvider, CallRequest, CallResult, CallTarget } from '../core/calls.js';
