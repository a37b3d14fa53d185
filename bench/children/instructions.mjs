// The process whose instructions `bench/instructions.mjs` counts under valgrind: it builds `count` signed deliveries,
// then runs one stage over each of them, one after the other. The orchestrator runs it with two counts and takes the
// difference, so that start-up, signing and the compiler's warm-up cancel out (see `signing`, the stage that only
// builds the deliveries).
//
//   valgrind --tool=callgrind node --single-threaded bench/children/instructions.mjs <stage> <count>
import { chatwootAdapter, chatwootAgent, messengerAgent } from '../lib/agents.mjs';
import { chatwootFloor, messengerFloor } from '../lib/floors.mjs';
import { chatwootDelivery, messengerDelivery } from '../lib/payloads.mjs';

/** The stages: what runs over each delivery. `deliveries` builds them (signed, every one new). */
const STAGES = {
  signing: { deliveries: chatwootDelivery, run: () => undefined },
  floor: { deliveries: chatwootDelivery, run: chatwootFloor },
  // The adapter's share: its signature check, the JSON and its schemas and normalization, without the agent.
  adapter: {
    deliveries: chatwootDelivery,
    setup: chatwootAdapter,
    run: (delivery, adapter) => {
      adapter.verify(delivery, { now: Date.now() });
      return adapter.parse(JSON.parse(delivery.body.toString('utf8')), delivery);
    },
  },
  receive: { deliveries: chatwootDelivery, setup: () => chatwootAgent(), run: (delivery, agent) => agent.receive(delivery) },
  'messenger-floor': { deliveries: (n) => messengerDelivery(n), run: messengerFloor },
  'messenger-signing': { deliveries: (n) => messengerDelivery(n), run: () => undefined },
  'messenger-1': { deliveries: (n) => messengerDelivery(n, Date.now(), 1), setup: () => messengerAgent(), run: (d, agent) => agent.receive(d) },
  'messenger-1-signing': { deliveries: (n) => messengerDelivery(n, Date.now(), 1), run: () => undefined },
  'messenger-10': { deliveries: (n) => messengerDelivery(n), setup: () => messengerAgent(), run: (d, agent) => agent.receive(d) },
};

const [name, countText] = process.argv.slice(2);
const stage = STAGES[name];
if (stage === undefined) throw new Error(`unknown stage ${name}: ${Object.keys(STAGES).join(', ')}`);
const deliveries = Array.from({ length: Number(countText) }, (_, i) => stage.deliveries(i));
const subject = stage.setup?.();
for (const delivery of deliveries) {
  const result = stage.run(delivery, subject);
  if (result instanceof Promise) {
    const answer = await result;
    if (answer.status !== 200) throw new Error(`${name}: answered ${answer.status} ${answer.body}`);
  }
}
