import type { Answer } from '../core/delivery.js';
import { failedAnswer, isBytes, receiveSafely, slowBodyAnswer, tooLargeAnswer, type TransportSettings } from './transport.js';

// The request side shared by the node:http and Express transports: structural types of an incoming
// message and a server response (node:http, https, http2 compatibility, Express, Connect all fit),
// a body reader that enforces the limit while reading, and the flow from request to answer.

/** The parts of an incoming HTTP request (node:http `IncomingMessage` and what extends it) the transports use. */
export interface IncomingRequestLike {
  /** The request method. */
  readonly method?: string | undefined;
  /** The request path with its query. */
  readonly url?: string | undefined;
  /** The request headers (lower-case names, as node:http gives them). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Subscribes to the body stream's events (`data`, `end`, `error`, `aborted`, `close`). */
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  /** Unsubscribes a stream listener. */
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
  /** `true` once the body stream has ended (read by someone). */
  readonly readableEnded?: boolean | undefined;
  /** `true` once some of the body was read (Node 16.7+). */
  readonly readableDidRead?: boolean | undefined;
  /** `true` when the client went away. */
  readonly aborted?: boolean | undefined;
  /** `true` when the stream was destroyed. */
  readonly destroyed?: boolean | undefined;
}

/** The parts of a server response (node:http `ServerResponse`, Express and Connect responses) the transports use. */
export interface ServerResponseLike {
  /** The status to send. */
  statusCode: number;
  /** `true` once the head was written. */
  readonly headersSent: boolean;
  /** `true` once `end()` was called. */
  readonly writableEnded?: boolean | undefined;
  /** Sets one response header. */
  setHeader(name: string, value: string): unknown;
  /** Writes the body and finishes the response. */
  end(body: string): unknown;
}

/** Where a raw body may already be waiting: frameworks' `rawBody`, or a raw/text parser's `body`. */
export interface PresetBodies {
  /** The exact bytes a framework kept (NestJS `rawBody: true`, Firebase, a parser's `verify` hook). */
  readonly rawBody?: unknown;
  /** A body parser's result: raw when a Buffer or a string. */
  readonly body?: unknown;
  /** Express 4's body-parser flag: `true` once it read the body. */
  readonly _body?: unknown;
}

/** The outcome of reading a request body with a limit. */
export type ReadOutcome =
  | { readonly kind: 'body'; readonly bytes: Uint8Array }
  | { readonly kind: 'too-large'; readonly size: number; readonly atLeast: boolean }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'too-slow' }
  | { readonly kind: 'consumed' };

const EMPTY = new Uint8Array(0);

/**
 * Reads a request body, refusing it as soon as it crosses `limit` bytes (or when Content-Length announces
 * more): nothing past the limit is buffered. A client that goes away yields `aborted`; a stream someone
 * else already read yields `consumed`. Every listener added is removed once the outcome is known.
 */
export function readRequestBody(req: IncomingRequestLike, limit: number, timeoutMs?: number): Promise<ReadOutcome> {
  const declared = contentLength(req.headers);
  if (declared !== undefined && declared > limit) return Promise.resolve({ kind: 'too-large', size: declared, atLeast: false });
  if (req.readableEnded === true || req.readableDidRead === true) return Promise.resolve({ kind: 'consumed' });
  if (req.aborted === true || req.destroyed === true) return Promise.resolve({ kind: 'aborted' });

  return new Promise<ReadOutcome>((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    // A body that takes longer than the deadline is refused, so that a trickling client cannot hold the socket.
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => settle({ kind: 'too-slow' }), timeoutMs);
    const settle = (outcome: ReadOutcome): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onGone);
      req.removeListener('aborted', onGone);
      req.removeListener('close', onClose);
      if (outcome.kind !== 'body') chunks.length = 0;
      resolve(outcome);
    };
    const onData = (chunk: unknown): void => {
      if (settled) return;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : isBytes(chunk) ? chunk : EMPTY;
      size += bytes.byteLength;
      // Past the limit: stop keeping bytes. The stream keeps flowing with no listener, so the rest of the
      // upload is discarded, not buffered, until the server closes the connection after the 413.
      if (size > limit) settle({ kind: 'too-large', size, atLeast: true });
      else chunks.push(bytes);
    };
    const onEnd = (): void => settle({ kind: 'body', bytes: concat(chunks, size) });
    const onGone = (): void => settle({ kind: 'aborted' });
    // 'close' after 'end' is normal (and 'end' settled first); before it, the client went away.
    const onClose = (): void => settle(req.readableEnded === true ? { kind: 'body', bytes: concat(chunks, size) } : { kind: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('aborted', onGone);
    req.on('close', onClose);
  });
}

