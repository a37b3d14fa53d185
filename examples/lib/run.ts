// What every example script needs around its bot: settings from environment variables, an address to listen on,
// a server listening there that says where, a clean stop on SIGINT / SIGTERM.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Whether this file was loaded by `handoffkit playground`, which sets HANDOFFKIT_PLAYGROUND=1 before loading it. */
export function underPlayground(): boolean {
  return process.env.HANDOFFKIT_PLAYGROUND === '1';
}

// Under the playground the platform is an emulator that takes whatever settings the adapter was given, so a missing
// setting gets a stand-in of the right shape instead of stopping the example. Any other name gets `playground-<name>`.
const PLAYGROUND_STAND_INS: Readonly<Record<string, string>> = {
  CHATWOOT_URL: 'https://chatwoot.playground.invalid',
  CHATWOOT_ACCOUNT_ID: '1',
  ZENDESK_SUBDOMAIN: 'playground',
  HOOTSUITE_SHARED_SECRET: '0123456789abcdef0123456789abcdef',
  QUALTRICS_ACCOUNT_ID: '1001',
  MESSENGER_APP_ID: '1122334455667',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_FROM: '+15005550006',
  TWILIO_CONNECT_URL: 'https://bot.playground.invalid/twilio/connect',
};

/** Reads an environment variable (or `fallback`), or stops with a message naming it (under the playground: a stand-in). */
export function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value !== undefined && value !== '') return value;
  if (underPlayground()) return PLAYGROUND_STAND_INS[name] ?? `playground-${name.toLowerCase().replaceAll('_', '-')}`;
  console.error(`Missing environment variable ${name}: see the comment at the top of the example.`);
  process.exit(1);
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

/** Listens on {@link listenAddress}, prints the URL of `path` once bound, and closes on SIGINT / SIGTERM. */
export function serve(server: Server, path = '/webhook'): Server {
  const { port, host } = listenAddress();
  server.listen(port, host, () => {
    const { port: bound } = server.address() as AddressInfo;
    console.log(`handoffkit example listening on http://${host}:${bound}${path}`);
  });
  closeOnSignal(server);
  return server;
}
