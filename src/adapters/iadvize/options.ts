import type { OutgoingMessage } from '../../core/actions.js';
import { ConfigError } from '../../errors.js';
import { describeValue, numberOption, urlOption } from '../kit/options.js';
import { IADVIZE_API_URL, type IadvizeGraphqlConfig, isAccessToken } from './graphql.js';

/** A scenario the bot offers, listed by `GET /external-bots`. */
export interface IadvizeBot {
  /** The scenario's id (`external.idBot` in the operator's configuration). */
  idBot: string;
  /** Its name in iAdvize's admin. */
  name: string;
  /** What it does. */
  description?: string;
  /** Where its editor is, if it has one. */
  editorUrl?: string;
}

/** One `GET /availability-strategies` entry. */
export type IadvizeAvailability =
  | { strategy: 'atLeastOne' | 'all'; distributionRulesToCheck: readonly string[] }
  | { strategy: 'notAvailable' }
  | { strategy: 'customAvailability'; availability: boolean };

/** What a first-messages handler is told: the operator and the query parameters of the call. */
export interface FirstMessagesRequest {
  /** The bot operator's id (e.g. `ha-456678`). */
  idOperator: string;
  /** The `idConnectorVersion` query parameter, when given. */
  idConnectorVersion: string | undefined;
  /** The `idWebsite` query parameter, when given. */
  idWebsite: string | undefined;
}

/** The messages a conversation opens with: texts or messages, fixed or per operator. */
export type FirstMessagesOption =
  | readonly (string | OutgoingMessage)[]
  | ((request: FirstMessagesRequest) => readonly (string | OutgoingMessage)[] | Promise<readonly (string | OutgoingMessage)[]>);

/** Options of the iAdvize connected-bot adapter. */
export interface IadvizeOptions {
  /**
   * The secret token that signs `x-iadvize-signature: sha256=<hex>` (raw body; raw query string for GET), verified
   * when the header is present; `false` accepts every call unsigned (an explicit opt-out).
   */
  secret: string | false;
  /** The scenarios the bot offers (`GET /external-bots`); at least one. */
  bots: readonly IadvizeBot[];
  /** The default distribution rule `escalate()` transfers to. */
  transferRule: string;
  /** How long iAdvize tries the transfer, in seconds (5 to 60). Default 30. */
  transferTimeoutSeconds?: number;
  /** Sent when a transfer fails (iAdvize runs it only then), before the conversation is closed. */
  transferFallbackMessage?: string;
  /** `GET /availability-strategies`. Default: at least one of `transferRule`'s agents available. */
  availability?: IadvizeAvailability | readonly IadvizeAvailability[];
  /** The conversation's first messages (`GET /bots/:idOperator/conversation-first-messages`), answered within 2 s. */
  firstMessages?: FirstMessagesOption;
  /** After a call was requested (`escalate({ to: { call } })`): `close` the conversation (default) or `transfer` it. */
  afterCall?: 'close' | 'transfer';
  /**
   * The GraphQL API, for helpers called after the answer to iAdvize's call left (the 10 s deadline passed, or later
   * in a long handler): they send through the `chatbotMessageSend` mutation. Without it, they reject with `E_CONFIG`.
   */
  graphql?: IadvizeGraphqlOptions;
}

/** The `graphql` option of {@link IadvizeOptions}: the API access token, and where the API is. */
export interface IadvizeGraphqlOptions {
  /**
   * An access token of the GraphQL API (sent as `Authorization: Bearer …`; iAdvize's tokens last 24 hours), or a
   * function giving the current one before each call (cache and renew it there). Never shown in an error or a log.
   */
  token: string | (() => string | Promise<string>);
  /** The API's base URL (the mutation goes to `{apiUrl}graphql`). Default `https://api.iadvize.com/`. */
  apiUrl?: string;
  /** Per-attempt timeout. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries on 429 and 503 (a message is never sent twice). Default 2. */
  retries?: number;
}

/** Options after validation. @internal */
export interface ResolvedIadvizeOptions {
  secret: string | false;
  bots: readonly IadvizeBot[];
  transferRule: string;
  transferTimeoutSeconds: number;
  transferFallbackMessage: string | undefined;
  availability: readonly IadvizeAvailability[];
  firstMessages: FirstMessagesOption | undefined;
  afterCall: 'close' | 'transfer';
  graphql: IadvizeGraphqlConfig | undefined;
}

