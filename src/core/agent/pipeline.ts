import { race } from '../deadlines.js';
import type { Answer } from '../delivery.js';
import type { NormalizedEvent } from '../events.js';
import { redeliveryAnswer } from '../failures.js';
import type { LaneLock } from '../lane-lock.js';
import type { Lanes } from '../lanes.js';
import * as observe from '../observability/emit.js';
import type { DeliveryTrace } from '../observability/emit.js';
import { conversationKey } from '../keys.js';
import type { ResponseOutbox } from '../outbox.js';
import { dedupeTtlFor } from '../stale.js';
import { answered, failureAnswer, okAnswer } from './answers.js';
import type { OwnershipFlow } from './ownership-flow.js';
import { CANCELLED, type AgentRuntime, type Progress } from './runtime.js';
import { CLAIMED, DONE, TwoCallEvents } from './two-calls.js';

/** How the pipeline runs one delivery's events. */
export interface PipelineOptions {
  /** This process's conversation lanes. */
  lanes: Lanes;
  /** The store's conversation lock, when several instances share the store. */
  lock: LaneLock | undefined;
  /** How long an idempotency key is remembered by default. */
  dedupeTtlMs: number;
  /** The status of an answer sent at the ack deadline while handlers still run. */
  ackStatus: 200 | 202;
  /** Keeps work alive after the answer on runtimes that stop at the response. */
  waitUntil: ((work: Promise<unknown>) => void) | undefined;
}

/** The events of a delivery through lanes, the conversation lock and dedupe, answered at the ack deadline at the latest. */
export class Pipeline {
  readonly #runtime: AgentRuntime;
  readonly #flow: OwnershipFlow;
  readonly #options: PipelineOptions;
  /** With a store that starts and finishes an event in one call each (RedisStore). */
  readonly #twoCalls: TwoCallEvents | undefined;

  /** The pipeline of one agent. */
  constructor(runtime: AgentRuntime, flow: OwnershipFlow, options: PipelineOptions) {
    this.#runtime = runtime;
    this.#flow = flow;
    this.#options = options;
    const { lock } = options;
    this.#twoCalls = lock !== undefined && TwoCallEvents.supported(runtime.store.store) ? new TwoCallEvents(runtime, flow, lock) : undefined;
  }

  /** Handles `events` and resolves with the answer; with an ack deadline, answers when it passes if handling has not. */
  run(events: NormalizedEvent[], outbox: ResponseOutbox | undefined, deadlineMs: number | false, trace: DeliveryTrace | undefined): Promise<Answer> {
    const progress = events.map((): Progress => ({ state: undefined, phase: 'queued', cancelled: false }));
    trace?.track(progress);
    const work = this.#handleAll(events, outbox, progress).then((answer) => answered(this.#runtime, answer, outbox));
    return deadlineMs === false ? work : this.#ack(work, deadlineMs, outbox, progress, trace);
  }

