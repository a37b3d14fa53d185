// What every Lambda example does when run as a script: one event from a file (or stdin), the result printed as JSON.
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import type { LambdaHandler, LambdaHttpEvent } from 'handoffkit/lambda';
import { isMain } from './run.js';

/** When the module at `moduleUrl` is the script node was started with: runs `handler` on the event in the file named by the first argument (stdin when none or `-`) and prints the result. */
export async function runLocally(moduleUrl: string, handler: LambdaHandler): Promise<void> {
  if (!isMain(moduleUrl)) return;
  const file = process.argv[2];
  const source = file === undefined || file === '-' ? await text(process.stdin) : await readFile(file, 'utf8');
  const result = await handler(JSON.parse(source) as LambdaHttpEvent, { getRemainingTimeInMillis: () => 30_000 });
  console.log(JSON.stringify(result));
}
