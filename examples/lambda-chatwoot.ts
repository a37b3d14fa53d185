// A Chatwoot agent bot as an AWS Lambda function: behind API Gateway (REST or HTTP API), a Function URL or an ALB.
// Deploy with the handler `lambda-chatwoot.handler` and the CHATWOOT_* environment variables.
//
// Run locally with an event, from a file or stdin; the result is printed as JSON:
//
//   CHATWOOT_URL=… CHATWOOT_ACCOUNT_ID=1 CHATWOOT_BOT_TOKEN=… CHATWOOT_SECRET=… \
//   npx tsx examples/lambda-chatwoot.ts event.json
import { toLambda } from 'handoffkit/lambda';
import { createChatwootBot } from './lib/chatwoot-bot.js';
import { runLocally } from './lib/lambda.js';

// Built once per container, outside the handler. Lambda freezes the container after the answer, so the
// handler finishes every handler before answering (the default of toLambda).
export const agent = createChatwootBot();
export const handler = toLambda(agent);

// Run as a script (`npx tsx examples/lambda-chatwoot.ts event.json`): the event in, the result printed.
await runLocally(import.meta.url, handler);
