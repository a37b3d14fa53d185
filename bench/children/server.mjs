// A webhook server on 127.0.0.1 for the HTTP benchmark. Prints {"port"} once listening; answers GET /__stats with
// what it handled and its CPU time; on SIGTERM prints the same, then exits.
//
//   node bench/children/server.mjs bare | transport | handoffkit | octokit
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { CHATWOOT_SECRET, GITHUB_SECRET } from '../lib/payloads.mjs';

const mode = process.argv[2];
let handled = 0;
let count = () => handled;
let listener;

if (mode === 'bare') {
  // The floor as a server: read the body, verify the Chatwoot signature, parse the JSON, answer.
  const OK = '{"ok":true}';
  listener = (req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      const signature = req.headers['x-chatwoot-signature'] ?? '';
      const expected = Buffer.from(signature.slice(7), 'hex');
      const actual = createHmac('sha256', CHATWOOT_SECRET).update(`${req.headers['x-chatwoot-timestamp']}.`).update(body).digest();
      let status = 401;
      if (actual.length === expected.length && timingSafeEqual(actual, expected)) {
        try {
          JSON.parse(body.toString('utf8'));
          status = 200;
          handled += 1;
        } catch {
          status = 400;
        }
      }
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(OK.length) });
      res.end(OK);
    });
  };
} else if (mode === 'handoffkit') {
  const { toNodeHandler } = await import('handoffkit/node');
  const { calls, chatwootAgent } = await import('../lib/agents.mjs');
  const agent = chatwootAgent();
  listener = toNodeHandler(agent);
  count = () => calls.message_created;
} else if (mode === 'transport') {
  // toNodeHandler over an agent that answers at once: what the transport itself costs (body read, answer written).
  const { toNodeHandler } = await import('handoffkit/node');
  const answer = { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"ok":true}' };
  listener = toNodeHandler({
    receive: async () => {
      handled += 1;
      return answer;
    },
  });
} else if (mode === 'octokit') {
  const { Webhooks, createNodeMiddleware } = await import('@octokit/webhooks');
  const webhooks = new Webhooks({ secret: GITHUB_SECRET });
  webhooks.on('issue_comment.created', () => {
    handled += 1;
  });
  listener = createNodeMiddleware(webhooks, { log: { debug() {}, info() {}, warn() {}, error: console.error } });
} else {
  throw new Error(`unknown server mode ${mode}: bare, transport, handoffkit or octokit`);
}

// GET /__stats: the requests handled and the CPU time used so far, for the orchestrator (the same for every server).
const server = createServer((req, res) => {
  if (req.url === '/__stats') {
    const cpu = process.cpuUsage();
    res.end(JSON.stringify({ handled: count(), cpuMs: (cpu.user + cpu.system) / 1000 }));
    return;
  }
  listener(req, res);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ mode, port: server.address().port })}\n`);
});

process.on('SIGTERM', () => {
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ mode, handled: count(), cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
