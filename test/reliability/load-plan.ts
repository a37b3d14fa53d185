// The load run: a plan of signed deliveries (duplicates, deliberate swaps, concurrent bursts), the platform that
// sends it over real HTTP, and the checks of what the agents did with it.
import type { Delivery } from '../../src/index.js';
import { type Arrival, type Client, messageIdOf, percentile, positionOf, random, type Sent, signedMessage } from './support.js';

/** How a delivery relates to its message. */
export type SendKind = 'first' | 'concurrent-copy' | 'later-copy';

/** One HTTP request of the plan. */
export interface PlannedSend {
  messageId: number;
  conversation: number;
  seq: number;
  /** The instance (server) it is posted to. */
  instance: number;
  kind: SendKind;
  delivery: Delivery;
}

/** Options of {@link makePlan}. */
export interface PlanOptions {
  seed: number;
  conversations: number;
  messagesPerConversation: number;
  instances: number;
  /** Share of the messages delivered twice. */
  duplicateRate: number;
  /** Share of the messages deliberately sent after their successor. */
  swapRate: number;
}

/** What the platform will send: per conversation, bursts sent one after the other; a burst's requests at once. */
export interface Plan extends PlanOptions {
  bursts: PlannedSend[][][];
  messages: number;
  requests: number;
  swapped: number;
  copies: { concurrent: number; later: number; concurrentOnOtherInstance: number };
}

/**
 * Plans the deliveries of every conversation. Within a conversation the platform sends bursts of 1–3 requests at
 * once and waits for their answers before the next burst, so arrival order within a burst is up to the network,
 * and arrival order across bursts is the plan's. A deliberate swap puts message k+1 in an earlier burst than k.
 * A copy is sent in the same burst (concurrently) or in a later burst (a retry after the answer). With several
 * instances, bursts go to random instances; a concurrent copy goes to the other instance only in a one-message
 * burst, because the order of concurrent deliveries of one conversation at two instances is not defined.
 */
export function makePlan(options: PlanOptions): Plan {
  const rand = random(options.seed);
  const pick = (n: number): number => Math.floor(rand() * n);
  const n = options.messagesPerConversation;
  const bursts: PlannedSend[][][] = [];
  const copies = { concurrent: 0, later: 0, concurrentOnOtherInstance: 0 };
  let swapped = 0;
  let requests = 0;

  for (let conversation = 0; conversation < options.conversations; conversation++) {
    const order = Array.from({ length: n }, (_, i) => i);
    const boundaries = new Set<number>();
    const used = new Set<number>();
    const swaps = Math.round(n * options.swapRate);
    while (boundaries.size < swaps) {
      const p = pick(n - 1);
      if (used.has(p) || used.has(p + 1)) continue;
      used.add(p).add(p + 1);
      [order[p], order[p + 1]] = [order[p + 1]!, order[p]!];
      boundaries.add(p); // a burst ends after position p: message p+1 arrives strictly before message p
    }
    swapped += swaps;

    const deliveries = new Map<number, Delivery>();
    const deliveryOf = (seq: number): Delivery => {
      let delivery = deliveries.get(seq);
      if (delivery === undefined) deliveries.set(seq, (delivery = signedMessage(conversation, seq)));
      return delivery;
    };
    const send = (seq: number, instance: number, kind: SendKind): PlannedSend => ({
      messageId: messageIdOf(conversation, seq),
      conversation,
      seq,
      instance,
      kind,
      delivery: deliveryOf(seq),
    });

    const plan: PlannedSend[][] = [];
    let burst: PlannedSend[] = [];
    let target = 1 + pick(3);
    let instance = pick(options.instances);
    const burstOf = new Map<number, number>();
    for (let position = 0; position < n; position++) {
      const seq = order[position]!;
      burst.push(send(seq, instance, 'first'));
      burstOf.set(seq, plan.length);
      if (burst.length >= target || boundaries.has(position) || position === n - 1) {
        plan.push(burst);
        burst = [];
        target = 1 + pick(3);
        instance = pick(options.instances);
      }
    }

    const duplicated = new Set<number>();
    const duplicates = Math.round(n * options.duplicateRate);
    while (duplicated.size < duplicates) duplicated.add(pick(n));
    for (const seq of duplicated) {
      const index = burstOf.get(seq)!;
      const home = plan[index]!;
      const original = home.find((s) => s.seq === seq)!;
      if (rand() < 0.5) {
        const alone = home.filter((s) => s.kind === 'first').length === 1;
        const elsewhere = alone && options.instances > 1 && rand() < 0.75;
        const at = elsewhere ? (original.instance + 1 + pick(options.instances - 1)) % options.instances : original.instance;
        home.push(send(seq, at, 'concurrent-copy'));
        copies.concurrent += 1;
        if (elsewhere) copies.concurrentOnOtherInstance += 1;
      } else {
        const later = index + 1 + pick(plan.length - index);
        if (later === plan.length) plan.push([]);
        plan[later]!.push(send(seq, pick(options.instances), 'later-copy'));
        copies.later += 1;
      }
    }
    // Within a burst every request leaves at once; shuffle which one is issued first.
    for (const b of plan) {
      for (let i = b.length - 1; i > 0; i--) {
        const j = pick(i + 1);
        [b[i], b[j]] = [b[j]!, b[i]!];
      }
      requests += b.length;
    }
    bursts.push(plan);
  }
  return { ...options, bursts, messages: options.conversations * n, requests, swapped, copies };
}

