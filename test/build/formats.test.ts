import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built package, as users load it: ESM through the exports map, CJS through require. Both must reach a
// platform API (ky is loaded lazily, and the CJS build carries its own copy).
const require = createRequire(import.meta.url);
let server: Server;
let base: string;
const received: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${req.headers.api_access_token as string} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 77 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// Through a variable, so that typechecking (which runs before the build) does not look for dist/.
const importBuilt = (specifier: string): Promise<unknown> => import(specifier);

type Entry = { VirtualAgent: typeof import('../../src/index.js').VirtualAgent };
type ChatwootEntry = { chatwoot: typeof import('../../src/adapters/chatwoot/index.js').chatwoot };

describe('the built package', () => {
  it.each([
    ['ESM', async () => [(await importBuilt('handoffkit')) as Entry, (await importBuilt('handoffkit/chatwoot')) as ChatwootEntry] as const],
    ['CJS', async () => [require('handoffkit') as Entry, require('handoffkit/chatwoot') as ChatwootEntry] as const],
  ])('%s: a helper reaches the platform API', async (format, load) => {
    const [{ VirtualAgent }, { chatwoot }] = await load();
    const agent = new VirtualAgent({ adapter: chatwoot({ baseUrl: base, accountId: 3, botToken: 'built-token', secret: false }) });
    await expect(agent.conversation('9').reply(`hello from ${format}`)).resolves.toEqual({ id: '77' });
    expect(received.at(-1)).toBe(
      `POST /api/v1/accounts/3/conversations/9/messages built-token {"content":"hello from ${format}","message_type":"outgoing","private":false}`,
    );
  });
});

describe('the wire schemas of the built subpaths', () => {
  type SchemaEntry = { webhookSchemas: Record<string, { safeParse(data: unknown): { success: boolean } }> };
  it.each(['chatwoot', 'messenger', 'qualtrics', 'hootsuite'])('handoffkit/%s exports webhookSchemas in ESM and CJS, on zod', async (platform) => {
    const esm = (await importBuilt(`handoffkit/${platform}`)) as SchemaEntry;
    const cjs = require(`handoffkit/${platform}`) as SchemaEntry;
    for (const { webhookSchemas } of [esm, cjs]) {
      const schemas = Object.values(webhookSchemas);
      expect(schemas.length).toBeGreaterThan(1);
      // zod schemas carry the Standard Schema interface under `~standard`, with zod as the vendor.
      for (const schema of schemas) expect((schema as unknown as { '~standard': { vendor: string } })['~standard'].vendor).toBe('zod');
      expect(schemas.every((schema) => schema.safeParse(42).success === false)).toBe(true);
    }
  });
});
