import type { ReceiveOptions } from '../core/agent.js';
import { type Answer, type Delivery, jsonAnswer } from '../core/delivery.js';
import { ConfigError, type ErrorCode, HTTP_STATUS_BY_CODE } from '../core/errors.js';
import { consoleLogger, type Logger } from '../core/logger.js';
import { describeValue } from '../core/options.js';

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
    throw new ConfigError('agent', `${factory}(agent) needs a VirtualAgent (any object with a receive(delivery) method), got ${typeof agent === 'object' && agent !== null ? 'an object without receive()' : describeValue(agent)}.`);
  }
  const opts: TransportOptions = options ?? {};
  if (typeof opts !== 'object') throw new ConfigError('options', `${factory}(agent, options) takes an options object, got ${describeValue(options)}.`);
  const agentLimit = typeof agent.maxBodyBytes === 'number' && agent.maxBodyBytes > 0 ? agent.maxBodyBytes : MIB;
  const maxBodyBytes = opts.maxBodyBytes ?? agentLimit;
  if (typeof maxBodyBytes !== 'number' || !(maxBodyBytes > 0)) {
    throw new ConfigError('maxBodyBytes', `${factory}(agent, { maxBodyBytes }) must be a positive number of bytes, got ${describeValue(maxBodyBytes)}.`);
  }
  const ack = opts.ackTimeoutMs;
  if (ack !== undefined && ack !== false && (typeof ack !== 'number' || !(ack > 0))) {
    throw new ConfigError('ackTimeoutMs', `${factory}(agent, { ackTimeoutMs }) must be a positive number of milliseconds or false, got ${describeValue(ack)}.`);
  }
  const bodyTimeoutMs = opts.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  if (typeof bodyTimeoutMs !== 'number' || !(bodyTimeoutMs > 0) || !Number.isFinite(bodyTimeoutMs)) {
    throw new ConfigError('bodyTimeoutMs', `${factory}(agent, { bodyTimeoutMs }) must be a positive, finite number of milliseconds.`);
  }
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
  return errorAnswer('E_BODY_TOO_LARGE', `The body is ${atLeast ? 'at least ' : ''}${size} bytes, over the limit of ${limit} (maxBodyBytes).`);
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
    settings.logger.error(`delivery failed: ${error instanceof Error ? error.message : String(error)}`);
    return errorAnswer('E_HANDLER', 'The delivery could not be handled.');
  }
}

/** Whether a value is raw bytes (a `Buffer` is a `Uint8Array`). */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}
