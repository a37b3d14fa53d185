#!/usr/bin/env node
// handoffkit's command line: `handoffkit playground <bot file> [--port <n>] [--platform <name>]`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const USAGE = 'usage: handoffkit playground <file exporting your agent> [--port <n>] [--platform <name>]';

function fail(message) {
  process.stderr.write(`handoffkit playground: ${message}\n`);
  process.exit(1);
}

function argsOf(argv) {
  const [command, ...rest] = argv;
  if (command !== 'playground') fail(USAGE);
  const options = { file: undefined, port: 0, platform: undefined };
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    if (arg === '--port') options.port = Number(rest[(i += 1)]);
    else if (arg === '--platform') options.platform = rest[(i += 1)];
    else if (options.file === undefined) options.file = arg;
    else fail(`unexpected argument ${arg}. ${USAGE}`);
  }
  if (options.file === undefined) fail(USAGE);
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) fail('--port takes a port number (0 to 65535).');
  return options;
}

/** The first export that looks like an agent: the default one, `agent`, then any other. */
function agentOf(module) {
  const isAgent = (value) => value !== null && typeof value === 'object' && typeof value.receive === 'function' && typeof value.adapter === 'object';
  const candidates = [module.default, module.agent, ...Object.values(module)];
  return candidates.find(isAgent);
}

const options = argsOf(process.argv.slice(2));
const file = resolve(options.file);
if (!existsSync(file)) fail(`no file at ${file}: pass the path of the file that exports your agent.`);
// The playground (and msw under it) loads while the bot file does: it is most of the start-up time.
const loading = import('../dist/testing/index.js');
loading.catch(() => undefined);
if (/\.[cm]?ts$/.test(file)) {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    fail(`${options.file} is TypeScript: install tsx to load it (npm install -D tsx), or pass the compiled .js file.`);
  }
}
// A bot file can tell it runs under the playground (the examples then take stand-ins for settings they lack).
process.env.HANDOFFKIT_PLAYGROUND = '1';
let module;
try {
  module = await import(pathToFileURL(file).href);
} catch (error) {
  fail(`${options.file} failed to load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
}
const agent = agentOf(module);
if (agent === undefined) fail(`${options.file} exports no agent: export the VirtualAgent (export const agent = new VirtualAgent(…), or export default).`);
const { startPlayground } = await loading;
let playground;
try {
  playground = await startPlayground(agent, { port: options.port, ...(options.platform === undefined ? {} : { platform: options.platform }) });
} catch (error) {
  if (error && error.code === 'EADDRINUSE') fail(`port ${options.port} is in use: pass --port <another port>, or stop what listens on it.`);
  fail(error instanceof Error ? error.message : String(error));
}
process.stdout.write(`handoffkit playground (${agent.adapter.name}): ${playground.url}  (Ctrl+C to stop)\n`);
const stop = () => playground.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
