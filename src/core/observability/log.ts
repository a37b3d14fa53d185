import { consoleLogger, type Logger } from '../logger.js';
import type { AgentEvents } from './bus.js';

/** A logger with the optional lower levels; `console` fits. */
export interface LevelledLogger extends Logger {
  /** Information worth keeping: handoffs, escalations. */
  info?(message: string, meta?: Record<string, unknown>): void;
  /** The per-delivery stage trace (`DEBUG=handoffkit*` or `HANDOFFKIT_LOG=debug`). */
  debug?(message: string, meta?: Record<string, unknown>): void;
}

/** One level method of pino: the record's fields first, then the message. */
export type PinoLogFn = (fields: Record<string, unknown>, message?: string) => void;

/** A pino logger, or anything with pino's `(fields, message)` signature, `child()` and `bindings()`. */
export interface PinoLikeLogger {
  /** Errors. */
  error: PinoLogFn;
  /** Warnings. */
  warn: PinoLogFn;
  /** Information. */
  info: PinoLogFn;
  /** Debugging. */
  debug: PinoLogFn;
  /** A logger whose records all carry `bindings`. */
  child(bindings: Record<string, unknown>): PinoLikeLogger;
  /** The fields every record of this logger carries (pino's marker: winston and console have none). */
  bindings(): Record<string, unknown>;
  /** Whether a level is written (pino's; absent means every level). */
  isLevelEnabled?(level: string): boolean;
}

/**
 * What the `logger` option accepts: a console-style `{ warn, error }` (optionally `info`, `debug`), or a pino logger
 * (its types fit this one; it is told apart at run time by `child()` and `bindings()`, and called as `(fields, message)`).
 */
export type LoggerOption = LevelledLogger;

/** The agent's logger: what it writes, and whether the stage trace is on. */
export interface AgentLog {
  /** Console-style calls, whatever the option was. */
  logger: LevelledLogger;
  /** Whether the per-delivery stage trace is written. */
  trace: boolean;
}

/** Whether a logger is pino-like (`child()` and `bindings()`), as opposed to console style. */
export function isPinoLike(logger: LoggerOption | PinoLikeLogger): logger is PinoLikeLogger {
  const candidate = logger as Partial<PinoLikeLogger>;
  return typeof candidate.child === 'function' && typeof candidate.bindings === 'function';
}

/** Whether the environment asks for the stage trace: `DEBUG` naming handoffkit (`handoffkit*`, `*`) or `HANDOFFKIT_LOG=debug`. */
export function traceRequested(env: Record<string, string | undefined> | undefined = globalThis.process?.env): boolean {
  if (env === undefined) return false;
  if (env.HANDOFFKIT_LOG?.trim().toLowerCase() === 'debug') return true;
  return (env.DEBUG ?? '')
    .split(/[\s,]+/)
    .some(
      (pattern) =>
        pattern !== '' && !pattern.startsWith('-') && new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test('handoffkit'),
    );
}

/** The agent's logger for an option: console by default, pino's calls turned around, records bound to the platform. */
export function agentLog(option: LoggerOption | PinoLikeLogger | undefined, platform: string): AgentLog {
  const requested = traceRequested();
  if (option === undefined) return { logger: consoleLogger, trace: requested };
  if (!isPinoLike(option)) return { logger: option, trace: requested };
  const pino = option.child({ platform });
  const level = (name: 'error' | 'warn' | 'info' | 'debug') => (message: string, meta?: Record<string, unknown>) => pino[name]({ ...meta }, message);
  return {
    logger: { error: level('error'), warn: level('warn'), info: level('info'), debug: level('debug') },
    trace: requested || pino.isLevelEnabled?.('debug') === true,
  };
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;

/**
 * Writes the bus to the log: handoffs and escalations at `info` (when the logger has it), and with `trace` each
 * delivery's stages at `debug` (or `console.debug`) as readable lines with structured fields.
 */
export function logBus(bus: AgentEvents, log: AgentLog, platform: string): void {
  const { logger } = log;
  const info = logger.info?.bind(logger);
  if (info !== undefined && logger !== consoleLogger) {
    bus.on('handoff', (e) =>
      info(`conversation ${e.conversationId} handed from ${e.from} to ${e.to} by ${e.initiator}${e.reason === undefined ? '' : `: ${e.reason}`}`, {
        event: 'handoff',
        ...e,
      }),
    );
    bus.on('escalation', (e) =>
      info(`escalation of conversation ${e.conversationId} (${e.trigger}, ${e.channel}): ${e.outcome}`, { event: 'escalation', ...e }),
    );
  }
  if (!log.trace) return;
  const debug = logger.debug?.bind(logger) ?? ((message: string, meta?: Record<string, unknown>) => console.debug(`[handoffkit] ${message}`, meta));
  bus.on('accepted', (e) =>
    debug(`${platform} delivery: verified in ${ms(e.verifyMs)}, parsed ${e.events} event(s) in ${ms(e.parseMs)}`, { stage: 'accepted', ...e }),
  );
  bus.on('duplicate', (e) => debug(`${platform} ${e.conversationId}: already handled, skipped (${e.idempotencyKey})`, { stage: 'duplicate', ...e }));
  bus.on('event', (e) =>
    debug(
      `${platform} ${e.conversationId} ${e.name}: owner ${e.ownerBefore} → ${e.ownerAfter}, ${e.handled ? `handlers ${ms(e.handlerMs)}` : 'no handler ran'}`,
      {
        stage: 'event',
        platform,
        event: e.name,
        conversationId: e.conversationId,
        ownerBefore: e.ownerBefore,
        ownerAfter: e.ownerAfter,
        handled: e.handled,
        handlerMs: e.handlerMs,
      },
    ),
  );
  bus.on('api_call', (e) =>
    debug(
      `${platform} → ${e.method} ${e.route} ${e.status} in ${ms(e.durationMs)}${e.retries > 0 ? ` after ${e.retries} retries` : ''} (${e.helper ?? 'call'})`,
      { stage: 'api_call', ...e },
    ),
  );
  bus.on('timeout', (e) => debug(`${platform} ${e.kind} deadline of ${e.afterMs} ms passed`, { stage: 'timeout', ...e }));
  bus.on('delivery', (e) =>
    debug(`${platform} answered ${e.status} in ${ms(e.durationMs)}${e.acked ? ' (at the ack deadline)' : ''}`, { stage: 'delivery', ...e }),
  );
}