/** One request as sent, with its answer. */
export interface SentRecord extends PlannedSend, Sent {}

/**
 * Sends a plan with `workers` concurrent senders: each owns some conversations and goes round them, one burst at a
 * time, so every conversation is sent by one sender and conversations interleave.
 */
export async function sendPlan(plan: Plan, client: Client, ports: readonly number[], workers: number): Promise<{ sent: SentRecord[]; wallMs: number }> {
  const sent: SentRecord[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      const mine = plan.bursts.filter((_, conversation) => conversation % workers === worker);
      const rounds = Math.max(0, ...mine.map((b) => b.length));
      for (let round = 0; round < rounds; round++) {
        for (const conversation of mine) {
          const burst = conversation[round];
          if (burst === undefined || burst.length === 0) continue;
          await Promise.all(
            burst.map(async (planned) => {
              const answer = await client.post(ports[planned.instance]!, planned.delivery);
              sent.push({ ...planned, ...answer });
            }),
          );
        }
      }
    }),
  );
  return { sent, wallMs: performance.now() - started };
}

/** One run of the handler. */
export interface Handled {
  messageId: number;
  conversationId: string;
  instance: number;
}

/** What the checks found. */
export interface Findings {
  statuses: Record<number, number>;
  /** Messages whose handler ran other than once: id → runs. */
  notOnce: Map<number, number>;
  /** Conversations whose handling order differs from their arrival order. */
  misordered: { conversation: number; arrived: number[]; handled: number[] }[];
  /** Messages that arrived after a later message of their conversation. */
  outOfOrderArrivals: number;
  /** Copies that reached another instance than the first copy of their message. */
  copiesAtOtherInstance: number;
  handledPerInstance: number[];
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
  max: number;
}

/** Checks a run: exactly once, order = arrival order, answers. */
export function findings(plan: Plan, sent: readonly SentRecord[], arrivals: readonly Arrival[], handled: readonly Handled[], wallMs: number): Findings {
  const statuses: Record<number, number> = {};
  for (const s of sent) statuses[s.status] = (statuses[s.status] ?? 0) + 1;

  const runs = new Map<number, number>();
  for (const h of handled) runs.set(h.messageId, (runs.get(h.messageId) ?? 0) + 1);
  const notOnce = new Map<number, number>();
  for (const conversation of plan.bursts) {
    for (const burst of conversation) {
      for (const s of burst) if (s.kind === 'first' && runs.get(s.messageId) !== 1) notOnce.set(s.messageId, runs.get(s.messageId) ?? 0);
    }
  }
  for (const [id, count] of runs) if (!notOnce.has(id) && count !== 1) notOnce.set(id, count);

  const arrivedBy = new Map<number, number[]>();
  const firstArrival = new Set<number>();
  let outOfOrderArrivals = 0;
  const highest = new Map<number, number>();
  for (const arrival of arrivals) {
    if (firstArrival.has(arrival.messageId)) continue;
    firstArrival.add(arrival.messageId);
    const { conversation } = positionOf(arrival.messageId);
    const list = arrivedBy.get(conversation) ?? [];
    list.push(arrival.messageId);
    arrivedBy.set(conversation, list);
    const top = highest.get(conversation) ?? -1;
    if (arrival.messageId < top) outOfOrderArrivals += 1;
    else highest.set(conversation, arrival.messageId);
  }
  const handledBy = new Map<number, number[]>();
  for (const h of handled) {
    const { conversation } = positionOf(h.messageId);
    const list = handledBy.get(conversation) ?? [];
    list.push(h.messageId);
    handledBy.set(conversation, list);
  }
  const misordered: Findings['misordered'] = [];
  for (let conversation = 0; conversation < plan.conversations; conversation++) {
    const arrived = arrivedBy.get(conversation) ?? [];
    const done = handledBy.get(conversation) ?? [];
    if (arrived.length !== done.length || arrived.some((id, i) => id !== done[i])) misordered.push({ conversation, arrived, handled: done });
  }

  let copiesAtOtherInstance = 0;
  const firstOf = new Map<number, Arrival>();
  for (const arrival of arrivals) {
    const first = firstOf.get(arrival.messageId);
    if (first === undefined) firstOf.set(arrival.messageId, arrival);
    else if (arrival.instance !== first.instance) copiesAtOtherInstance += 1;
  }
  const handledPerInstance = Array.from({ length: plan.instances }, (_, i) => handled.filter((h) => h.instance === i).length);
  const latencies = sent.map((s) => s.ms);
  return {
    statuses,
    notOnce,
    misordered,
    outOfOrderArrivals,
    copiesAtOtherInstance,
    handledPerInstance,
    deliveriesPerSecond: sent.length / (wallMs / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  };
}
