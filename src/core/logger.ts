import { ConfigError } from '../errors.js';
import { redactValue } from './redact.js';

/** Where the agent writes warnings and errors; `console` fits, as do pino and winston loggers. */
export interface Logger {
  /** A rejected delivery or a recoverable problem. */
  warn(message: string, meta?: Record<string, unknown>): void;
  /** A failure nobody else was told about. */
  error(message: string, meta?: Record<string, unknown>): void;
}

/** The default logger without rate limiting: `console` with a `[handoffkit]` prefix. */
export const consoleLogger: Logger = {
  warn: (message, meta) => console.warn(`[handoffkit] ${message}`, ...(meta ? [meta] : [])),
  error: (message, meta) => console.error(`[handoffkit] ${message}`, ...(meta ? [meta] : [])),
};

/** A logger that drops everything (for tests and benchmarks). */
export const silentLogger: Logger = { warn: () => undefined, error: () => undefined };

/** Options of {@link rateLimitedLogger}. */
export interface RateLimitOptions {
  /** A clock, for tests. Default `Date.now`. */
  now?: () => number;
  /** The window in which one warning per code is written. Default 60 000 ms. */
  windowMs?: number;
}

/**
 * A logger that writes at most one warning per `meta.code` per window (a minute by default); the next one written
 * for that code carries `repeated`, how many were left out since. Warnings without a code, and errors, pass as
 * they are. The default logger is `console` behind it, so that a burst of forged requests cannot flood the logs.
 */
export function rateLimitedLogger(base: Logger, options: RateLimitOptions = {}): Logger {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  const byCode = new Map<string, { writtenAt: number; left: number }>();
  return {
    warn(message, meta) {
      const code = meta?.code;
      if (typeof code !== 'string') return base.warn(message, meta);
      const at = now();
      const seen = byCode.get(code);
      if (seen !== undefined && at - seen.writtenAt < windowMs) {
        seen.left += 1;
        return;
      }
      const left = seen?.left ?? 0;
      byCode.set(code, { writtenAt: at, left: 0 });
      base.warn(
        left === 0 ? message : `${message} (and ${left} more ${code} warning(s) in the last ${Math.round(windowMs / 1000)} s)`,
        left === 0 ? meta : { ...meta, repeated: left },
      );
    },
    error: (message, meta) => base.error(message, meta),
  };
}

/** A logger's optional lower levels (pino and console have them; the agent writes to them when present). */
export interface LowerLevels {
  /** Information (handoffs, escalations). */
  info?(message: string, meta?: Record<string, unknown>): void;
  /** The per-delivery stage trace. */
  debug?(message: string, meta?: Record<string, unknown>): void;
}

/** A logger whose lines and meta go through `redact` first (the adapter's secrets, in every encoding). */
export function redactingLogger<L extends Logger & LowerLevels>(base: L, redact: ((text: string) => string) | undefined): Logger & LowerLevels {
  if (redact === undefined) return base;
  const meta = (value: Record<string, unknown> | undefined): [Record<string, unknown>] | [] =>
    value === undefined ? [] : [redactValue(value, redact) as Record<string, unknown>];
  const level =
    (write: (message: string, meta?: Record<string, unknown>) => void) =>
    (message: string, record?: Record<string, unknown>): void =>
      write(redact(message), ...meta(record));
  const logger: Logger & LowerLevels = { warn: level(base.warn.bind(base)), error: level(base.error.bind(base)) };
  if (base.info !== undefined) logger.info = level(base.info.bind(base));
  if (base.debug !== undefined) logger.debug = level(base.debug.bind(base));
  return logger;
}

/** The `logger` option, checked: an object with `warn` and `error` functions, or `undefined`. */
export function loggerOption(value: unknown): (Logger & LowerLevels) | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Partial<Record<'warn' | 'error', unknown>> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.warn !== 'function' || typeof candidate.error !== 'function') {
    throw new ConfigError(
      'logger',
      'new VirtualAgent({ logger }) must be an object with warn(message, meta) and error(message, meta) methods (console, pino and winston loggers fit).',
    );
  }
  // Bound, so that loggers whose methods read `this` (pino, winston) keep working once passed around.
  const checked: Logger & LowerLevels = { warn: candidate.warn.bind(candidate) as Logger['warn'], error: candidate.error.bind(candidate) as Logger['error'] };
  const lower = value as Partial<Record<'info' | 'debug', unknown>>;
  if (typeof lower.info === 'function') checked.info = lower.info.bind(value) as Logger['warn'];
  if (typeof lower.debug === 'function') checked.debug = lower.debug.bind(value) as Logger['warn'];
  return checked;
}
