import { ConfigError } from '../../errors.js';
import { describeValue } from '../kit/options.js';
import { graphClientSettings } from '../meta/graph-client.js';
import { appSecretOption, verifyTokenOption } from '../meta/options.js';
import type { HandoffRequestPolicy } from '../../core/adapter.js';

/** The app id of the Facebook Page Inbox, where a Page's human agents answer. */
export const PAGE_INBOX_APP_ID = '263902037430900';

/** What `resolve()` does on Messenger, which has no "resolved" state: release the thread, or pass it to an app. */
export type MessengerResolveAction = 'release' | { passTo: string | number };

/** Options of the Messenger adapter. */
export interface MessengerOptions {
  /** The app secret (App settings → Basic), which signs deliveries; several during a rotation. */
  appSecret: string | readonly string[];
  /** The Page access token the bot sends with (never a user token, never with a "Bearer" prefix). */
  pageAccessToken: string;
  /** The verify token typed into the webhook settings, echoed back by the GET setup check. */
  verifyToken: string;
  /** This app's id: handover events naming it mean the bot has (or lost) control. */
  appId: string | number;
  /** The app that humans answer in, for `escalate()` without `to`. Default: the Page Inbox, `263902037430900`. */
  humanAppId?: string | number;
  /** The Graph API version. Default `v21.0`. */
  graphVersion?: string;
  /**
   * This app's role on the Page (Page settings → Advanced messaging → app roles) until an `app_roles` event says
   * otherwise: the primary receiver takes control back, a secondary receiver asks for it. Default `'primary'`.
   */
  role?: 'primary' | 'secondary';
  /** How a `request_thread_control` from another app is answered. Default `'grant'` (pass control to the requester). */
  onHandoffRequest?: HandoffRequestPolicy;
  /** What `resolve()` does: `'release'` (default, `release_thread_control`) or `{ passTo: appId }` (`pass_thread_control`). */
  resolve?: MessengerResolveAction;
  /** Accepts deliveries signed only with the legacy `X-Hub-Signature` (HMAC-SHA1). Default `false`. */
  legacySha1Signature?: boolean;
  /** Overrides the Graph API host (a proxy, tests); the version is appended. Default `https://graph.facebook.com`. */
  apiUrl?: string;
  /** Per-attempt timeout of Graph calls. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries of Graph calls on 429 and 5xx. Default 2. */
  retries?: number;
}

/** Options after validation. */
export interface ResolvedMessengerOptions {
  /** The app secrets, any of which may sign a delivery. */
  secrets: readonly string[];
  /** The Page access token. */
  pageAccessToken: string;
  /** The webhook's verify token. */
  verifyToken: string;
  /** This app's id, as a string. */
  appId: string;
  /** The default escalation target, as a string. */
  humanAppId: string;
  /** The Graph base URL, version included, ending with `/`. */
  graphBase: string;
  /** The initial role. */
  role: 'primary' | 'secondary';
  /** The handoff-request policy. */
  onHandoffRequest: HandoffRequestPolicy;
  /** What `resolve()` does, with app ids as strings. */
  resolve: 'release' | { passTo: string };
  /** Whether sha1-only deliveries are accepted. */
  legacySha1: boolean;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Retries. */
  retries: number;
}

const APP_ID = /^\d{1,20}$/;

/** Validates the options; throws `E_CONFIG` naming the option at fault (never echoing a secret). */
export function resolveMessengerOptions(options: MessengerOptions): ResolvedMessengerOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('options', 'messenger() needs { appSecret, pageAccessToken, verifyToken, appId }.');
  }
  const graph = graphClientSettings('messenger', options);
  return {
    secrets: appSecretOption('messenger', options.appSecret),
    pageAccessToken: tokenOption(options.pageAccessToken),
    verifyToken: verifyTokenOption('messenger', options.verifyToken),
    appId: appIdOption('appId', options.appId, "this app's id (App settings → Basic → App ID)"),
    humanAppId:
      options.humanAppId === undefined ? PAGE_INBOX_APP_ID : appIdOption('humanAppId', options.humanAppId, 'the id of the inbox app humans answer in'),
    role: roleOption(options.role),
    onHandoffRequest: policyOption(options.onHandoffRequest),
    resolve: resolveOption(options.resolve),
    legacySha1: booleanOption('legacySha1Signature', options.legacySha1Signature),
    ...graph,
  };
}

/** An app id given as a string or a number, as a string; throws `E_CONFIG` naming `option` when it is not one. */
export function appIdOption(option: string, value: unknown, what: string): string {
  if (value === undefined || value === null || value === '') {
    throw new ConfigError(option, `messenger({ ${option} }) is missing: pass ${what}.`);
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new ConfigError(option, `messenger({ ${option} }) is a number too large to be exact in JavaScript: pass it as a string.`);
  }
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  if (!APP_ID.test(text)) {
    throw new ConfigError(option, `messenger({ ${option} }) must be a numeric app id (digits only), got ${describeValue(value)}.`);
  }
  return text;
}

function tokenOption(token: unknown): string {
  if (typeof token !== 'string' || token.trim() === '') {
    throw new ConfigError(
      'pageAccessToken',
      'messenger({ pageAccessToken }) is missing: generate a Page access token for the Page (Messenger settings → Access tokens).',
    );
  }
  if (/\s/.test(token) || /^bearer\b/i.test(token)) {
    throw new ConfigError('pageAccessToken', 'messenger({ pageAccessToken }) must be the bare Page access token, without spaces or a "Bearer" prefix.');
  }
  return token;
}

function roleOption(role: unknown): 'primary' | 'secondary' {
  if (role === undefined) return 'primary';
  if (role === 'primary' || role === 'secondary') return role;
  throw new ConfigError('role', `messenger({ role }) must be 'primary' or 'secondary', got ${describeValue(role)}.`);
}

function policyOption(policy: unknown): HandoffRequestPolicy {
  if (policy === undefined) return 'grant';
  if (policy === 'grant' || policy === 'ignore') return policy;
  throw new ConfigError(
    'onHandoffRequest',
    `messenger({ onHandoffRequest }) must be 'grant' or 'ignore' (a custom policy is an agent.on('handoff_requested', …) handler), got ${describeValue(policy)}.`,
  );
}

function resolveOption(value: unknown): 'release' | { passTo: string } {
  if (value === undefined || value === 'release') return 'release';
  if (typeof value === 'object' && value !== null && 'passTo' in value) {
    return { passTo: appIdOption('resolve', (value as { passTo: unknown }).passTo, 'the id of the app resolve() passes control to') };
  }
  throw new ConfigError('resolve', `messenger({ resolve }) must be 'release' or { passTo: appId }, got ${describeValue(value)}.`);
}

function booleanOption(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  throw new ConfigError(name, `messenger({ ${name} }) must be true or false, got ${describeValue(value)}.`);
}
