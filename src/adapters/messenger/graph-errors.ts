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

/** Turns Graph's "another app controls this thread" (code 10, subcode 2018300) into `E_NOT_OWNER`; other errors pass. */
export function mapGraphError(error: PlatformApiError): HandoffkitError {
  const details = error.details ?? {};
  if (details.code !== NOT_OWNER_CODE || details.error_subcode !== NOT_OWNER_SUBCODE) return error;
  return new HandoffkitError(
    'E_NOT_OWNER',
    `Messenger refused ${String(details.method)} ${String(details.path)}: another app controls this thread (${error.platformMessage}). The conversation is now treated as owned by a human; the bot acts again once control is passed back to it.`,
    { details: { ...details, platform: 'messenger' } },
  );
}

function integer(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
