import { ConfigError } from '../errors.js';

// The option checks every layer above the core shares (the agent, the transports, the adapters' factories): each
// throws `E_CONFIG` naming the option, and describes a wrong value by its shape only.

/**
 * What kind of value an option got, for an error message: its type and shape, never the value itself (a token
 * pasted into the wrong option would otherwise end up in logs).
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return value.trim() === '' ? (value === '' ? 'an empty string' : 'a blank string') : `a string of ${value.length} characters`;
  if (typeof value === 'number') return numberShape(value);
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function numberShape(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return 'an infinite number';
  if (value === 0) return 'zero';
  const kind = Number.isInteger(value) ? 'integer' : 'fractional number';
  return value < 0 ? `a negative ${kind}` : kind === 'integer' ? 'a positive integer' : 'a fractional number';
}

/**
 * `value` when it is a number that passes `valid`; otherwise throws `E_CONFIG` on `option`:
 * "`call` must be `expected`, got …" (`call` as the user wrote it, e.g. `new VirtualAgent({ ackTimeoutMs })`).
 */
export function checkNumber(value: unknown, valid: (n: number) => boolean, call: string, option: string, expected: string): number {
  if (typeof value !== 'number' || !valid(value)) throw new ConfigError(option, `${call} must be ${expected}, got ${describeValue(value)}.`);
  return value;
}

/** `value` when it is a number above 0 (`finite` also refuses Infinity); `unit` completes "a positive number of …". */
export function positiveNumber(value: unknown, call: string, option: string, unit: string, finite = false): number {
  return checkNumber(value, (n) => n > 0 && (!finite || Number.isFinite(n)), call, option, `a positive${finite ? ', finite' : ''} number of ${unit}`);
}