const FACTORY = 'iadvize';

/** Checks the options; throws `E_CONFIG` naming the first bad one. @internal */
export function resolveIadvizeOptions(options: IadvizeOptions): ResolvedIadvizeOptions {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', `iadvize(options) needs an object, got ${describeValue(options)}.`);
  const { secret, bots, transferRule } = options;
  if (secret !== false && (typeof secret !== 'string' || secret === '')) {
    throw new ConfigError(
      'secret',
      `iadvize({ secret }) must be the connector's secret token, or false to accept unsigned calls; got ${describeValue(secret)}.`,
    );
  }
  if (!Array.isArray(bots) || bots.length === 0 || !bots.every((b) => typeof b?.idBot === 'string' && b.idBot !== '' && typeof b.name === 'string')) {
    throw new ConfigError('bots', `iadvize({ bots }) must list at least one { idBot, name } scenario, got ${describeValue(bots)}.`);
  }
  if (typeof transferRule !== 'string' || transferRule === '') {
    throw new ConfigError('transferRule', `iadvize({ transferRule }) must be a distribution rule id, got ${describeValue(transferRule)}.`);
  }
  const timeout = numberOption(
    FACTORY,
    'transferTimeoutSeconds',
    options.transferTimeoutSeconds,
    30,
    (n) => n >= 5 && n <= 60,
    'a number of seconds from 5 to 60',
  );
  const afterCall = options.afterCall ?? 'close';
  if (afterCall !== 'close' && afterCall !== 'transfer') {
    throw new ConfigError('afterCall', `iadvize({ afterCall }) must be 'close' or 'transfer', got ${describeValue(afterCall)}.`);
  }
  const first = options.firstMessages;
  if (first !== undefined && typeof first !== 'function' && !Array.isArray(first)) {
    throw new ConfigError('firstMessages', `iadvize({ firstMessages }) must be a list of messages or a function, got ${describeValue(first)}.`);
  }
  return {
    secret,
    bots,
    transferRule,
    transferTimeoutSeconds: timeout,
    transferFallbackMessage: options.transferFallbackMessage,
    availability: availabilityOption(options.availability, transferRule),
    firstMessages: first,
    afterCall,
    graphql: graphqlOption(options.graphql, secret),
  };
}

function graphqlOption(value: IadvizeOptions['graphql'], secret: string | false): IadvizeGraphqlConfig | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    throw new ConfigError('graphql', `iadvize({ graphql }) must be { token, apiUrl? }, got ${describeValue(value)}.`);
  }
  const { token } = value;
  if (typeof token !== 'function' && !isAccessToken(token)) {
    // The value is never echoed: it is a credential.
    throw new ConfigError(
      'graphql.token',
      'iadvize({ graphql: { token } }) must be an access token of the iAdvize GraphQL API (a non-empty string without spaces), or a function giving one.',
    );
  }
  return {
    token,
    apiUrl: urlOption(FACTORY, 'graphql.apiUrl', value.apiUrl ?? IADVIZE_API_URL),
    timeoutMs: numberOption(FACTORY, 'graphql.timeoutMs', value.timeoutMs, 10_000, (n) => n > 0, 'a positive number of milliseconds'),
    retries: numberOption(FACTORY, 'graphql.retries', value.retries, 2, (n) => Number.isInteger(n) && n >= 0, 'a whole number, 0 or more'),
    secrets: secret === false ? [] : [secret],
  };
}

function availabilityOption(value: IadvizeOptions['availability'], rule: string): readonly IadvizeAvailability[] {
  if (value === undefined) return [{ strategy: 'atLeastOne', distributionRulesToCheck: [rule] }];
  const list = (Array.isArray(value) ? value : [value]) as readonly IadvizeAvailability[];
  const strategies = ['atLeastOne', 'all', 'notAvailable', 'customAvailability'];
  if (!list.every((entry) => typeof entry === 'object' && entry !== null && strategies.includes(entry.strategy))) {
    throw new ConfigError('availability', `iadvize({ availability }) strategies are ${strategies.join(', ')}; got ${describeValue(value)}.`);
  }
  return list;
}
