import type { $ZodType, output } from 'zod/v4/core';
import { errorMessage, PayloadError } from '../../errors.js';
import { checkPayload, payloadError } from '../kit/payload.js';

// Meta's deliveries are batches (entries of items or changes): each item is checked on its own, and its errors
// name the field from the delivery's root (`entry.0.messaging.1.sender.id`), so one bad item spares the others.

/** The checks of one Meta adapter's batch items, their error messages opening with the platform's name. */
export interface ItemChecks {
  /** The value at `path` as an object, or `E_PAYLOAD` naming the path. */
  objectAt(value: unknown, path: string): object;
  /** Checks an item against its schema; `E_PAYLOAD` names the field from the delivery's root. */
  parseAt<S extends $ZodType>(schema: S, data: unknown, path: string, kind: string): output<S>;
  /** An error of one entry or item, with its field named from the delivery's root. */
  asPayloadError(error: unknown, path: string): PayloadError;
}

/** `entry.0.messaging.1` → `entry[0].messaging[1]`. */
export function label(path: string): string {
  return path.replace(/\.(\d+)/g, '[$1]');
}

/** The item checks of the platform called `platform` in messages (e.g. `Messenger`). */
export function itemChecks(platform: string): ItemChecks {
  const asPayloadError = (error: unknown, path: string): PayloadError => {
    if (error instanceof PayloadError) {
      if (error.field !== undefined && (error.field === path || error.field.startsWith(`${path}.`))) return error;
      const field = error.field === undefined || error.field === '(body)' ? path : `${path}.${error.field}`;
      return new PayloadError(error.message, field);
    }
    return new PayloadError(`${platform} ${label(path)} could not be read: ${errorMessage(error)}.`, path);
  };
  return {
    objectAt(value, path) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
      throw new PayloadError(
        `${platform} ${label(path)} must be an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}.`,
        path,
      );
    },
    parseAt(schema, data, path, kind) {
      const result = checkPayload(schema, data);
      if (result.success) return result.data;
      // The label is built only for an error: this runs for every item of every delivery.
      throw asPayloadError(payloadError(result.issues, data, `${platform} ${label(path)}${kind ? ` (${kind})` : ''}`), path);
    },
    asPayloadError,
  };
}

/** The dedupe-key hash every adapter uses. */
export { idHash as hash } from '../kit/hash.js';