  async #ack(work: Promise<Answer>, deadlineMs: number, outbox: ResponseOutbox | undefined, progress: Progress[], trace?: DeliveryTrace): Promise<Answer> {
    // `work` never rejects: every failure is already an answer.
    const answer = await race(this.#runtime.deadlines, work, deadlineMs, () => undefined);
    if (answer !== undefined) return answer;
    trace?.acked(deadlineMs);
    // Still waiting for another instance's conversation lock (or a slow store): a 2xx now could lose those events
    // if the wait then fails, so they stop here and the delivery is answered with the redelivery status.
    const waiting = this.#options.lock === undefined ? [] : progress.filter((p) => p.phase === 'locking');
    if (waiting.length > 0) {
      for (const p of waiting) p.cancelled = true;
      this.#runtime.logger.warn(`${waiting.length} event(s) still waiting for their conversation at the ack deadline: answered for redelivery`);
      outbox?.close();
      return redeliveryAnswer(this.#runtime.redelivery, 'unavailable', 'E_STORE');
    }
    // Handlers outlived the ack deadline: answer now (with the actions collected so far), keep working.
    this.#options.waitUntil?.(work);
    return answered(this.#runtime, okAnswer(this.#options.ackStatus), outbox);
  }

  async #handleAll(events: NormalizedEvent[], outbox: ResponseOutbox | undefined, progress: Progress[]): Promise<Answer> {
    if (events.length === 1) {
      try {
        await this.#enqueue(events[0] as NormalizedEvent, outbox, progress[0] as Progress);
        return okAnswer(200);
      } catch (reason) {
        return failureAnswer(this.#runtime, [reason]);
      }
    }
    // Queued synchronously, in order: each conversation's lane keeps the delivery's order.
    const results = await Promise.allSettled(events.map((event, i) => this.#enqueue(event, outbox, progress[i] as Progress)));
    const reasons: unknown[] = [];
    for (const result of results) if (result.status === 'rejected') reasons.push(result.reason);
    return reasons.length === 0 ? okAnswer(200) : failureAnswer(this.#runtime, reasons);
  }

  /** Queues an event in its conversation's lane (under the store's lock when several instances share it). */
  #enqueue(event: NormalizedEvent, outbox: ResponseOutbox | undefined, progress: Progress): Promise<void> {
    // The lane is the conversation: its events run one at a time, in order (a contact event without one: the contact).
    const lane = event.conversationId || `contact:${event.contact?.id ?? ''}`;
    const { lock } = this.#options;
    const twoCalls = this.#twoCalls;
    const handle = (): Promise<void> => this.#handle(lane, event, outbox, progress);
    return this.#options.lanes.run(lane, async () => {
      progress.phase = 'locking';
      try {
        if (lock === undefined || progress.cancelled) await handle();
        else if (twoCalls !== undefined) await twoCalls.run(lane, event, outbox, progress, this.#ttlOf(event));
        else await lock.run(conversationKey(this.#runtime.prefix, lane, 'lock'), handle, () => progress.cancelled);
      } finally {
        // (#handle may have moved it on to 'started'.)
        if ((progress.phase as Progress['phase']) !== 'started') progress.phase = 'done';
      }
    });
  }

  #ttlOf(event: NormalizedEvent): number {
    return dedupeTtlFor(event, this.#runtime.now(), this.#options.dedupeTtlMs);
  }

  async #handle(lane: string, event: NormalizedEvent, outbox: ResponseOutbox | undefined, progress: Progress): Promise<void> {
    if (progress.cancelled) return;
    const { store } = this.#runtime;
    // In the conversation's slot (Redis Cluster), like every key of the conversation.
    const dedupeKey = conversationKey(this.#runtime.prefix, lane, `seen:${event.idempotencyKey}`);
    const ttlMs = this.#ttlOf(event);
    const claim = store.setIfAbsent(dedupeKey, CLAIMED, ttlMs);
    const fresh = typeof claim === 'boolean' ? claim : await claim;
    // A key still `claimed` belongs to an attempt that never finished (it failed, or a timed-out store call of a
    // delivery answered "redeliver" ran late). This lane (and lock) holds the conversation now, so the event runs.
    if (!fresh) {
      const held = store.get(dedupeKey);
      if ((held instanceof Promise ? await held : held) !== CLAIMED) return observe.skippedDuplicate(this.#runtime.events, event, progress);
    }
    try {
      await this.#flow.process(event, outbox, progress);
    } catch (error) {
      if (error === CANCELLED) {
        // Answered "redeliver" before handling began: release the claim for the redelivery.
        await store.forget(dedupeKey);
        return;
      }
      // Failed before any side effect: forget the key so that the platform's retry runs it. After a side effect
      // (a reply went out), a retry would repeat it: the key is marked done, and the failure was reported.
      if ((progress.state?.sideEffects ?? 0) === 0) await store.forget(dedupeKey);
      else await store.write(dedupeKey, DONE, ttlMs, 'done');
      throw error;
    }
    const done = store.write(dedupeKey, DONE, ttlMs, 'done');
    if (done !== undefined) await done;
  }
}
