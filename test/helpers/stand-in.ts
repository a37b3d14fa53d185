// What the msw stand-ins of the platform APIs share: the state every one keeps, and attempts counted per endpoint.

/** The state every stand-in keeps: the calls it received, an override of its answers, a summary and a reset. */
export interface StandIn<C, R> {
  readonly calls: C[];
  /** Overrides answers (errors, delays); `undefined` from it falls back to the usual answer. */
  respond: R | undefined;
  /** The calls as `METHOD /path` lines (each stand-in says how it shortens the path). */
  summary(): string[];
  reset(): void;
}

/** Numbers the attempts at each `METHOD path`: 1 for the first call, 2 for its first retry, … */
export function attemptCounter(): { next(call: { method: string; path: string }): number; clear(): void } {
  const attempts = new Map<string, number>();
  return {
    next(call) {
      const key = `${call.method} ${call.path}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      return attempt;
    },
    clear: () => attempts.clear(),
  };
}
