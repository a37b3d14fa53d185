import { HandoffkitError, type PlatformApiError } from '../../errors.js';
import type { PlatformErrorFacts } from '../../outbound/rest-client.js';

/** The switchboard calls, whose 403 means another integration is active in the conversation. */
const SWITCHBOARD_CALL = /\/(passControl|offerControl|acceptControl|releaseControl)$/;

/** Reads Sunshine's error answer, `{ errors: [{ code, title }] }`: the titles and codes as the message, the codes as details. */
export function sunshineErrorFacts(body: unknown): PlatformErrorFacts | undefined {
  const errors = typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const read = errors
    .filter((error): error is { code?: unknown; title?: unknown } => typeof error === 'object' && error !== null)
    .map((error) => ({ code: typeof error.code === 'string' ? error.code : undefined, title: typeof error.title === 'string' ? error.title : undefined }));
  const message = read.map((error) => `${error.title ?? 'no title'}${error.code === undefined ? '' : ` (${error.code})`}`).join('; ');
  const first = read.find((error) => error.code !== undefined)?.code;
  return { message, details: { ...(first === undefined ? {} : { code: first }), errors: read } };
}

/**
 * A 403 to a switchboard call (integration-scoped keys act only while their integration is active) becomes
 * `E_NOT_OWNER`: the conversation is taken as a human's. Other errors pass as they are.
 */
export function mapSunshineError(error: PlatformApiError): HandoffkitError {
  const details = error.details ?? {};
  const path = String(details.path ?? '');
  const action = SWITCHBOARD_CALL.exec(path)?.[1];
  if (error.status !== 403 || action === undefined) return error;
  return new HandoffkitError(
    'E_NOT_OWNER',
    `Sunshine refused ${action} (403, ${error.platformMessage}): another switchboard integration is active in this conversation. It is now treated as owned by a human; the bot acts again once control is passed back to it.`,
    { details: { ...details, platform: 'sunshine', owner: 'human' } },
  );
}

/** The `E_NOT_OWNER` of a refused `handBack()`: with integration-scoped keys, only the active integration passes control. */
export function handBackRefused(error: HandoffkitError): HandoffkitError {
  return new HandoffkitError(
    'E_NOT_OWNER',
    `Sunshine refused to pass control back to this bot: another switchboard integration is active and the API key is scoped to this bot's integration, so it cannot take control. The agent workspace hands the conversation back (an agent passes control, or the ticket's closure releases it); with an app-scoped key handBack() can do it.`,
    { details: { ...error.details, platform: 'sunshine', owner: 'human' } },
  );
}
