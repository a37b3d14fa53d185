// One msw server per process for the emulators in use: each driver adds its emulator's handlers and removes them
// when it closes; the server stops with the last one. Requests to 127.0.0.1 (the bot's own local server) pass.
import type { RequestHandler } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';

/** Where the handlers of a driver go: the shared server, or one the test file already runs. */
export interface Interception {
  /** Removes the handlers (and stops the shared server after its last user). */
  release(): void;
}

let shared: SetupServer | undefined;
const active = new Set<readonly RequestHandler[]>();

function refresh(server: SetupServer): void {
  server.resetHandlers(...[...active].flat());
}

/** Installs `handlers` on `server` when given (the test file's own msw server), else on the shared one. */
export function intercept(handlers: readonly RequestHandler[], server?: SetupServer): Interception {
  if (server !== undefined) {
    server.use(...handlers);
    return { release: () => undefined };
  }
  if (shared === undefined) {
    const server = setupServer();
    server.listen({
      onUnhandledRequest(request, print) {
        if (new URL(request.url).hostname !== '127.0.0.1') print.error();
      },
    });
    shared = server;
  }
  const own = [...handlers];
  active.add(own);
  refresh(shared);
  return {
    release() {
      if (!active.delete(own) || shared === undefined) return;
      if (active.size > 0) refresh(shared);
      else {
        shared.close();
        shared = undefined;
      }
    },
  };
}
