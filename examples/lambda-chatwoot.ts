// A Chatwoot agent bot as an AWS Lambda function: behind API Gateway (REST or HTTP API), a Function URL or an ALB.
// Deploy with the handler `lambda-chatwoot.handler` and the CHATWOOT_* environment variables.
//
// Run locally with an event, from a file or stdin; the result is printed as JSON:
//
//   CHATWOOT_URL=… CHATWOOT_ACCOUNT_ID=1 CHATWOOT_BOT_TOKEN=… CHATWOOT_SECRET=… \
//   npx tsx examples/lambda-chatwoot.ts event.json
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { toLambda, type LambdaHttpEvent } from 'handoffkit/lambda';
import { createChatwootBot } from './lib/chatwoot-bot.js';
import { isMain } from './lib/run.js';

// Built once per container, outside the handler. Lambda freezes the container after the answer, so the
// handler finishes every handler before answering (the default of toLambda).
export const agent = createChatwootBot();
export const handler = toLambda(agent);

if (isMain(import.meta.url)) {
  const file = process.argv[2];
  const source = file === undefined || file === '-' ? await text(process.stdin) : await readFile(file, 'utf8');
  const event = JSON.parse(source) as LambdaHttpEvent;
  const result = await handler(event, { getRemainingTimeInMillis: () => 30_000 });
  console.log(JSON.stringify(result));
}
