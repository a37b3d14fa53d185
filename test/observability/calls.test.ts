import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestClient } from '../../src/outbound/rest-client.js';
import { routeTemplate } from '../../src/core/observability/calls.js';

const BASE = 'http://api.test/v3/';
let attempts = 0;
const server = setupServer(
  http.post(`${BASE}accounts/:account/items/:item`, () =>
    ++attempts === 1 ? new HttpResponse(null, { status: 503, headers: { 'retry-after': '0' } }) : HttpResponse.json({ ok: true }),
  ),
  http.get(`${BASE}tokens/:token`, () => HttpResponse.json({ error: 'nope' }, { status: 404 })),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('the REST client observer', () => {
  it('reports each call once, with the route template, the final status and the retries', async () => {
    const seen: unknown[] = [];
    const client = createRestClient({
      platform: 'acme',
      baseUrl: BASE,
      retries: 2,
      secrets: ['tokenwithoutdigits'],
      observer: (call) => void seen.push({ ...call, durationMs: typeof call.durationMs }),
    });
    await client.request('POST', 'accounts/12/items/abc123?access_token=tokenwithoutdigits', { a: 1 });
    await expect(client.request('GET', 'tokens/tokenwithoutdigits')).rejects.toMatchObject({ code: 'E_PLATFORM_API' });
    expect(seen).toEqual([
      { platform: 'acme', method: 'POST', route: '/v3/accounts/:account/items/:item', status: 200, retries: 1, durationMs: 'number' },
      { platform: 'acme', method: 'GET', route: '/v3/tokens/[redacted]', status: 404, retries: 0, durationMs: 'number' },
    ]);
  });

  it('templates ids by the segment before them, keeps API versions', () => {
    expect(routeTemplate('/api/v1/accounts/3/conversations/42/messages')).toBe('/api/v1/accounts/:account/conversations/:conversation/messages');
    expect(routeTemplate('/v21.0/me/messages?access_token=EAAG123')).toBe('/v21.0/me/messages');
    expect(routeTemplate('/API/v3/directories/POOL_1a2b/contacts/CID_9z/transactions')).toBe('/API/v3/directories/:directory/contacts/:contact/transactions');
    expect(routeTemplate('/x/1a2b/3c4d')).toBe('/x/:id/:id');
  });
});
