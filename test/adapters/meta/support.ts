// What the tests of Meta's Graph API platforms (Messenger, WhatsApp) share: bodies serialized and signed the way
// Meta sends them, an msw stand-in of the Graph API that records calls, and the README's bot.
import { createHmac } from 'node:crypto';
import type { HttpHandler, http } from 'msw';
import type { VirtualAgent } from '../../../src/index.js';
import type { StandIn } from '../../helpers/stand-in.js';

/** The Graph host the tests point the adapters at (`apiUrl`). */
export const GRAPH = 'http://graph.test';
/** The versioned Graph base under {@link GRAPH}. */
export const GRAPH_BASE = `${GRAPH}/v21.0`;

/** Serializes like Meta: compact JSON, `/` as `\/`, every non-ASCII UTF-16 unit as `\uXXXX`. */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `<algorithm>=<hex HMAC(secret, body)>`, Meta's `X-Hub-Signature(-256)` value. */
export function metaSignature(body: string | Uint8Array, secret: string, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;
}

/** A POST body as Meta sends it (serialized like Meta unless it is a string) and its signed JSON headers. */
export function metaSigned(body: unknown, secret: string, headers: Record<string, string> = {}): { text: string; headers: Record<string, string> } {
  const text = typeof body === 'string' ? body : metaJson(body);
  return { text, headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(text, secret), ...headers } };
}

/** One Graph call the stand-in received: what every platform's record holds. */
export interface GraphCallBase {
  method: string;
  /** Path after the version, e.g. `/me/messages`. */
  path: string;
  body: unknown;
}

/** The msw stand-in of the Graph API: records calls, answers like Graph unless `respond` says otherwise. */
export interface FakeGraphOf<C extends GraphCallBase> extends StandIn<C, (call: C) => Response | Promise<Response> | undefined> {
  /** The calls as `POST /<path> <body JSON>` lines. */
  summary(): string[];
}

/** How a platform's stand-in records and answers. */
export interface GraphStandIn<C extends GraphCallBase> {
  /** The msw route: its method and its path pattern. */
  route: (path: string, resolver: Parameters<typeof http.all>[1]) => HttpHandler;
  path: string;
  /** What the platform's record adds to the method, path and body. */
  record(request: Request, url: URL): Omit<C, keyof GraphCallBase>;
  /** Graph's ordinary answer; `sent()` numbers the messages sent since the last reset. */
  answer(call: C, params: Record<string, unknown>, sent: () => number): Response;
}

/** msw handlers over a recording Graph stand-in. */
export function fakeGraphOf<C extends GraphCallBase>(standIn: GraphStandIn<C>): { graph: FakeGraphOf<C>; handlers: HttpHandler[] } {
  let sent = 0;
  const graph: FakeGraphOf<C> = {
    calls: [],
    respond: undefined,
    summary() {
      return this.calls.map((call) => `${call.method} ${call.path} ${JSON.stringify(call.body)}`);
    },
    reset() {
      this.calls.length = 0;
      this.respond = undefined;
      sent = 0;
    },
  };
  const handler = standIn.route(standIn.path, async ({ request, params }) => {
    const url = new URL(request.url);
    const text = await request.text();
    const call = {
      method: request.method,
      path: url.pathname.replace(/^\/v\d+\.\d+/, ''),
      ...standIn.record(request, url),
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    } as C;
    graph.calls.push(call);
    const custom = await graph.respond?.(call);
    if (custom !== undefined) return custom;
    return standIn.answer(call, params, () => {
      sent += 1;
      return sent;
    });
  });
  return { graph, handlers: [handler] };
}

const handoffLine = (ctx: { handoff: { from: string; to: string; initiator: string; reason?: string } }): string =>
  `${ctx.handoff.from}->${ctx.handoff.to} by ${ctx.handoff.initiator}${ctx.handoff.reason ? `: ${ctx.handoff.reason}` : ''}`;

/** A bot like the README's on `agent`: echoes, escalates on request, greets on return; logs what it sees. */
export function readmeBot(agent: VirtualAgent): { agent: VirtualAgent; log: string[] } {
  const log: string[] = [];
  // Registered first: it sees the owner as the message found it.
  agent.on(
    'message_created',
    (ctx) => {
      if (ctx.conversation.owner === 'human') log.push(`observer sees ${ctx.message.sender.role} "${ctx.message.text}"`);
    },
    { standby: true },
  );
  agent.on('message_created', async (ctx) => {
    const text = ctx.message.text ?? '';
    log.push(`bot hears "${text}"`);
    if (/human/i.test(text)) return ctx.escalate({ reason: 'asked for a human' });
    await ctx.reply(`You said: ${text}`);
  });
  agent.on('handed_off', (ctx) => void log.push(`handed_off ${handoffLine(ctx)}`));
  agent.on('handed_back', async (ctx) => {
    log.push(`handed_back ${handoffLine(ctx)}`);
    await ctx.reply('I am back. Anything else?');
  });
  return { agent, log };
}
