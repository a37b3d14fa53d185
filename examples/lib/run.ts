// What every example script needs around its bot: settings from environment variables, an address to listen on,
// a clean stop on SIGINT / SIGTERM.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Reads an environment variable (or `fallback`), or stops with a message naming it. */
export function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    console.error(`Missing environment variable ${name}: see the comment at the top of the example.`);
    process.exit(1);
  }
  return value;
}

/** An optional environment variable: `undefined` when unset or empty. */
export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** The port and host to listen on: PORT (default 3000, 0 picks a free port) and HOST (default 127.0.0.1). */
export function listenAddress(): { port: number; host: string } {
  return { port: Number(env('PORT', '3000')), host: env('HOST', '127.0.0.1') };
}

/** Whether the module at `moduleUrl` is the script node was started with (not an import). */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(resolve(script)).href === moduleUrl;
}

/** Closes `server` on SIGINT / SIGTERM, then exits. */
export function closeOnSignal(server: { close(callback?: () => void): unknown }): void {
  const stop = (): void => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
