import type { ReceiveOptions } from '../core/agent.js';
import { type Answer, type Delivery, bodyTooLarge, jsonAnswer } from '../core/delivery.js';
import { ConfigError, type ErrorCode, errorMessage, HTTP_STATUS_BY_CODE } from '../errors.js';
import { unhandledAnswer } from '../core/agent/answers.js';
import { consoleLogger, type Logger } from '../core/logger.js';
import { describeValue, positiveNumber } from '../core/option-checks.js';

// What the node, Express and Lambda transports share: the structural agent they drive, their options,
// and the JSON error answers they give themselves (before the agent sees a delivery).

/** What a transport needs from an agent: a `VirtualAgent` fits, as does any object with the same `receive`. */
export interface ReceivingAgent {
  /** Handles one delivery given as plain values and resolves with the HTTP answer. */
  receive(delivery: Delivery, options?: ReceiveOptions): Promise<Answer>;
  /** The agent's body limit, when it exposes one; transports then default to it. */
  readonly maxBodyBytes?: number;
  /** The agent's logger, when it exposes one; transports then report through it. */
  readonly logger?: Logger;
}

/** Options shared by every transport. */
export interface TransportOptions {
  /** Bodies larger than this are answered 413 without being buffered. Default: the agent's limit, or 1 MiB. */
  maxBodyBytes?: number;
  /** The ack deadline passed to `agent.receive`; `false` finishes every handler before answering. Default: the agent's. */
  ackTimeoutMs?: number | false;
  /** Where the transport reports a mounting mistake or a failure. Default: the agent's logger, or `console`. */
  logger?: Logger;
  /**
   * The longest a streamed body may take to arrive, from the start of the request; a slower client is answered 408
   * and its connection closed (a client sending a byte a second would otherwise hold a socket for Node's 300 s
   * `requestTimeout`). Default 5 000 ms.
   */
  bodyTimeoutMs?: number;
}

/** Transport options after validation. */
export interface TransportSettings {
  /** The agent deliveries go to. */
  readonly agent: ReceivingAgent;
  /** The body limit enforced while reading. */
  readonly maxBodyBytes: number;
  /** What every `agent.receive` call gets as its second argument. */
  readonly receiveOptions: ReceiveOptions;
  /** Where the transport reports. */
  readonly logger: Logger;
  /** The deadline of a streamed body, in ms. */
  readonly bodyTimeoutMs: number;
}

/** The default {@link TransportOptions.bodyTimeoutMs}. */
export const DEFAULT_BODY_TIMEOUT_MS = 5_000;

const MIB = 1024 * 1024;

/** Validates a transport's arguments; throws `E_CONFIG` naming the culprit. */
export function transportSettings(factory: string, agent: ReceivingAgent, options: TransportOptions | undefined): TransportSettings {
  if (agent === null || typeof agent !== 'object' || typeof (agent as { receive?: unknown }).receive !== 'function') {
    throw new ConfigError(
      'agent',
      `${factory}(agent) needs a VirtualAgent (any object with a receive(delivery) method), got ${typeof agent === 'object' && agent !== null ? 'an object without receive()' : describeValue(agent)}.`,
    );
  }
  const opts: TransportOptions = options ?? {};
  if (typeof opts !== 'object') throw new ConfigError('options', `${factory}(agent, options) takes an options object, got ${describeValue(options)}.`);
  const agentLimit = typeof agent.maxBodyBytes === 'number' && agent.maxBodyBytes > 0 ? agent.maxBodyBytes : MIB;
  const maxBodyBytes = positiveNumber(opts.maxBodyBytes ?? agentLimit, `${factory}(agent, { maxBodyBytes })`, 'maxBodyBytes', 'bytes');
  const ack = opts.ackTimeoutMs;
  if (ack !== undefined && ack !== false) positiveNumber(ack, `${factory}(agent, { ackTimeoutMs })`, 'ackTimeoutMs', 'milliseconds or false');
  const bodyTimeoutMs = positiveNumber(
    opts.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    `${factory}(agent, { bodyTimeoutMs })`,
    'bodyTimeoutMs',
    'milliseconds',
    true,
  );
  return {
    agent,
    maxBodyBytes,
    bodyTimeoutMs,
    receiveOptions: ack === undefined ? {} : { ackTimeoutMs: ack },
    logger: opts.logger ?? agent.logger ?? consoleLogger,
  };
}

/** The JSON error answer of a code, shaped like the agent's own (`{ error: { code, message } }`). */
export function errorAnswer(code: ErrorCode, message: string): Answer {
  return jsonAnswer(HTTP_STATUS_BY_CODE[code], { error: { code, message } });
}

/** The answer to a body over the limit. */
export function tooLargeAnswer(size: number, limit: number, atLeast: boolean): Answer {
  return errorAnswer('E_BODY_TOO_LARGE', bodyTooLarge(size, limit, atLeast).message);
}

/** The answer to a body that did not arrive within `bodyTimeoutMs`. */
export function slowBodyAnswer(limitMs: number): Answer {
  return jsonAnswer(408, { error: { code: 'E_TIMEOUT', message: `The body did not arrive within ${limitMs} ms (bodyTimeoutMs).` } });
}

/** Calls `agent.receive`; a throw (which a `VirtualAgent` never does) becomes a logged 500. */
export async function receiveSafely(settings: TransportSettings, delivery: Delivery): Promise<Answer> {
  try {
    return await settings.agent.receive(delivery, settings.receiveOptions);
  } catch (error) {
    return failedAnswer(settings, error);
  }
}

/**
 * The answer to a request whose raw body was already consumed: 500 `E_CONFIG` with `message`, which is logged
 * once per handler (a misconfigured mount would otherwise log on every delivery).
 */
export function consumedBodyAnswer(settings: TransportSettings, message: string): () => Answer {
  let warned = false;
  return () => {
    if (!warned) {
      warned = true;
      settings.logger.error(message, { code: 'E_CONFIG' });
    }
    return errorAnswer('E_CONFIG', message);
  };
}

/** Logs a delivery that failed in the transport itself and answers it 500, with a fixed text that quotes nothing. */
export function failedAnswer(settings: TransportSettings, error: unknown): Answer {
  settings.logger.error(`delivery failed: ${errorMessage(error)}`);
  return unhandledAnswer();
}

/** Whether a value is raw bytes (a `Buffer` is a `Uint8Array`). */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}
