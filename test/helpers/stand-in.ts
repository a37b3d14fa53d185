// What the msw stand-ins of the platform APIs share: the state every one keeps, attempts counted per endpoint, and
// the msw server around a file's tests.
import type { HttpHandler } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

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

/**
 * Serves a stand-in's `handlers` with msw for the file's tests (unhandled requests fail unless told), and after each
 * test drops the handlers a test added and resets the stand-in's `state`. The server, for `server.use`.
 */
export function serveStandIn(handlers: HttpHandler[], state: { reset(): void }, onUnhandledRequest: 'error' | 'bypass' = 'error'): SetupServer {
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest }));
  afterEach(() => {
    server.resetHandlers();
    state.reset();
  });
  afterAll(() => server.close());
  return server;
}
