/** Where the agent writes warnings and errors; `console` fits, as do pino and winston loggers. */
export interface Logger {
  /** A rejected delivery or a recoverable problem. */
  warn(message: string, meta?: Record<string, unknown>): void;
  /** A failure nobody else was told about. */
  error(message: string, meta?: Record<string, unknown>): void;
}

/** The default logger: `console` with a `[handoffkit]` prefix. */
export const consoleLogger: Logger = {
  warn: (message, meta) => console.warn(`[handoffkit] ${message}`, ...(meta ? [meta] : [])),
  error: (message, meta) => console.error(`[handoffkit] ${message}`, ...(meta ? [meta] : [])),
};

/** A logger that drops everything (for tests and benchmarks). */
export const silentLogger: Logger = { warn: () => undefined, error: () => undefined };
