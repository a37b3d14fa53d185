/** Which side of the limit passes: at most (`<=`), under (`<`) or at least (`>=`). */
export type Comparator = '<=' | '<' | '>=';

/** One performance budget. */
export interface Budget {
  /** A stable id, e.g. `inprocess.chatwoot`. */
  readonly id: string;
  /** What is measured, for the report. */
  readonly label: string;
  /** The keys leading to the measured number in a results object. */
  readonly path: readonly string[];
  /** With it, the value is the one at `path` divided by the one at `per`. */
  readonly per?: readonly string[];
  /** Which side of the limit passes. */
  readonly comparator: Comparator;
  /** The limit, in `unit`. */
  readonly limit: number;
  /** `×` (a ratio), `ms` or `B` (bytes). */
  readonly unit: string;
}

/** A budget with what was measured and the verdict (`missing` when the results hold no finite number there). */
export interface BudgetCheck extends Budget {
  readonly value: number | undefined;
  readonly status: 'pass' | 'fail' | 'missing';
}

/** Every check; `ok` only when every budget is measured and met. */
export interface BudgetReport {
  readonly ok: boolean;
  readonly checks: readonly BudgetCheck[];
}

/** The adapters every per-adapter budget covers. */
export const ADAPTERS: readonly string[];
/** The budgets enforced by `npm run bench:check`. */
export const BUDGETS: readonly Budget[];
/** Checks every budget against a results object (the shape of bench/results.json). Pure. */
export function checkBudgets(results: unknown, budgets?: readonly Budget[]): BudgetReport;
/** The section of `bench/run.mjs` that measures a budget. */
export function sectionOf(id: string): string;
/** How a comparator is written. */
export const SIGNS: Readonly<Record<Comparator, string>>;
/** A number with its unit, as the reports write it. */
export function formatValue(value: number, unit: string): string;
/** One report line for a check. */
export function formatCheck(check: BudgetCheck): string;
