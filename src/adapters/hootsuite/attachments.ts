import { randomBytes } from 'node:crypto';
import type { OutgoingAttachment } from '../../core/actions.js';
import { HandoffkitError } from '../../errors.js';
import { decodeUriSafely } from '../../core/json-text.js';
import type { UploadFile } from './api.js';

/** The largest attachment Hootsuite takes. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const DEFAULT_TYPES: Readonly<Record<OutgoingAttachment['type'], string>> = {
  image: 'image/jpeg',
  audio: 'audio/mpeg',
  video: 'video/mp4',
  file: 'application/octet-stream',
};

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

/**
 * Reads an outgoing attachment into a file to upload: an `https:`/`http:` URL is downloaded, a `data:` URL decoded
 * (the way to send bytes). The file name comes from the URL, made safe for Hootsuite (letters, digits, `-`, `_`,
 * `.`) and unique with a random prefix.
 */
export async function loadAttachment(attachment: OutgoingAttachment, timeoutMs: number): Promise<UploadFile> {
  const url = attachment.url;
  if (typeof url !== 'string' || url === '') throw new HandoffkitError('E_PAYLOAD', 'reply(): an attachment needs a url (https: or data:).');
  const loaded = url.startsWith('data:') ? decodeDataUrl(url) : await download(url, timeoutMs);
  if (loaded.bytes.byteLength > MAX_ATTACHMENT_BYTES) {
    throw new HandoffkitError('E_PAYLOAD', `reply(): the attachment is ${loaded.bytes.byteLength} bytes; Hootsuite takes attachments under 10 MB.`);
  }
  const contentType = loaded.contentType || DEFAULT_TYPES[attachment.type] || 'application/octet-stream';
  return { filename: fileName(url, contentType), bytes: loaded.bytes, contentType };
}

interface Loaded {
  bytes: Uint8Array;
  contentType: string | undefined;
}

async function download(url: string, timeoutMs: number): Promise<Loaded> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HandoffkitError('E_PAYLOAD', `reply(): the attachment url ${JSON.stringify(url.slice(0, 80))} is not a URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new HandoffkitError('E_PAYLOAD', `reply(): attachment urls must be https:, http: or data:, got ${parsed.protocol}.`);
  }
  const where = `${parsed.origin}${parsed.pathname}`;
  let response: Response;
  try {
    response = await fetch(parsed, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'the request failed';
    throw new HandoffkitError('E_PAYLOAD', `reply(): could not download the attachment ${where}: ${reason}.`);
  }
  if (!response.ok) {
    discard(response);
    throw new HandoffkitError('E_PAYLOAD', `reply(): could not download the attachment ${where}: it answered ${response.status}.`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_ATTACHMENT_BYTES) {
    discard(response);
    throw new HandoffkitError('E_PAYLOAD', `reply(): the attachment ${where} is ${declared} bytes; Hootsuite takes attachments under 10 MB.`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { bytes, contentType: response.headers.get('content-type')?.split(';')[0]?.trim() || undefined };
}

// Not awaited: the body is dropped, and some fetch stand-ins never settle a cancel.
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function decodeDataUrl(url: string): Loaded {
  const comma = url.indexOf(',');
  if (comma === -1) throw new HandoffkitError('E_PAYLOAD', 'reply(): a data: attachment url needs a comma before its data.');
  const meta = url.slice('data:'.length, comma).split(';');
  const base64 = meta.includes('base64');
  const data = url.slice(comma + 1);
  const bytes = base64 ? Buffer.from(data, 'base64') : Buffer.from(decodeUriSafely(data), 'utf8');
  return { bytes: new Uint8Array(bytes), contentType: meta[0] || undefined };
}

function fileName(url: string, contentType: string): string {
  const last = url.startsWith('data:') ? '' : (new URL(url).pathname.split('/').pop() ?? '');
  let name = decodeUriSafely(last)
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-80);
  if (name === '' || !name.includes('.')) {
    const extension = EXTENSIONS[contentType] ?? contentType.split('/')[1]?.replace(/[^A-Za-z0-9]/g, '') ?? 'bin';
    name = `${name || 'attachment'}.${extension || 'bin'}`;
  }
  // Unique within the conversation: two replies may send files of the same name.
  return `${randomBytes(4).toString('hex')}-${name}`;
}
