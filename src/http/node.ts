import { consumedBodyAnswer, type ReceivingAgent, type TransportOptions, transportSettings } from './transport.js';
import { handleIncoming, type IncomingRequestLike, type ServerResponseLike } from './incoming.js';

export type { ReceivingAgent, TransportOptions } from './transport.js';
export type { IncomingRequestLike, ServerResponseLike } from './incoming.js';

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions extends TransportOptions {}

/** What the handler answers (500 `E_CONFIG`) and logs once when something else already read the body. */
const NODE_CONSUMED_HINT =
  'toNodeHandler: the request body was already read by something else (a body parser?), so the raw bytes the signature covers are gone. Hand the handler the untouched request, or put the exact bytes on req.rawBody (a Buffer) before calling it.';

/** A node:http request listener; the promise settles once the answer is written (it never rejects). */
export type NodeHandler = (req: IncomingRequestLike, res: ServerResponseLike) => Promise<void>;

/**
 * Serves an agent with node:http or node:https: `http.createServer(toNodeHandler(agent))`.
 * Streams the body with the size limit enforced while reading (413, connection closed, nothing buffered
 * past the limit) and calls nothing when the client goes away mid-body.
 */
export function toNodeHandler(agent: ReceivingAgent, options?: NodeHandlerOptions): NodeHandler {
  const settings = transportSettings('toNodeHandler', agent, options);
  const consumed = consumedBodyAnswer(settings, NODE_CONSUMED_HINT);
  return (req, res) => handleIncoming(settings, req, res, consumed);
}
