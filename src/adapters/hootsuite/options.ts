import { ConfigError } from '../../errors.js';
import { clientOptions, describeValue, numberOption, toleranceOption, urlOption } from '../kit/options.js';
import type { TimestampTolerance } from '../../crypto/timestamp.js';

/** How the virtual agent is activated in Inbox 2.0 (set by the admin on the custom virtual agent). */
export type HootsuiteMode = 'inception' | 'delegation';

/** Options of the Hootsuite Inbox 2.0 custom virtual agent adapter. */
export interface HootsuiteOptions {
  /**
   * The virtual agent's shared secret as Hootsuite shows it: a hex string, hex-decoded to the HMAC key.
   * Several during a rotation (any one may match).
   */
  sharedSecret: string | readonly string[];
  /** OAuth2 client id of the organization app; with `clientSecret` and `organizationId`, enables the REST API. */
  clientId?: string;
  /** OAuth2 client secret of the organization app. */
  clientSecret?: string;
  /** The organization the app is linked to (`organization_id` of the token request). */
  organizationId?: string | number;
  /**
   * The activation mode the admin chose. `'delegation'` shortens the default reply window to 2 minutes (the time
   * Hootsuite gives for the first question after `CONVERSATION_DELEGATED`). Both start events are handled either way.
   */
  mode?: HootsuiteMode;
  /** Overrides the base URL of API calls (a proxy, tests). Default `https://platform.hootsuite.com/`. */
  apiUrl?: string;
  /** How far the body's `timestamp` may be from now. Default 300 s old, 30 s ahead. */
  timestampTolerance?: TimestampTolerance;
  /**
   * How long Hootsuite waits for the bot's answer to a contact (the admin's virtual agent timeout, at most 1 h).
   * Default 5 minutes (2 in delegation mode). The adapter's `handlerTimeoutMs` is derived from it.
   */
  replyWindowMs?: number;
  /** Per-attempt timeout of API calls (and attachment downloads). Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries of API calls on 408, 429 and 5xx. Default 2. */
  retries?: number;
}

/** REST credentials, present only when all three options are given. */
export interface HootsuiteCredentials {
  /** OAuth2 client id. */
  clientId: string;
  /** OAuth2 client secret. */
  clientSecret: string;
  /** The organization linked to the app. */
  organizationId: string;
}

/** Options after validation. */
export interface ResolvedHootsuiteOptions {
  /** The HMAC keys (hex-decoded shared secrets). */
  keys: readonly Uint8Array[];
  /** The REST credentials, or `undefined` when none were given. */
  credentials: HootsuiteCredentials | undefined;
  /** The activation mode, when given. */
  mode: HootsuiteMode | undefined;
  /** The API base URL, ending with `/`. */
  apiBase: string;
  /** The window of the body timestamp. */
  tolerance: TimestampTolerance;
  /** How long Hootsuite waits for the bot's answer, in ms. */
  replyWindowMs: number;
  /** Per-attempt timeout of API calls, in ms. */
  timeoutMs: number;
  /** Retries of API calls. */
  retries: number;
}

/** The production API host. */
export const DEFAULT_API_URL = 'https://platform.hootsuite.com/';
/** The default reply window: Hootsuite's default virtual agent timeout. */
export const DEFAULT_REPLY_WINDOW_MS = 5 * 60 * 1000;
/** The reply window for the first question after a delegation. */
export const DELEGATION_REPLY_WINDOW_MS = 2 * 60 * 1000;
/** The longest virtual agent timeout an admin can set. */
export const MAX_REPLY_WINDOW_MS = 60 * 60 * 1000;

const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/** Validates the options; throws `E_CONFIG` naming the option at fault (never echoing a secret). */
export function resolveHootsuiteOptions(options: HootsuiteOptions): ResolvedHootsuiteOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('options', 'hootsuite() needs { sharedSecret }, plus { clientId, clientSecret, organizationId } to act after the webhook answer.');
  }
  const mode = modeOption(options.mode);
  return {
    keys: sharedSecretOption(options.sharedSecret),
    credentials: credentialsOption(options),
    mode,
    apiBase: options.apiUrl === undefined ? DEFAULT_API_URL : urlOption('hootsuite', 'apiUrl', options.apiUrl),
    tolerance: toleranceOption('hootsuite', options.timestampTolerance),
    replyWindowMs: numberOption(
      'hootsuite',
      'replyWindowMs',
      options.replyWindowMs,
      mode === 'delegation' ? DELEGATION_REPLY_WINDOW_MS : DEFAULT_REPLY_WINDOW_MS,
      (n) => n > 0 && n <= MAX_REPLY_WINDOW_MS,
      'a positive number of milliseconds, at most 3 600 000 (the longest virtual agent timeout)',
    ),
    ...clientOptions('hootsuite', options),
  };
}

function sharedSecretOption(value: unknown): Uint8Array[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as unknown[]) : undefined;
  if (list === undefined || list.length === 0) {
    throw new ConfigError(
      'sharedSecret',
      "hootsuite({ sharedSecret }) is missing: pass the custom virtual agent's shared secret (a hex string), or several during a rotation.",
    );
  }
  return list.map((secret, index) => {
    const where = list.length > 1 ? `sharedSecret[${index}]` : 'sharedSecret';
    if (typeof secret !== 'string' || secret.trim() === '') {
      throw new ConfigError('sharedSecret', `hootsuite({ ${where} }) must be a non-empty hex string.`);
    }
    const hex = secret.trim();
    if (!HEX.test(hex)) {
      // The length and the kind of mistake help; the value itself is never repeated.
      throw new ConfigError(
        'sharedSecret',
        `hootsuite({ ${where} }) must be the hex string Hootsuite shows for the virtual agent (an even number of the digits 0-9 and a-f; it is hex-decoded into the signing key), got ${hex.length} characters that are not hex.`,
      );
    }
    return new Uint8Array(Buffer.from(hex, 'hex'));
  });
}

function credentialsOption(options: HootsuiteOptions): HootsuiteCredentials | undefined {
  const given = {
    clientId: stringOption('clientId', options.clientId),
    clientSecret: stringOption('clientSecret', options.clientSecret),
    organizationId: options.organizationId === undefined ? undefined : organizationOption(options.organizationId),
  };
  const missing = (Object.keys(given) as (keyof typeof given)[]).filter((key) => given[key] === undefined);
  if (missing.length === 3) return undefined;
  if (missing.length > 0) {
    throw new ConfigError(
      missing[0]!,
      `hootsuite({ ${missing.join(', ')} }) ${missing.length === 1 ? 'is' : 'are'} missing: the REST API needs clientId, clientSecret and organizationId together (the organization app's OAuth2 credentials).`,
    );
  }
  return given as HootsuiteCredentials;
}

function stringOption(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || /\s/.test(value)) {
    throw new ConfigError(name, `hootsuite({ ${name} }) must be a non-empty string without spaces.`);
  }
  return value;
}

function organizationOption(value: unknown): string {
  const text = typeof value === 'number' && Number.isInteger(value) && value > 0 ? String(value) : value;
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]+$/.test(text)) {
    throw new ConfigError('organizationId', `hootsuite({ organizationId }) must be the id of the organization linked to the app, got ${describeValue(value)}.`);
  }
  return text;
}

function modeOption(value: unknown): HootsuiteMode | undefined {
  if (value === undefined || value === 'inception' || value === 'delegation') return value;
  throw new ConfigError('mode', `hootsuite({ mode }) must be 'inception' or 'delegation', got ${describeValue(value)}.`);
}
