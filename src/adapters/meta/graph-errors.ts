import { HandoffkitError, type PlatformApiError } from '../../errors.js';
import type { PlatformErrorFacts } from '../../outbound/rest-client.js';

/** Graph's error code (with subcode 2018300) for "another app controls this thread". */
export const NOT_OWNER_CODE = 10;
/** Graph's subcode (with code 10) for "another app controls this thread". */
export const NOT_OWNER_SUBCODE = 2018300;

/** The error object of a Graph API error answer. */
interface GraphError {
  message?: unknown;
  type?: unknown;
  code?: unknown;
  error_subcode?: unknown;
  fbtrace_id?: unknown;
  error_data?: unknown;
}

/**
 * Reads a Graph error answer, `{ error: { message, type, code, error_subcode, fbtrace_id } }`, into a message
 * and details; the access token is blanked should Meta ever quote it.
 */
export function graphErrorFacts(accessToken: string): (body: unknown, status: number) => PlatformErrorFacts | undefined {
  return (body) => {
    const error = typeof body === 'object' && body !== null ? ((body as { error?: unknown }).error as GraphError | undefined) : undefined;
    if (typeof error !== 'object' || error === null) return undefined;
    const details: Record<string, unknown> = {};
    const code = integer(error.code);
    const subcode = integer(error.error_subcode);
    if (code !== undefined) details.code = code;
    if (subcode !== undefined) details.error_subcode = subcode;
    if (typeof error.type === 'string') details.type = error.type;
    if (typeof error.fbtrace_id === 'string') details.fbtrace_id = error.fbtrace_id;
    // WhatsApp explains its codes in error_data.details.
    const explained = typeof error.error_data === 'object' && error.error_data !== null ? (error.error_data as { details?: unknown }).details : undefined;
    if (typeof explained === 'string' && explained !== '') details.error_details = explained.slice(0, 500);
    const text = typeof error.message === 'string' && error.message !== '' ? error.message : 'no message';
    const facts = [
      code === undefined ? undefined : `code ${code}`,
      subcode === undefined ? undefined : `subcode ${subcode}`,
      typeof error.fbtrace_id === 'string' ? `fbtrace_id ${error.fbtrace_id}` : undefined,
    ].filter((part) => part !== undefined);
    const message = facts.length === 0 ? text : `${text} (${facts.join(', ')})`;
    return { message: accessToken === '' ? message : message.split(accessToken).join('[redacted]'), details };
  };
}

/** How one adapter reads Graph's errors: its name, which codes mean "not the owner", and any code it explains. */
export interface GraphErrorRules {
  /** The adapter's name, put in `details.platform` of `E_NOT_OWNER`. */
  platform: string;
  /** The platform as people name it, opening the message of `E_NOT_OWNER` (e.g. `Messenger`). */
  label: string;
  /** Whether the error's `details` (`code`, `error_subcode`) say another party owns the thread. */
  notOwner(details: Record<string, unknown>): boolean;
  /** Another error for some codes (e.g. a clearer message), or `undefined` to keep the error as it is. */
  explain?(error: PlatformApiError): HandoffkitError | undefined;
}

/** Turns Graph's "another party controls this thread" into `E_NOT_OWNER` (by `rules.notOwner`); other errors pass. */
export function graphErrorMapper(rules: GraphErrorRules): (error: PlatformApiError) => HandoffkitError {
  return (error) => {
    const details = error.details ?? {};
    if (!rules.notOwner(details)) return rules.explain?.(error) ?? error;
    return new HandoffkitError(
      'E_NOT_OWNER',
      `${rules.label} refused ${String(details.method)} ${String(details.path)}: another app controls this thread (${error.platformMessage}). The conversation is now treated as owned by a human; the bot acts again once control is passed back to it.`,
      { details: { ...details, platform: rules.platform } },
    );
  };
}

/** Messenger's "another app controls this thread": code 10 with subcode 2018300. */
export function isMessengerNotOwner(details: Record<string, unknown>): boolean {
  return details.code === NOT_OWNER_CODE && details.error_subcode === NOT_OWNER_SUBCODE;
}

function integer(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
