import { describe, expect, it } from 'vitest';
import { VirtualAgent, silentLogger } from '../src/index.js';
import { chatwoot } from '../src/adapters/chatwoot/index.js';
import { signedChatwootRequest } from '../src/testing/index.js';
import sample from './fixtures/chatwoot/message_created.json' with { type: 'json' };

describe('smoke', () => {
  it('dispatches a signed message_created', async () => {
    const agent = new VirtualAgent({ adapter: chatwoot({ baseUrl: 'http://cw.test', accountId: 1, botToken: 'tok', secret: 's3cret' }), logger: silentLogger });
    const seen: string[] = [];
    agent.onAny((ctx) => {
      seen.push(`any:${ctx.event.name}:${ctx.conversation?.owner}`);
    });
    agent.on(
      'message_created',
      (ctx) => {
        seen.push(`msg:${ctx.message.text}`);
      },
      { standby: true },
    );
    const res = await agent.fetch(signedChatwootRequest({ secret: 's3cret', body: sample }));
    expect(res.status).toBe(200);
    expect(seen).toEqual(['any:message_created:human', 'msg:hi']);
  });
});
