import { HandoffkitError } from '../errors.js';

/** Request headers as a plain object (any case, as node:http or Lambda give them) or a WHATWG `Headers`. */
export type HeadersInput =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | {
      /** A header's value by name, in any case, or `null` (as WHATWG `Headers.get`). */
      get(name: string): string | null;
    };

/** One webhook request as the agent receives it: plain values, no framework types. */
export interface Delivery {
  /** The HTTP method, e.g. `POST`. */
  method: string;
  /** The request URL (absolute, or a path with its query). */
  url: string;
  /** The request headers. */
  headers: HeadersInput;
  /** The raw body bytes exactly as received (a string is taken as its UTF-8 bytes). */
  body: string | Uint8Array;
}

/** The HTTP answer to a delivery. */
export interface Answer {
  /** The HTTP status. */
  status: number;
  /** Response headers. */
  headers: Record<string, string>;
  /** Response body text. */
  body: string;
}

/** Reads one header, case-insensitively; several values are joined with `, `. */
export function readHeader(headers: HeadersInput, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const lower = name.toLowerCase();
  let value = record[lower];
  if (value === undefined) {
    for (const key in record) {
      if (key.toLowerCase() === lower) {
        value = record[key];
        break;
      }
    }
  }
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

/** The byte length of a body. */
export function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
// On Node, Buffer's UTF-8 decoding is about twice as fast as TextDecoder's on a 2 KB body; elsewhere, TextDecoder.
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/** The body as text (UTF-8; a leading byte order mark is dropped, as TextDecoder drops it). */
export function bodyText(body: string | Uint8Array): string {
  if (typeof body === 'string') return body;
  if (NodeBuffer === undefined) return decoder.decode(body);
  const bom = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  return NodeBuffer.from(body.buffer, body.byteOffset + bom, body.byteLength - bom).toString('utf8');
}

/** The query parameters of a delivery's URL. */
export function queryOf(url: string): URLSearchParams {
  const at = url.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : url.slice(at + 1));
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

/** A JSON answer. */
export function jsonAnswer(status: number, value: unknown): Answer {
  return { status, headers: { ...JSON_HEADERS }, body: JSON.stringify(value) };
}

/** A plain-text answer. */
export function textAnswer(status: number, text: string): Answer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

/** Reads a Web-standard `Request` into a delivery, refusing bodies over `limit` bytes without buffering past it. */
export async function toDelivery(request: Request, limit: number): Promise<Delivery> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw bodyTooLarge(declared, limit);
  const body = request.body === null ? new Uint8Array(0) : await readLimited(request.body, limit);
  return { method: request.method, url: request.url, headers: request.headers, body };
}

/** Turns an answer into a Web-standard `Response`. */
export function toResponse(answer: Answer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

async function readLimited(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(size, limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The `E_BODY_TOO_LARGE` error of a body of `size` bytes over `limit` (`atLeast` when reading stopped at the limit). */
export function bodyTooLarge(size: number, limit: number, atLeast = true): HandoffkitError {
  return new HandoffkitError('E_BODY_TOO_LARGE', `The body is ${atLeast ? 'at least ' : ''}${size} bytes, over the limit of ${limit} (maxBodyBytes).`);
}
