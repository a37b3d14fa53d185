import { HandoffkitError } from '../../errors.js';

const ALIAS = /^[a-zA-Z0-9_]+$/;

/**
 * Turns `setAttributes(record)` into `setContactAttributes`: keys are attribute aliases (`^[a-zA-Z0-9_]+$`), values
 * strings (numbers, booleans and dates are written as text; `undefined` is skipped). Hootsuite ignores a value for an
 * attribute the contact already has: it never overwrites.
 */
export function toContactAttributes(attributes: Record<string, unknown>): Record<string, string> {
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) {
    throw new HandoffkitError('E_PAYLOAD', 'setAttributes() takes a record of attribute aliases to values, e.g. { account_number: "1975" }.');
  }
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (!ALIAS.test(name)) {
      throw new HandoffkitError(
        'E_PAYLOAD',
        `setAttributes(): "${name.slice(0, 60)}" is not a Hootsuite attribute alias (letters, digits and _ only; use the alias of the attribute definition).`,
      );
    }
    if (value === undefined) continue;
    result[name] = attributeText(name, value);
  }
  return result;
}

function attributeText(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  throw new HandoffkitError(
    'E_PAYLOAD',
    `setAttributes(): the value of "${name}" must be a string, number, boolean or Date (Hootsuite stores attributes as text), got ${value === null ? 'null' : typeof value}.`,
  );
}
