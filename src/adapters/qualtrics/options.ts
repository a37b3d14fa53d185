import { ConfigError } from '../../errors.js';
import { clientOptions, describeValue, secretsOption, numberOption, urlOption } from '../kit/options.js';
import type { QualtricsMention } from './schema.js';

/** The escalation tag Qualtrics' chatbot guide uses: a contact carrying it belongs to the agents. */
export const DEFAULT_ESCALATION_TAG = 'Escalated to agent';

/** The Engagor API, which serves Qualtrics Social Connect. */
export const DEFAULT_API_URL = 'https://api.engagor.com/';

/** Options of the Qualtrics Social Connect adapter. */
export interface QualtricsOptions {
  /** The Social Connect account id (the number in `app.engagor.com/…/{account_id}/…` URLs). */
  accountId: number | string;
  /** An OAuth access token of the API application, sent as `Authorization: Bearer …`. */
  accessToken: string;
  /**
   * The API application's client secret, which signs recipe webhooks (`x-signature`); several during a rotation.
   * `false` accepts unsigned recipes: an explicit opt-out, never a default (signing is enabled per recipe by Qualtrics).
   */
  clientSecret: string | readonly string[] | false;
  /** The contact tag that hands a contact to the agents (compared case-insensitively). Default `Escalated to agent`. */
  escalationTag?: string;
  /**
   * `'tag'` (default): ownership is the escalation tag on the contact, read from the API.
   * `'handover'`: escalate/handBack use the native handover endpoints (alpha; Live Chat, WhatsApp, Viber, Twilio) and
   * ownership comes from the bot's own escalate/handBack only.
   */
  mode?: 'tag' | 'handover';
  /** When the contact's tags cannot be read: `'retry'` answers 503 so the recipe redelivers (default); `'assume-bot'` answers as the bot, with a warning. */
  onTagReadError?: 'retry' | 'assume-bot';
  /** How long a contact found without the tag is reused before it is read again, in ms (at most 30 000). Default 10 000. */
  tagCacheMs?: number;
  /** The publishing status of replies (`publisher/add` `status`). Default `queued`. */
  replyStatus?: string;
  /**
   * The profile each channel replies from, as `{ [service]: service_id }` (e.g. `{ twitter: '1417000' }`).
   * Without an entry, the adapter asks `GET /{account_id}/publisher/add` which profile can reply to the mention.
   */
  profiles?: Readonly<Record<string, string | number>>;
  /** Decides whether a mention is a private message (replied with `privatemessage`) or public (replied with `reply`). */
  isPrivateMessage?: (mention: QualtricsMention) => boolean;
  /** Also adds `escalate({ reason })` as a tag on the mention being handled. Default false. */
  reasonAsMentionTag?: boolean;
  /** Overrides the API's base URL (a regional host, a proxy, tests). Default `https://api.engagor.com/`. */
  apiUrl?: string;
  /** Per-attempt timeout of API calls. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries of API calls on 429 and 5xx (replies only where nothing was published). Default 2. */
  retries?: number;
}

/** Options after validation. */
export interface ResolvedQualtricsOptions {
  apiBase: string;
  accountId: string;
  accessToken: string;
  secrets: readonly string[] | false;
  escalationTag: string;
  mode: 'tag' | 'handover';
  onTagReadError: 'retry' | 'assume-bot' | undefined;
  tagCacheMs: number | undefined;
  replyStatus: string;
  profiles: Readonly<Record<string, string>>;
  isPrivateMessage: ((mention: QualtricsMention) => boolean) | undefined;
  reasonAsMentionTag: boolean;
  timeoutMs: number;
  retries: number;
}

const NAME = 'qualtrics';

