import { ConfigError } from '../../errors.js';
import { describeValue } from '../kit/options.js';
import { graphClientSettings } from '../meta/graph-client.js';
import { appSecretOption, verifyTokenOption } from '../meta/options.js';

/** A Conversation Routing role, as Meta names it in handovers and `control_pass.target_role`. */
export type RoutingRole = 'customer_service' | 'marketing' | 'utility' | 'ctwa' | 'ai_agent' | 'escalation';

/** An approved message template: its name, language code and components (header, body, button parameters). */
export interface WhatsAppTemplate {
  /** The template's name. */
  name: string;
  /** The language code, e.g. `en_US`. */
  language: string;
  /** The template's components with their parameters, as the Graph API takes them. */
  components?: readonly Record<string, unknown>[];
}

/** Options of the WhatsApp adapter. */
export interface WhatsAppOptions {
  /** The app secret (App settings → Basic), which signs deliveries; several during a rotation. */
  appSecret: string | readonly string[];
  /** The access token the bot sends with (a system user token), sent as `Authorization: Bearer`. */
  accessToken: string;
  /** The business phone number's id (WhatsApp → API Setup), in every send path. */
  phoneNumberId: string | number;
  /** The verify token typed into the webhook settings, echoed back by the GET setup check. */
  verifyToken: string;
  /** This app's routing role (Business Suite): `escalation` makes `handBack()` a `take`. Default `customer_service`. */
  role?: RoutingRole;
  /** Named templates, sent by `reply({ platformFields: { template: '<name>' } })` (e.g. to re-open the 24 h window). */
  templates?: Readonly<Record<string, WhatsAppTemplate>>;
  /** Graph error codes that mean "this app does not own the thread" (`E_NOT_OWNER`). Default none (Meta documents none). */
  notOwnerCodes?: readonly number[];
  /** The Graph API version. Default `v21.0`. */
  graphVersion?: string;
  /** Overrides the Graph API host (a proxy, tests); the version is appended. Default `https://graph.facebook.com`. */
  apiUrl?: string;
  /** Per-attempt timeout of Graph calls. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries of Graph calls on 429 and 5xx. Default 2. */
  retries?: number;
}

/** Options after validation. */
export interface ResolvedWhatsAppOptions {
  /** The app secrets. */
  secrets: readonly string[];
  /** The access token. */
  accessToken: string;
  /** The phone number id, as a string. */
  phoneNumberId: string;
  /** The verify token. */
  verifyToken: string;
  /** This app's routing role. */
  role: RoutingRole;
  /** The named templates. */
  templates: Readonly<Record<string, WhatsAppTemplate>>;
  /** The not-owner error codes. */
  notOwnerCodes: readonly number[];
  /** The Graph base URL, version included, ending with `/`. */
  graphBase: string;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Retries. */
  retries: number;
}

const ROLES: readonly RoutingRole[] = ['customer_service', 'marketing', 'utility', 'ctwa', 'ai_agent', 'escalation'];

/** Validates the options; throws `E_CONFIG` naming the option at fault (never echoing a secret). */
export function resolveWhatsAppOptions(options: WhatsAppOptions): ResolvedWhatsAppOptions {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('options', 'whatsapp() needs { appSecret, accessToken, phoneNumberId, verifyToken }.');
  }
  const graph = graphClientSettings('whatsapp', options);
  return {
    secrets: appSecretOption('whatsapp', options.appSecret),
    accessToken: stringOption('accessToken', options.accessToken, 'a system user access token with whatsapp_business_messaging', /\s|^bearer\b/i),
    phoneNumberId: phoneNumberIdOption(options.phoneNumberId),
    verifyToken: verifyTokenOption('whatsapp', options.verifyToken),
    role: roleOption(options.role),
    templates: templatesOption(options.templates),
    notOwnerCodes: codesOption(options.notOwnerCodes),
    ...graph,
  };
}

function stringOption(name: string, value: unknown, what: string, refused?: RegExp): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(name, `whatsapp({ ${name} }) is missing: pass ${what}.`);
  }
  if (refused?.test(value)) {
    throw new ConfigError(name, `whatsapp({ ${name} }) must be the bare token, without spaces or a "Bearer" prefix.`);
  }
  return value;
}

function phoneNumberIdOption(value: unknown): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,20}$/.test(text)) {
    throw new ConfigError(
      'phoneNumberId',
      `whatsapp({ phoneNumberId }) must be the numeric id of the business phone number (WhatsApp → API Setup), got ${describeValue(value)}.`,
    );
  }
  return text;
}

function roleOption(value: unknown): RoutingRole {
  if (value === undefined) return 'customer_service';
  if (ROLES.includes(value as RoutingRole)) return value as RoutingRole;
  throw new ConfigError('role', `whatsapp({ role }) must be one of ${ROLES.join(', ')}, got ${describeValue(value)}.`);
}

function templatesOption(value: unknown): Readonly<Record<string, WhatsAppTemplate>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError('templates', 'whatsapp({ templates }) must map names to { name, language, components? }.');
  }
  const out: Record<string, WhatsAppTemplate> = Object.create(null) as Record<string, WhatsAppTemplate>;
  for (const [key, template] of Object.entries(value)) {
    const t = template as Partial<WhatsAppTemplate> | null;
    if (typeof t !== 'object' || t === null || typeof t.name !== 'string' || t.name === '' || typeof t.language !== 'string' || t.language === '') {
      throw new ConfigError('templates', `whatsapp({ templates: { ${JSON.stringify(key.slice(0, 40))} } }) must be { name, language, components? }.`);
    }
    out[key] = t as WhatsAppTemplate;
  }
  return out;
}

function codesOption(value: unknown): readonly number[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((code) => Number.isSafeInteger(code))) return value as number[];
  throw new ConfigError('notOwnerCodes', `whatsapp({ notOwnerCodes }) must be a list of Graph error codes, got ${describeValue(value)}.`);
}
