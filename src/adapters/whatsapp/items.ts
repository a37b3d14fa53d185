import type { Contact } from '../../core/events.js';
import { emptyRecord } from '../kit/records.js';
import { itemChecks } from '../meta/paths.js';

/** The checks of WhatsApp batch items: errors name the field from the delivery's root. */
export const checks = itemChecks('WhatsApp');

/** A contact: `wa_id` is both the id and the phone number. */
export function contactOf(waId: string, name: string | undefined): Contact {
  return { id: waId, phone: waId, ...(name ? { name } : {}), attributes: emptyRecord() };
}

/** WhatsApp's unix seconds (a numeric string) in ms. */
export function seconds(value: string | number | null | undefined): number | undefined {
  if (value == null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.round(n < 1e11 ? n * 1000 : n) : undefined;
}
