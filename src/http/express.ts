import { consumedBodyAnswer, type ReceivingAgent, type TransportOptions, transportSettings } from './transport.js';
import { handleIncoming, type IncomingRequestLike, type ServerResponseLike } from './incoming.js';

export type { ReceivingAgent, TransportOptions } from './transport.js';
export type { IncomingRequestLike, ServerResponseLike } from './incoming.js';

/** Options of {@link toExpress}. */
export interface ExpressOptions extends TransportOptions {}

/** The parts of an Express / Connect request the handler reads (structural: no dependency on express). */
export interface ExpressRequestLike extends IncomingRequestLike {
  /** The URL before any router stripped its mount path. */
  readonly originalUrl?: string | undefined;
  /** A body parser's result: a Buffer from `express.raw()` or a string from `express.text()` is used as the raw body. */
  readonly body?: unknown;
  /** The exact bytes kept by frameworks (NestJS `rawBody: true`, Firebase) or a parser's `verify` hook. */
  readonly rawBody?: unknown;
}

/** An Express / Connect request handler; it answers every request itself and never calls `next`. */
export type ExpressHandler = (req: ExpressRequestLike, res: ServerResponseLike) => Promise<void>;

/** What the handler answers (500 `E_CONFIG`) and logs once when a body parser already consumed the raw bytes. */
export const EXPRESS_MOUNT_HINT =
  "toExpress: the request body was already parsed (express.json() or another body parser ran first), so the raw bytes the signature covers are gone. Mount the webhook route before express.json(): app.post('/webhook', toExpress(agent)); app.use(express.json()); or give the route its own raw parser: app.post('/webhook', express.raw({ type: '*/*' }), toExpress(agent)).";

/**
 * An Express 4/5 (or Connect) request handler for an agent: `app.post('/webhook', toExpress(agent))`.
 * Reads the raw body itself when no parser ran; takes `express.raw()` / `express.text()` bodies and a
 * framework's `req.rawBody`; answers every error itself instead of passing it to Express.
 */
export function toExpress(agent: ReceivingAgent, options?: ExpressOptions): ExpressHandler {
  const settings = transportSettings('toExpress', agent, options);
  const consumed = consumedBodyAnswer(settings, EXPRESS_MOUNT_HINT);
  return (req, res) => handleIncoming(settings, req, res, consumed);
}
