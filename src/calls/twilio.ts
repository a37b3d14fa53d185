import type { CallProvider, CallRequest, CallResult } from '../core/calls.js';
import { CallError } from '../core/calls.js';
import { ConfigError, PlatformApiError } from '../errors.js';
import { clientOptions, describeValue, urlOption } from '../adapters/kit/options.js';
import { createRestClient } from '../outbound/rest-client.js';

/** Options of {@link twilioCalls}. */
export interface TwilioCallsOptions {
  /** The Twilio account SID (`AC…`). */
  accountSid: string;
  /** The account's auth token (Basic auth password); never shown in an error. */
  authToken: string;
  /** The Twilio number the call comes from (E.164). */
  from: string;
  /** TwiML that connects the callee to the contact center (e.g. `<Response><Dial>…</Dial></Response>`). One of `twiml` and `url`. */
  twiml?: string;
  /** A URL Twilio fetches the call's TwiML from. One of `twiml` and `url`. */
  url?: string;
  /** The API's base URL. Default `https://api.twilio.com/`. */
  apiUrl?: string;
  /** Per-attempt timeout. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries on 429 and 503 (a call is never placed twice). Default 2. */
  retries?: number;
}

/** Twilio's error codes for a number it cannot call: invalid "To", invalid "To" (unreachable), "To" not a valid phone number. */
export const TWILIO_INVALID_NUMBER_CODES: readonly number[] = [21211, 21214, 21217];

/** The Twilio REST API. */
export const TWILIO_API_URL = 'https://api.twilio.com/';

/**
 * A call provider over Twilio's Programmable Voice: `POST /2010-04-01/Accounts/{sid}/Calls.json` (form-encoded,
 * Basic auth) with the TwiML or URL that connects the callee. A number Twilio refuses (21211, 21214, 21217) is a
 * `CallError('invalid_number')` carrying Twilio's message; other failures are `E_PLATFORM_API` / `E_TIMEOUT`.
 */
export function twilioCalls(options: TwilioCallsOptions): CallProvider {
  const factory = 'twilioCalls';
  for (const name of ['accountSid', 'authToken', 'from'] as const) {
    const value = options?.[name];
    if (typeof value !== 'string' || value === '')
      throw new ConfigError(name, `${factory}({ ${name} }) must be a non-empty string, got ${describeValue(value)}.`);
  }
  const { accountSid, authToken, from, twiml, url } = options;
  if ((twiml === undefined) === (url === undefined)) throw new ConfigError('twiml', `${factory}() takes exactly one of twiml and url.`);
  const client = createRestClient({
    platform: 'twilio',
    baseUrl: urlOption(factory, 'apiUrl', options.apiUrl ?? TWILIO_API_URL),
    headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` },
    secrets: [authToken],
    errorFacts: (body) => {
      const error = body as { message?: unknown; code?: unknown } | undefined;
      if (typeof error?.message !== 'string') return undefined;
      return { message: error.message, ...(typeof error.code === 'number' ? { details: { code: error.code } } : {}) };
    },
    ...clientOptions(factory, options),
  });
  return {
    name: 'twilio',
    async requestCall(request: CallRequest): Promise<CallResult> {
      const form: Record<string, string> = { To: request.phone, From: from, ...(twiml === undefined ? { Url: url as string } : { Twiml: twiml }) };
      try {
        const call = await client.send<{ sid?: unknown; status?: unknown }>({
          method: 'POST',
          path: `2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Calls.json`,
          form,
          once: true,
        });
        return { id: String(call?.sid ?? ''), status: String(call?.status ?? 'queued') };
      } catch (error) {
        if (error instanceof PlatformApiError && error.status === 400 && TWILIO_INVALID_NUMBER_CODES.includes(Number(error.details?.code))) {
          throw new CallError('invalid_number', error.platformMessage, { cause: error });
        }
        throw error;
      }
    },
  };
}
