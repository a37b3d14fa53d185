import { describe, expectTypeOf, it } from 'vitest';
import {
  VirtualAgent,
  type ApiCallObservation,
  type DeliveryObservation,
  type EscalationObservation,
  type HandoffObservation,
  type Owner,
} from '../../src/index.js';
import { chatwoot } from '../../src/adapters/chatwoot/index.js';

const agent = new VirtualAgent({ adapter: chatwoot({ baseUrl: 'https://chat.example.com', accountId: 1, botToken: 't', secret: 's' }) });

describe('agent.events types', () => {
  it('narrows each listener payload by event name', () => {
    agent.events.on('handoff', (e) => {
      expectTypeOf(e).toEqualTypeOf<HandoffObservation>();
      expectTypeOf(e.from).toEqualTypeOf<Owner>();
      expectTypeOf(e.initiator).toEqualTypeOf<'bot' | 'platform'>();
    });
    agent.events.on('escalation', (e) => {
      expectTypeOf(e).toEqualTypeOf<EscalationObservation>();
      expectTypeOf(e.trigger).toEqualTypeOf<'bot' | 'fail-safe' | 'platform'>();
    });
    agent.events.on('delivery', (e) => expectTypeOf(e).toEqualTypeOf<DeliveryObservation>());
    agent.events.once('api_call', (e) => expectTypeOf(e.route).toEqualTypeOf<string>());
    agent.events.on('api_call', (e) => expectTypeOf(e).toEqualTypeOf<ApiCallObservation>());
  });

  it('refuses unknown names and mismatched listeners', () => {
    // @ts-expect-error not an event of the bus
    agent.events.on('handoffs', () => undefined);
    // @ts-expect-error a handoff carries no `status`
    agent.events.on('handoff', (e) => e.status);
  });
});
