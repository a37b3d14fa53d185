import { AsyncLocalStorage } from 'node:async_hooks';
import type { HelperName } from '../actions.js';
import type { AgentEvents } from './bus.js';

/** The facts of one outbound call, known when it starts. */
export interface CallStart {
  /** The client's platform name. */
  platform: string;
  /** The HTTP method. */
  method: string;
  /** The path as a template, without ids, query or tokens. */
  route: string;
}

/** A call under way: headers to add (trace context), and the report of its end. */
export interface CallProbe {
  /** Headers added to every attempt (e.g. W3C `traceparent`). */
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** Reports the call's end: the final status (0 without an answer) and how many retries it took. */
  end(status: number, retries: number): void;
}

/** Watches outbound calls: a tracer's span per call. */
export type CallTracer = (start: CallStart & { helper: HelperName | undefined }) => { headers?: Record<string, string>; end(status: number): void } | undefined;

/** What a rest client learns about its caller: the helper, and where to report. */
interface CallScope {
  readonly bus: AgentEvents;
  readonly helper: HelperName;
  readonly tracer: CallTracer | undefined;
}

const scope = new AsyncLocalStorage<CallScope>();
const tracers = new WeakMap<AgentEvents, CallTracer>();

/** Installs a tracer of the outbound calls made through an agent's helpers (used by `handoffkit/otel`). */
export function traceCalls(bus: AgentEvents, tracer: CallTracer | undefined): void {
  if (tracer === undefined) tracers.delete(bus);
  else tracers.set(bus, tracer);
}

/** Runs a helper's platform work so its outbound calls are reported on `bus`; a plain call when nobody watches. */
export function observeHelper<T>(bus: AgentEvents | undefined, helper: HelperName, work: () => Promise<T>): Promise<T> {
  if (bus === undefined) return work();
  const tracer = tracers.get(bus);
  if (tracer === undefined && !bus.listening('api_call')) return work();
  return scope.run({ bus, helper, tracer }, work);
}

/** Starts watching one outbound call, or `undefined` when nobody watches (the rest client's hook; `route` is read only then). */
export function startCall(
  platform: string,
  method: string,
  route: () => string,
  observer?: (call: CallStart & { status: number; durationMs: number; retries: number }) => void,
): CallProbe | undefined {
  const current = scope.getStore();
  if (current === undefined && observer === undefined) return undefined;
  const start: CallStart = { platform, method, route: route() };
  const began = performance.now();
  const span = current?.tracer?.({ ...start, helper: current.helper });
  return {
    headers: span?.headers,
    end(status, retries) {
      span?.end(status);
      const durationMs = performance.now() - began;
      observer?.({ ...start, status, durationMs, retries });
      if (current !== undefined && current.bus.listening('api_call')) {
        current.bus.emit('api_call', {
          platform: start.platform,
          helper: current.helper,
          method: start.method,
          route: start.route,
          status,
          durationMs,
          retries,
        });
      }
    },
  };
}

const VERSION = /^v\d+(\.\d+)*$/;

/** The route template of a URL path: segments holding a digit become `:<singular of the segment before>` (or `:id`). */
export function routeTemplate(path: string): string {
  const segments = (path.split('?')[0] ?? '').split('/');
  return segments
    .map((segment, i) => {
      if (!/\d/.test(segment) || VERSION.test(segment)) return segment;
      const before = segments[i - 1] ?? '';
      if (!before.endsWith('s') || /\d/.test(before)) return ':id';
      return before.endsWith('ies') ? `:${before.slice(0, -3)}y` : `:${before.slice(0, -1)}`;
    })
    .join('/');
}