/** Validates the options; throws `E_CONFIG` naming the option at fault. */
export function resolveQualtricsOptions(options: QualtricsOptions): ResolvedQualtricsOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('options', 'qualtrics() needs { accountId, accessToken, clientSecret }.');
  }
  const accountId = String(options.accountId ?? '').trim();
  if (!/^[1-9]\d*$/.test(accountId)) {
    throw new ConfigError(
      'accountId',
      `qualtrics({ accountId }) must be the numeric id of the Social Connect account, got ${describeValue(options.accountId)}.`,
    );
  }
  const mode = options.mode ?? 'tag';
  if (mode !== 'tag' && mode !== 'handover') {
    throw new ConfigError('mode', `qualtrics({ mode }) must be 'tag' or 'handover', got ${describeValue(mode)}.`);
  }
  if (mode === 'handover') {
    for (const option of ['escalationTag', 'onTagReadError', 'tagCacheMs'] as const) {
      if (options[option] !== undefined) {
        throw new ConfigError(
          option,
          `qualtrics({ ${option} }) applies to mode: 'tag' only; mode: 'handover' escalates through the handover endpoints and reads no tags. Remove ${option}, or use mode: 'tag'.`,
        );
      }
    }
  }
  const onTagReadError = options.onTagReadError;
  if (onTagReadError !== undefined && onTagReadError !== 'retry' && onTagReadError !== 'assume-bot') {
    throw new ConfigError('onTagReadError', `qualtrics({ onTagReadError }) must be 'retry' or 'assume-bot', got ${describeValue(onTagReadError)}.`);
  }
  if (options.isPrivateMessage !== undefined && typeof options.isPrivateMessage !== 'function') {
    throw new ConfigError('isPrivateMessage', 'qualtrics({ isPrivateMessage }) must be a function (mention) => boolean.');
  }
  return {
    apiBase: options.apiUrl === undefined ? DEFAULT_API_URL : urlOption(NAME, 'apiUrl', options.apiUrl),
    accountId,
    accessToken: tokenOption(options.accessToken),
    secrets: secretsOption(options.clientSecret, {
      option: 'clientSecret',
      disableable: true,
      missing: `${NAME}({ clientSecret }) is missing: pass the client secret of the API application whose recipes are signed (x-signature), several during a rotation, or clientSecret: false to accept unsigned recipe webhooks.`,
    }),
    escalationTag: textOption('escalationTag', options.escalationTag, DEFAULT_ESCALATION_TAG),
    mode,
    onTagReadError,
    tagCacheMs:
      options.tagCacheMs === undefined
        ? undefined
        : numberOption(NAME, 'tagCacheMs', options.tagCacheMs, 0, (n) => n > 0 && n <= 30_000, 'a number of milliseconds, above 0 and at most 30 000'),
    replyStatus: textOption('replyStatus', options.replyStatus, 'queued'),
    profiles: profilesOption(options.profiles),
    isPrivateMessage: options.isPrivateMessage,
    reasonAsMentionTag: options.reasonAsMentionTag === true,
    ...clientOptions(NAME, options),
  };
}

function tokenOption(token: unknown): string {
  if (typeof token !== 'string' || token.trim() === '') {
    throw new ConfigError(
      'accessToken',
      `${NAME}({ accessToken }) is missing: use an OAuth access token of your Social Connect API application (scopes accounts_read, accounts_write; accounts_handover for mode: 'handover').`,
    );
  }
  if (/\s/.test(token) || /^bearer\b/i.test(token)) {
    throw new ConfigError('accessToken', `${NAME}({ accessToken }) must be the bare access token, without spaces or a "Bearer" prefix.`);
  }
  return token;
}

function textOption(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(name, `${NAME}({ ${name} }) must be a non-empty string, got ${describeValue(value)}.`);
  }
  return value;
}

function profilesOption(value: unknown): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('profiles', `${NAME}({ profiles }) must map a service to your profile's service_id, e.g. { twitter: '1417000' }.`);
  }
  const profiles: Record<string, string> = {};
  for (const [service, id] of Object.entries(value)) {
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
      throw new ConfigError('profiles', `${NAME}({ profiles: { ${service} } }) must be the service_id of your ${service} profile, got ${describeValue(id)}.`);
    }
    profiles[service.toLowerCase()] = String(id);
  }
  return profiles;
}
