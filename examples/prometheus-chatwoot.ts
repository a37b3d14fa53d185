// A Chatwoot agent bot on node:http with Prometheus metrics fed from agent.events, served on /metrics.
//
//   CHATWOOT_URL=https://chat.example.com CHATWOOT_ACCOUNT_ID=1 CHATWOOT_BOT_TOKEN=… CHATWOOT_SECRET=… \
//   PORT=3000 npx tsx examples/prometheus-chatwoot.ts
import { createServer } from 'node:http';
import { Counter, Histogram, register } from 'prom-client';
import { toNodeHandler } from 'handoffkit/node';
import { createChatwootBot } from './lib/chatwoot-bot.js';
import { isMain, serve } from './lib/run.js';

export const agent = createChatwootBot();

// The metrics: ten lines over agent.events.
const deliveries = new Counter({ name: 'handoffkit_deliveries_total', help: 'Deliveries', labelNames: ['platform', 'status'] });
const handoffs = new Counter({ name: 'handoffkit_handoffs_total', help: 'Handoffs', labelNames: ['from', 'to', 'initiator'] });
const escalations = new Counter({ name: 'handoffkit_escalations_total', help: 'Escalations', labelNames: ['trigger', 'channel', 'outcome'] });
const calls = new Histogram({ name: 'handoffkit_api_call_seconds', help: 'Platform API calls', labelNames: ['method', 'route', 'status'] });
agent.events.on('delivery', (e) => deliveries.inc({ platform: e.platform, status: e.status }));
agent.events.on('handoff', (e) => handoffs.inc({ from: e.from, to: e.to, initiator: e.initiator }));
agent.events.on('escalation', (e) => escalations.inc({ trigger: e.trigger, channel: e.channel, outcome: e.outcome }));
agent.events.on('api_call', (e) => calls.observe({ method: e.method, route: e.route, status: e.status }, e.durationMs / 1000));

const webhook = toNodeHandler(agent);
const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/webhook') return void webhook(req, res);
  if (path === '/metrics') {
    return void register.metrics().then((text) => {
      res.setHeader('content-type', register.contentType);
      res.end(text);
    });
  }
  res.statusCode = 404;
  res.end();
});

// Served when run as a script (PORT / HOST, default 127.0.0.1:3000; stopped by SIGINT / SIGTERM: lib/run.ts);
// `handoffkit playground <this file>` imports the agent instead.
if (isMain(import.meta.url)) serve(server);
