import * as z from 'zod/mini';

// Ids that the adapters put into API paths. JSON can carry a lone surrogate (`"\ud800"`), which no URL can: such an
// id names nothing on the platform, and encoding it into a path throws, so every reply and the escalation would
// fail on each redelivery. It is refused where the body is read, naming the field.

// With the `u` flag, a surrogate pair reads as one code point: only a lone surrogate is in the Cs category.
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether `text` is well-formed UTF-16 (no lone surrogate), so that it can be encoded into a URL. */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

const NOT_WELL_FORMED = 'must be well-formed Unicode text: it holds a lone surrogate, which no URL can carry';

/** Text that can go into an API path: well-formed UTF-16 (it may be empty). */
export const pathText = z.string().check(z.refine(isWellFormedText, NOT_WELL_FORMED));

/** A non-empty id that can go into an API path: well-formed UTF-16. */
export const pathId = z.string().check(z.minLength(1), z.refine(isWellFormedText, NOT_WELL_FORMED));
