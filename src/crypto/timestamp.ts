import { SignatureError } from '../errors.js';

/** How far a signed timestamp may be from now, in seconds. */
export interface TimestampTolerance {
  /** The oldest accepted age. Default 300. */
  pastSeconds?: number;
  /** The furthest accepted skew into the future. Default 30. */
  futureSeconds?: number;
}

/** Default window: up to 300 s old, 30 s ahead. */
export const DEFAULT_TOLERANCE: Required<TimestampTolerance> = { pastSeconds: 300, futureSeconds: 30 };

/** Throws a `SignatureError` unless `seconds` (unix time) lies within the window around `nowMs`. */
export function assertFresh(seconds: number, nowMs: number, tolerance: TimestampTolerance, header: string): void {
  // A bound that is not a finite number falls back to the default rather than disabling the check.
  const past = finiteOr(tolerance.pastSeconds, DEFAULT_TOLERANCE.pastSeconds);
  const future = finiteOr(tolerance.futureSeconds, DEFAULT_TOLERANCE.futureSeconds);
  if (!Number.isFinite(seconds)) throw new SignatureError(`Malformed ${header}: not a number of seconds.`);
  // Compared exactly, in milliseconds: a timestamp 30.5 s ahead is outside a 30 s window (rounding let it in).
  const ageMs = nowMs - seconds * 1000;
  if (ageMs > past * 1000) {
    throw new SignatureError(
      `Stale ${header}: the delivery was signed ${shown(ageMs, past)} s ago and at most ${past} s are accepted (a replay, or a clock out of sync; see timestampTolerance).`,
    );
  }
  if (-ageMs > future * 1000) {
    throw new SignatureError(
      `${header} lies ${shown(-ageMs, future)} s in the future and at most ${future} s are accepted (a clock out of sync; see timestampTolerance).`,
    );
  }
}

/**
 * Seconds for a message: whole seconds (stable for one delivery however long it is retried), with a tenth only near
 * the bound, so that a refusal never reads as if it were inside the window ("30.5 s", not "30 s", past a 30 s bound).
 */
function shown(ms: number, bound: number): string {
  const seconds = ms / 1000;
  return seconds < bound + 1 ? String(Math.floor(seconds * 10) / 10) : String(Math.round(seconds));
}

function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}
