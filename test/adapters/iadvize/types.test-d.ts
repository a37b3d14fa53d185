import { describe, expectTypeOf, it } from 'vitest';
import { type IadvizeGraphqlOptions, type IadvizeOptions, iadvize } from '../../../src/adapters/iadvize/index.js';
import { type EscalationTarget, VirtualAgent } from '../../../src/index.js';

describe('iAdvize public types', () => {
  it('the graphql option takes a token and an optional apiUrl', () => {
    expectTypeOf<IadvizeOptions['graphql']>().toEqualTypeOf<IadvizeGraphqlOptions | undefined>();
    expectTypeOf<IadvizeGraphqlOptions['token']>().toEqualTypeOf<string | (() => string | Promise<string>)>();
    expectTypeOf<IadvizeGraphqlOptions['apiUrl']>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error: the token is required
    iadvize({ secret: false, bots: [{ idBot: 'b', name: 'B' }], transferRule: 'r', graphql: { apiUrl: 'https://api.iadvize.com' } });
  });

  it('wait(ms) and escalate({ to: { rule, timeoutSeconds } }) are typed helpers', () => {
    const agent = new VirtualAgent({ adapter: iadvize({ secret: false, bots: [{ idBot: 'b', name: 'B' }], transferRule: 'r' }) });
    agent.on('message_created', (ctx) => {
      expectTypeOf(ctx.wait).parameter(0).toEqualTypeOf<number>();
      expectTypeOf(ctx.wait(500)).toEqualTypeOf<Promise<void>>();
      expectTypeOf(ctx.escalate({ to: { rule: 'rule-id', timeoutSeconds: 20 } })).toEqualTypeOf<Promise<void>>();
    });
    expectTypeOf<{ rule: string; timeoutSeconds: number }>().toExtend<EscalationTarget>();
    // @ts-expect-error: the timeout is a number of seconds
    expectTypeOf<{ rule: string; timeoutSeconds: string }>().toExtend<EscalationTarget>();
  });
});
