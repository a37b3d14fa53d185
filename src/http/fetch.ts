import type { Answer, Delivery } from '../core/delivery.js';
import { HandoffkitError } from '../core/errors.js';

/** Reads a Web-standard `Request` into a delivery, refusing bodies over `limit` bytes without buffering past it. */
export async function toDelivery(request: Request, limit: number): Promise<Delivery> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(declared, limit);
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
      throw tooLarge(size, limit);
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

function tooLarge(size: number, limit: number): HandoffkitError {
  return new HandoffkitError('E_BODY_TOO_LARGE', `The body is at least ${size} bytes, over the limit of ${limit} (maxBodyBytes).`);
}
