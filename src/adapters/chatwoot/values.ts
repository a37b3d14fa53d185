import type * as z from 'zod/mini';
import type { Attachment, SubmittedValue } from '../../core/events.js';
import { PayloadError } from '../../errors.js';
import { decodeUriSafely, jsonText } from '../../core/json-text.js';
import { parsePayload } from '../kit/payload.js';
import { idHash } from '../kit/hash.js';
import { type ChatwootMessageEvent, submittedListSchema } from './schema.js';

// Chatwoot's field values as normalized events carry them: answers to interactive messages, attachments, times.

export function submittedValues(payload: ChatwootMessageEvent): SubmittedValue[] | undefined {
  const attributes = payload.content_attributes;
  const values = attributes?.submitted_values;
  if (Array.isArray(values)) {
    return submittedList(values, payload.event).map((item) => {
      const value: SubmittedValue = { value: scalar(item.value) };
      if (item.name) value.name = item.name;
      if (item.title) value.title = item.title;
      return value;
    });
  }
  if (values) return objectValues(values);
  if (attributes?.submitted_email) return [{ name: 'email', value: attributes.submitted_email }];
  return undefined;
}

const SUBMITTED_PATH = 'content_attributes.submitted_values';

/** Checks a list of answers, naming a bad item's field from the body's root. */
export function submittedList(values: unknown[], event: string): z.infer<typeof submittedListSchema> {
  try {
    return parsePayload(submittedListSchema, values, `Chatwoot ${event}`);
  } catch (error) {
    if (!(error instanceof PayloadError) || error.field === undefined) throw error;
    // Name the field from the body's root, as for every other field.
    const field = `${SUBMITTED_PATH}.${error.field}`;
    throw new PayloadError(error.message.replace(`"${error.field}"`, `"${field}"`), field);
  }
}

// A CSAT answer, `{ csat_survey_response: { rating: 5, feedback_message: "…" } }`, becomes `rating` and `feedback_message`.
export function objectValues(values: Record<string, unknown>): SubmittedValue[] {
  const result: SubmittedValue[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [name, inner] of Object.entries(value)) result.push({ name, value: scalar(inner) });
    } else {
      result.push({ name: key, value: scalar(value) });
    }
  }
  return result;
}

/** An answer's value as text. */
export function scalar(value: unknown): string {
  if (value == null) return '';
  return typeof value === 'object' ? jsonText(value) : String(value);
}

/** A Chatwoot attachment as a normalized one (its file name from the URL, decoded when well-formed). */
export function attachment(source: {
  id?: string | number | undefined;
  file_type?: string | null | undefined;
  data_url?: string | null | undefined;
  thumb_url?: string | null | undefined;
  file_size?: number | null | undefined;
}): Attachment {
  const result: Attachment = { type: source.file_type ?? 'file' };
  if (source.id !== undefined) result.id = String(source.id);
  if (source.data_url) {
    result.url = source.data_url;
    const name = source.data_url.split('?')[0]?.split('/').pop();
    if (name) result.name = decodeUriSafely(name);
  }
  if (source.thumb_url) result.thumbnailUrl = source.thumb_url;
  if (typeof source.file_size === 'number') result.size = source.file_size;
  return result;
}

/** Chatwoot times: epoch seconds (integer or float) or ISO strings; returns milliseconds. */
export function toMillis(value: number | string | null | undefined): number | undefined {
  if (value == null || value === '') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  const numeric = Number(value);
  if (!Number.isNaN(numeric)) return numeric * 1000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** A Chatwoot time as a `Date`. */
export function toDate(value: number | string | null | undefined): Date | undefined {
  const millis = toMillis(value);
  return millis === undefined ? undefined : new Date(millis);
}

/** `{ id }` as a string when the value is present. */
export function optionalId(value: string | number | null | undefined): { id?: string } {
  return value == null ? {} : { id: String(value) };
}

/** `{ [key]: value }` when the value is a non-empty string. */
export function optionalString<K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

/** Tells two versions of one message apart (its answers and text). */
export function fingerprint(submitted: SubmittedValue[] | undefined, content: string | null | undefined): string {
  return idHash(jsonText(submitted ?? null) + (content ?? ''));
}
