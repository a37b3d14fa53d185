/** The stable error codes of handoffkit, readable on `error.code`. */
export type ErrorCode =
  | 'E_CONFIG'
  | 'E_SIGNATURE'
  | 'E_PAYLOAD'
  | 'E_BODY_TOO_LARGE'
  | 'E_METHOD'
  | 'E_NOT_OWNER'
  | 'E_UNSUPPORTED'
  | 'E_PLATFORM_API'
  | 'E_TIMEOUT'
  | 'E_STORE'
  | 'E_HANDLER';

/** The HTTP status a delivery rejected with each code is answered with. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  E_CONFIG: 500,
  E_SIGNATURE: 401,
  E_PAYLOAD: 400,
  E_BODY_TOO_LARGE: 413,
  E_METHOD: 405,
  E_NOT_OWNER: 409,
  E_UNSUPPORTED: 501,
  E_PLATFORM_API: 502,
  E_TIMEOUT: 504,
  E_STORE: 503,
  E_HANDLER: 500,
};

// A registry-wide brand makes `instanceof` work across the ESM and CJS builds and across duplicated copies.
const BRAND = Symbol.for('handoffkit.error');

/** Options shared by every handoffkit error. */
export interface HandoffkitErrorOptions {
  /** What caused this error; never a raw HTTP-client error (those hold request headers and tokens). */
  cause?: unknown;
  /** Extra, secret-free facts for logs. */
  details?: Record<string, unknown>;
}

/** The one error class of handoffkit: every failure carries a stable `code`. */
export class HandoffkitError extends Error {
  /** The stable code, e.g. `E_SIGNATURE`. */
  readonly code: ErrorCode;
  /** Extra, secret-free facts for logs. */
  readonly details: Record<string, unknown> | undefined;
  declare readonly [BRAND]: readonly string[];

  /** Creates an error with a stable code and a message that says what to do. */
  constructor(code: ErrorCode, message: string, options: HandoffkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.name = new.target.name;
    const chain: string[] = [];
    for (let proto = new.target; proto && proto !== (Error as unknown); proto = Object.getPrototypeOf(proto)) {
      chain.push(proto.name);
    }
    Object.defineProperty(this, BRAND, { value: chain, enumerable: false });
  }

  /** `instanceof` that also recognises errors from the other module format or a duplicated install. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const chain = (value as { [BRAND]?: unknown })[BRAND];
    return Array.isArray(chain) && chain.includes(this.name);
  }

  /** The short JSON body a rejected delivery is answered with. */
  toJSON(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** A webhook whose signature is missing, malformed, stale or wrong (401). */
export class SignatureError extends HandoffkitError {
  /** Creates an `E_SIGNATURE` error. */
  constructor(message: string, options?: HandoffkitErrorOptions) {
    super('E_SIGNATURE', message, options);
  }
}

/** A body that is not JSON or does not match the platform's schema (400); the message names the field. */
export class PayloadError extends HandoffkitError {
  /** The path of the offending field, e.g. `conversation.id`, when known. */
  readonly field: string | undefined;
  /** Creates an `E_PAYLOAD` error. */
  constructor(message: string, field?: string, options?: HandoffkitErrorOptions) {
    super('E_PAYLOAD', message, options);
    this.field = field;
  }
}

/** Misconfiguration found at construction; the message names the option. */
export class ConfigError extends HandoffkitError {
  /** The option at fault, e.g. `secret`. */
  readonly option: string;
  /** Creates an `E_CONFIG` error. */
  constructor(option: string, message: string) {
    super('E_CONFIG', message, { details: { option } });
    this.option = option;
  }
}

/** A helper the platform adapter cannot perform. */
export class UnsupportedError extends HandoffkitError {
  /** Creates an `E_UNSUPPORTED` error naming the adapter and the helper. */
  constructor(adapter: string, helper: string, hint?: string) {
    super('E_UNSUPPORTED', `The ${adapter} adapter does not support ${helper}()${hint ? `: ${hint}` : ''}. Check adapter.capabilities first.`, {
      details: { adapter, helper },
    });
  }
}

/** A helper refused because a human owns the conversation. */
export class NotOwnerError extends HandoffkitError {
  /** Creates an `E_NOT_OWNER` error. */
  constructor(helper: string, conversationId: string, owner: string) {
    super(
      'E_NOT_OWNER',
      `Refusing ${helper}() in conversation ${conversationId}: it is owned by ${owner === 'human' ? 'a human' : owner}. Pass { force: true } to override.`,
      { details: { helper, conversationId, owner } },
    );
  }
}

/** Facts about a failed platform API call; none of them secret. */
export interface PlatformApiErrorInit {
  /** The adapter's name. */
  platform: string;
  /** The platform's HTTP status, or 0 when no answer arrived. */
  status: number;
  /** The platform's own error message. */
  platformMessage: string;
  /** HTTP method of the call. */
  method: string;
  /** Path of the call, without host or query. */
  path: string;
  /** Platform-specific error fields (codes, trace ids). */
  details?: Record<string, unknown>;
}

/** A platform API call that failed; carries the platform's status and message. */
export class PlatformApiError extends HandoffkitError {
  /** The platform's HTTP status (0 when the request never got an answer). */
  readonly status: number;
  /** The platform's own error message. */
  readonly platformMessage: string;
  /** The adapter's name. */
  readonly platform: string;
  /** Creates an `E_PLATFORM_API` error. */
  constructor(init: PlatformApiErrorInit, message?: string) {
    super(
      'E_PLATFORM_API',
      message ?? `${init.platform} API ${init.method} ${init.path} failed${init.status ? ` with ${init.status}` : ''}: ${init.platformMessage}`,
      { details: { ...init.details, method: init.method, path: init.path, status: init.status } },
    );
    this.status = init.status;
    this.platformMessage = init.platformMessage;
    this.platform = init.platform;
  }
}

/** Reports whether a value is a handoffkit error with the given code. */
export function isHandoffkitError(value: unknown, code?: ErrorCode): value is HandoffkitError {
  return value instanceof HandoffkitError && (code === undefined || value.code === code);
}

/** The message of an error, or the text of any other thrown value (for log lines and wrapped errors). */
export function errorMessage(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}

/** A thrown value as an `Error` (a thrown string or object is wrapped). */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
