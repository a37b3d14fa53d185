import { ConfigError } from '../../errors.js';
import { clientOptions, describeValue, secretsOption, urlOption } from '../kit/options.js';
import type { HandoffRequestPolicy } from '../../core/adapter.js';

/** The switchboard integration of the Zendesk Agent Workspace, where human agents answer. */
export const AGENT_WORKSPACE = 'zd:agentWorkspace';

/** A source of bearer tokens (a JWT signed with an app or integration key), called before each API call. */
export type SunshineTokenSource = () => string | Promise<string>;

/** Options of the Sunshine Conversations (Zendesk messaging) switchboard adapter. */
export interface SunshineOptions {
  /** The Sunshine Conversations app id (Admin Center → Apps and integrations → Conversations API). */
  appId: string;
  /** The API key id, for Basic authentication (`keyId:keySecret`). Not needed with `jwt`. */
  keyId?: string;
  /** The API key secret, for Basic authentication. Not needed with `jwt`. */
  keySecret?: string;
  /** Gives a signed JWT for each call (sent as `Bearer`), instead of Basic `keyId:keySecret`. */
  jwt?: SunshineTokenSource;
  /** The webhook's secret, which Sunshine sends verbatim in `X-API-Key`; several during a rotation. */
  webhookSecret: string | readonly string[];
  /** The Zendesk subdomain: the API is `https://{subdomain}.zendesk.com/sc`. Give it or `apiUrl`. */
  subdomain?: string;
  /** Any API base instead (`https://api.smooch.io`, a regional host, tests); `/v2/apps/…` is appended. */
  apiUrl?: string;
  /**
   * This bot's switchboard integration: its id or its name in the switchboard. Events whose active integration is
   * it mean the bot owns the conversation; `handBack()` passes control to it.
   */
  integrationId: string;
  /** Where `escalate()` without `to` passes control. Default `zd:agentWorkspace`. */
  humanIntegration?: string;
  /**
   * The channel types this agent serves (`web`, `ios`, `android`, `messenger`, `whatsapp`, …, the events'
   * `source.type`): deliveries for other channels are answered 200 and reach `onAny` handlers only. Default: all.
   */
  channels?: readonly string[];
  /** How an `offerControl` to this bot is answered. Default `'grant'` (`acceptControl`). */
  onHandoffRequest?: HandoffRequestPolicy;
  /** Per-attempt timeout of API calls. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries of API calls on 429 and 5xx. Default 2. */
  retries?: number;
}

/** Options after validation. */
export interface ResolvedSunshineOptions {
  /** The app id. */
  appId: string;
  /** The API base, ending with `/`. */
  apiBase: string;
  /** The authorization header value (Basic), or a source of bearer tokens. */
  auth: { basic: string; keySecret: string } | { jwt: SunshineTokenSource };
  /** The accepted webhook secrets. */
  webhookSecrets: readonly string[];
  /** This bot's switchboard integration (id or name). */
  integrationId: string;
  /** The default escalation target. */
  humanIntegration: string;
  /** The channel types served, or `undefined` for all. */
  channels: ReadonlySet<string> | undefined;
  /** The handoff-request policy. */
  onHandoffRequest: HandoffRequestPolicy;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Retries. */
  retries: number;
}

const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Validates the options; throws `E_CONFIG` naming the option at fault (never echoing a secret). */
export function resolveSunshineOptions(options: SunshineOptions): ResolvedSunshineOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('options', 'sunshine() needs { appId, keyId, keySecret, webhookSecret, subdomain, integrationId }.');
  }
  return {
    appId: textOption('appId', options.appId, 'the Sunshine Conversations app id'),
    apiBase: apiBaseOption(options),
    auth: authOption(options),
    webhookSecrets: secretsOption(options.webhookSecret, {
      option: 'webhookSecret',
      missing:
        "sunshine({ webhookSecret }) is missing: pass the webhook's secret (Admin Center → Apps and integrations → Conversations integrations → the webhook), or several during a rotation.",
      blankIsMissing: true,
    }),
    integrationId: textOption('integrationId', options.integrationId, "this bot's switchboard integration id (or its name in the switchboard)"),
    humanIntegration:
      options.humanIntegration === undefined
        ? AGENT_WORKSPACE
        : textOption('humanIntegration', options.humanIntegration, 'the switchboard integration humans answer in'),
    channels: channelsOption(options.channels),
    onHandoffRequest: policyOption(options.onHandoffRequest),
    ...clientOptions('sunshine', options),
  };
}

function textOption(name: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(name, `sunshine({ ${name} }) is missing: pass ${what}.`);
  if (/\s/.test(value)) throw new ConfigError(name, `sunshine({ ${name} }) contains whitespace, got ${describeValue(value)}.`);
  return value;
}

function apiBaseOption(options: SunshineOptions): string {
  if (options.apiUrl !== undefined) return urlOption('sunshine', 'apiUrl', options.apiUrl, 'the http(s) URL of the Sunshine Conversations API');
  const subdomain = options.subdomain;
  if (subdomain === undefined) {
    throw new ConfigError('subdomain', 'sunshine({ subdomain }) is missing: pass your Zendesk subdomain (acme for acme.zendesk.com), or apiUrl.');
  }
  if (typeof subdomain !== 'string' || !SUBDOMAIN.test(subdomain)) {
    throw new ConfigError(
      'subdomain',
      `sunshine({ subdomain }) must be the bare Zendesk subdomain (acme for acme.zendesk.com), got ${describeValue(subdomain)}.`,
    );
  }
  return `https://${subdomain.toLowerCase()}.zendesk.com/sc/`;
}

function authOption(options: SunshineOptions): ResolvedSunshineOptions['auth'] {
  if (options.jwt !== undefined) {
    if (typeof options.jwt !== 'function') throw new ConfigError('jwt', 'sunshine({ jwt }) must be a function that returns a signed JWT.');
    return { jwt: options.jwt };
  }
  const keyId = options.keyId;
  const keySecret = options.keySecret;
  if (typeof keyId !== 'string' || keyId.trim() === '' || /[\s:]/.test(keyId)) {
    throw new ConfigError('keyId', 'sunshine({ keyId }) is missing or malformed: pass the API key id (app_…), or a jwt signer.');
  }
  if (typeof keySecret !== 'string' || keySecret.trim() === '' || /\s/.test(keySecret)) {
    throw new ConfigError(
      'keySecret',
      'sunshine({ keySecret }) is missing or contains whitespace: pass the API key secret shown once when the key was created.',
    );
  }
  return { basic: `Basic ${btoa(`${keyId}:${keySecret}`)}`, keySecret };
}

function channelsOption(value: unknown): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.some((c) => typeof c !== 'string' || c.trim() === '')) {
    throw new ConfigError(
      'channels',
      `sunshine({ channels }) must be a non-empty list of channel types such as ['web', 'whatsapp'], got ${describeValue(value)}.`,
    );
  }
  return new Set(value as string[]);
}

function policyOption(policy: unknown): HandoffRequestPolicy {
  if (policy === undefined) return 'grant';
  if (policy === 'grant' || policy === 'ignore' || typeof policy === 'function') return policy as HandoffRequestPolicy;
  throw new ConfigError('onHandoffRequest', `sunshine({ onHandoffRequest }) must be 'grant', 'ignore' or a handler function, got ${describeValue(policy)}.`);
}
