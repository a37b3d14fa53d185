// The playground: the bot's platform emulator and the user's own agent behind a local page (node:http, no
// dependency) where one chats as the contact and answers as the human agent, with the timeline below and live
// updates over server-sent events.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Owner } from '../../core/events.js';
import type { PlatformEmulator } from '../../adapters/kit/emulator.js';
import { testConversation, type DrivenAgent, type TestConversation, type TimelineEntry } from '../conversation.js';
import { ConfigError } from '../../errors.js';
import { emulationOptionsOf } from '../../adapters/kit/emulation-options.js';
import { createEmulator, EMULATORS, emulatorFor, isEmulatedPlatform } from '../emulators.js';
import { PAGE_CSS } from './page-css.js';
import { PAGE_HTML } from './page-html.js';
import { PAGE_JS } from './page-js.js';

/** What the playground needs of an agent: a `VirtualAgent` fits (its `events` give the timeline's error and fail-safe markers). */
export type PlaygroundAgent = DrivenAgent;

/** Options of {@link startPlayground}. */
export interface PlaygroundOptions {
  /** The port on 127.0.0.1. Default 0 (a free one). */
  port?: number;
  /** The emulator to use. Default: the one of the agent's platform. */
  emulator?: PlatformEmulator;
  /** The platform to emulate when the agent's adapter does not say (`--platform`). */
  platform?: string;
}

function pick(agent: PlaygroundAgent, options: PlaygroundOptions): PlatformEmulator {
  if (options.emulator !== undefined) return options.emulator;
  if (options.platform === undefined && !isEmulatedPlatform(agent.adapter.name)) {
    throw new ConfigError(
      'platform',
      `No emulator is known for the adapter "${agent.adapter.name}": pass --platform <${Object.keys(EMULATORS).join(' | ')}> (the platform it stands for).`,
    );
  }
  if (options.platform === undefined) return emulatorFor(agent.adapter);
  const kept = emulationOptionsOf(agent.adapter);
  if (!isEmulatedPlatform(options.platform)) {
    throw new ConfigError('platform', `--platform ${options.platform}: no such emulator; pick one of ${Object.keys(EMULATORS).join(', ')}.`);
  }
  if (isEmulatedPlatform(agent.adapter.name) && agent.adapter.name !== options.platform) {
    throw new ConfigError(
      'platform',
      `--platform ${options.platform}: the agent's adapter is ${agent.adapter.name}, whose deliveries only its own emulator builds; drop --platform or pass --platform ${agent.adapter.name}.`,
    );
  }
  if (kept === undefined) {
    throw new ConfigError(
      'platform',
      `--platform ${options.platform}: the emulator signs with the options the SDK's ${options.platform}() factory kept, and this adapter was built elsewhere; build it with ${options.platform}(), or mark it with keepEmulationOptions(adapter, options) from handoffkit/testing.`,
    );
  }
  return createEmulator(options.platform, kept as never);
}

/** A running playground. */
export interface Playground {
  /** The page's URL. */
  readonly url: string;
  /** Stops the server and removes the emulator's handlers. */
  close(): Promise<void>;
}

/** One row of the page's timeline. */
interface Row extends Omit<TimelineEntry, 'action'> {
  choices?: string[];
  tags?: string[];
}

interface Live {
  t: TestConversation;
  queue: Promise<unknown>;
}

/** The labels of a request's `add` or `remove`: a list of names, or one name. */
function labelsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.map((label) => String(label).trim()).filter((label) => label !== '');
}

const STATIC: Record<string, [string, string]> = {
  '/': ['text/html; charset=utf-8', PAGE_HTML],
  '/app.js': ['text/javascript; charset=utf-8', PAGE_JS],
  '/style.css': ['text/css; charset=utf-8', PAGE_CSS],
};

/** Starts the playground for `agent` on 127.0.0.1 and resolves with its URL. */
export async function startPlayground(agent: PlaygroundAgent, options: PlaygroundOptions = {}): Promise<Playground> {
  const emulator = pick(agent, options);
  const conversations = new Map<string, Live>();
  const listeners = new Set<ServerResponse>();
  let order: string[] = [];

  const rows = (live: Live): Row[] =>
    live.t.timeline().map(({ action, ...entry }) => ({
      ...entry,
      ...(action?.choices === undefined ? {} : { choices: action.choices }),
      ...(action?.tags === undefined ? {} : { tags: action.tags }),
    }));
  const state = (): unknown => ({
    platform: emulator.platform,
    conversations: order.flatMap((id) => {
      const live = conversations.get(id);
      return live === undefined ? [] : [{ id, owner: live.t.owner() satisfies Owner, labels: live.t.labels(), timeline: rows(live) }];
    }),
  });
  const broadcast = (): void => {
    const data = `data: ${JSON.stringify(state())}\n\n`;
    for (const listener of listeners) listener.write(data);
  };
  const open = async (): Promise<Live> => {
    const t = await testConversation(agent, { emulator });
    const live: Live = { t, queue: Promise.resolve() };
    conversations.set(t.id, live);
    order = [t.id, ...order];
    return live;
  };
  const act = async (id: string, verb: string, body: Record<string, unknown>): Promise<void> => {
    const live = conversations.get(id);
    if (live === undefined) throw new Error(`No conversation ${id}.`);
    const text = typeof body.text === 'string' ? body.text : '';
    const run = (): Promise<unknown> => {
      switch (verb) {
        case 'contact':
          return live.t.contactSays(text);
        case 'choice':
          return live.t.clickButton({ title: text, ...(typeof body.payload === 'string' ? { payload: body.payload } : {}) });
        case 'agent':
          return live.t.agentSays(text);
        case 'note':
          return live.t.agentNotes(text);
        case 'labels':
          return live.t.agentLabels({ add: labelsOf(body.add), remove: labelsOf(body.remove) });
        case 'takeover':
          return live.t.agentTakesOver();
        case 'handback':
          return live.t.agentHandsBack();
        case 'resolve':
          return live.t.resolve();
        default:
          return Promise.reject(new Error(`Unknown action ${verb}.`));
      }
    };
    // One act at a time per conversation, in order, as the platform would deliver them.
    const done = live.queue.then(run, run);
    live.queue = done.catch(() => undefined);
    await done;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const page = STATIC[url.pathname];
    if (req.method === 'GET' && page !== undefined) {
      res.writeHead(200, { 'content-type': page[0], 'cache-control': 'no-store' }).end(page[1]);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`data: ${JSON.stringify(state())}\n\n`);
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/state') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state()));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/conversations') {
      const live = await open();
      broadcast();
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: live.t.id }));
      return;
    }
    const match = /^\/api\/conversations\/([^/]+)\/(\w+)$/.exec(url.pathname);
    if (req.method === 'POST' && match !== null) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
      await act(decodeURIComponent(match[1] as string), match[2] as string, body);
      broadcast();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state()));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `No ${req.method} ${url.pathname}.` }));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  await open();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      for (const listener of listeners) listener.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      for (const live of conversations.values()) await live.t.close();
    },
  };
}
