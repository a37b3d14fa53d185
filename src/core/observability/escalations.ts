import type { AgentEvents, EscalationObservation, EscalationOutcome, EscalationTrigger } from './bus.js';

/** `agent.escalations()`: escalation counts since the agent started. */
export interface EscalationReport {
  /** When counting began (the agent's construction), ms since the epoch. */
  since: number;
  /** Every escalation attempt. */
  total: number;
  /** By reason (at most {@link MAX_REASONS} distinct reasons; later ones count under `other`). */
  byReason: Record<string, number>;
  /** By platform (the adapter's name), then by bot id (`unknown` when the adapter names none). */
  byBot: Record<string, Record<string, number>>;
  /** By who started it. */
  byTrigger: Record<EscalationTrigger, number>;
  /** By where it went (`default`, `team`, `group`, `agent`, `rule`, `target`, `call`, `platform`). */
  byChannel: Record<string, number>;
  /** By what came of it. */
  byOutcome: Record<EscalationOutcome, number>;
}

/** Reasons are free text: past this many distinct ones, the rest count as `other`. */
export const MAX_REASONS = 100;

/** Counts the `escalation` events of one agent. */
export class EscalationTally {
  readonly #report: EscalationReport;

  /** Starts counting the escalations reported on `bus`. */
  constructor(bus: AgentEvents, now: () => number) {
    this.#report = {
      since: now(),
      total: 0,
      byReason: {},
      byBot: {},
      byTrigger: { bot: 0, 'fail-safe': 0, platform: 0 },
      byChannel: {},
      byOutcome: { escalated: 0, failed: 0, unsupported: 0 },
    };
    bus.on('escalation', (e) => this.#count(e));
  }

  /** A copy of the counts so far. */
  report(): EscalationReport {
    return structuredClone(this.#report);
  }

  #count(e: EscalationObservation): void {
    const report = this.#report;
    report.total += 1;
    const known = e.reason in report.byReason || Object.keys(report.byReason).length < MAX_REASONS;
    bump(report.byReason, known ? e.reason : 'other');
    report.byTrigger[e.trigger] += 1;
    bump(report.byChannel, e.channel);
    bump((report.byBot[e.platform] ??= {}), e.botId ?? 'unknown');
    report.byOutcome[e.outcome] += 1;
  }
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
