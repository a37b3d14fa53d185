import type { Store } from '../store/types.js';
import { OWNER_TTL_MS, storeCall } from './conversation-state.js';
import type { Contact, NormalizedEvent } from './events.js';

/**
 * For adapters with `remembersContact`: an event naming its contact (a non-empty id) updates the contact remembered
 * for its conversation; an event naming none gets the remembered one, its own fields (and attributes) laid over it.
 * When the platform never named the conversation's contact, the conversation's id stands in: never an empty id.
 */
export async function rememberContact(store: Store, key: string, event: NormalizedEvent): Promise<void> {
  const given = event.contact;
  if (given !== undefined && namesContact(event)) {
    await storeCall(() => store.set(key, given, OWNER_TTL_MS));
    return;
  }
  applyRemembered(event, await storeCall(() => store.get<Contact>(key)));
}

/** Whether the event names its contact (then that contact is remembered, rather than the remembered one applied). */
export function namesContact(event: NormalizedEvent): boolean {
  return event.contact !== undefined && event.contact.id !== '';
}

/** Gives an event that names no contact the `remembered` one (or the conversation's id), its own fields laid over it. */
export function applyRemembered(event: NormalizedEvent, remembered: Contact | undefined): void {
  const given = event.contact;
  const base: Contact = remembered ?? { id: event.conversationId, attributes: {} };
  if (given === undefined) {
    event.contact = base;
    return;
  }
  const merged: Contact = { ...base, attributes: Object.assign(Object.create(null) as Record<string, unknown>, base.attributes, given.attributes) };
  for (const field of ['name', 'email', 'phone', 'locale'] as const) {
    const value = given[field];
    if (value !== undefined) merged[field] = value;
  }
  event.contact = merged;
}