/** One request through a transport: raw body → `agent.receive` → answer written. Never throws. */
export async function handleIncoming(
  settings: TransportSettings,
  req: IncomingRequestLike & PresetBodies & { readonly originalUrl?: string | undefined },
  res: ServerResponseLike,
  onConsumed: () => Answer,
): Promise<void> {
  let answer: Answer;
  try {
    const preset = presetBody(req);
    let body: string | Uint8Array;
    if (preset !== undefined) {
      body = preset;
    } else if (req._body === true) {
      // Express 4's body-parser flags a body it read; the bytes are gone.
      return write(res, onConsumed(), false);
    } else {
      const outcome = await readRequestBody(req, settings.maxBodyBytes, settings.bodyTimeoutMs);
      if (outcome.kind === 'aborted') return; // nobody is listening for an answer
      if (outcome.kind === 'consumed') return write(res, onConsumed(), false);
      // The rest of the body is unread: the connection is closed after the answer.
      if (outcome.kind === 'too-slow') return write(res, slowBodyAnswer(settings.bodyTimeoutMs), true);
      if (outcome.kind === 'too-large') {
        // The rest of the upload is unread: close the connection rather than read it for keep-alive.
        return write(res, tooLargeAnswer(outcome.size, settings.maxBodyBytes, outcome.atLeast), true);
      }
      if (outcome.bytes.byteLength === 0 && isParsedObject(req.body)) return write(res, onConsumed(), false);
      body = outcome.bytes;
    }
    const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
    if (size > settings.maxBodyBytes) return write(res, tooLargeAnswer(size, settings.maxBodyBytes, false), false);
    answer = await receiveSafely(settings, {
      method: req.method ?? '',
      url: req.originalUrl ?? req.url ?? '/',
      headers: req.headers,
      body,
    });
  } catch (error) {
    answer = failedAnswer(settings, error);
  }
  write(res, answer, false);
}

/** Writes an answer unless something else already answered; never throws. */
export function write(res: ServerResponseLike, answer: Answer, closeConnection: boolean): void {
  if (res.headersSent || res.writableEnded === true) return;
  try {
    res.statusCode = answer.status;
    for (const name in answer.headers) {
      const value = answer.headers[name];
      if (value !== undefined) res.setHeader(name, value);
    }
    res.setHeader('content-length', String(Buffer.byteLength(answer.body, 'utf8')));
    if (closeConnection) res.setHeader('connection', 'close');
    res.end(answer.body);
  } catch {
    // The socket is gone; there is nobody to answer.
  }
}

/** The raw body a framework or a raw/text parser left on the request, if any. */
function presetBody(req: PresetBodies): string | Uint8Array | undefined {
  // `rawBody` first: NestJS (rawBody: true), Firebase and verify-hooks keep the exact bytes there even when
  // `body` holds the parsed JSON.
  if (isBytes(req.rawBody) || typeof req.rawBody === 'string') return req.rawBody;
  // express.raw() leaves a Buffer, express.text() a string.
  if (isBytes(req.body) || typeof req.body === 'string') return req.body;
  return undefined;
}

function isParsedObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

function contentLength(headers: IncomingRequestLike['headers']): number | undefined {
  const raw = headers['content-length'];
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  if (chunks.length === 0) return EMPTY;
  const bytes = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
