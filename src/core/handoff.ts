import type { LifecycleEventName, NormalizedEvent, Owner, OwnershipSignal } from './events.js';

/** What the agent remembers about who owns one conversation. */
export interface OwnershipRecord {
  /** The current owner. */
  owner: Owner;
  /** The platform's status word, when known. */
  status?: string;
  /** The platform time of the latest state accepted, in ms; older signals are stale. */
  at?: number;
  /**
   * Set when the bot itself changed the owner (escalate, handBack, resolve): until the platform confirms
   * (or `until` passes), signals that contradict it predate the change and are ignored.
   */
  expect?: { owner: Owner; until: number };
}

/** The outcome of applying one signal to a record. */
export interface SignalOutcome {
  /** The record after the signal (the same object when nothing changed). */
  record: OwnershipRecord;
  /** Whether the record must be written back. */
  dirty: boolean;
  /** The owner before, when the owner changed. */
  from?: Owner;
}

/** How long a change the bot made itself wins over contradicting platform signals, waiting for confirmation. */
export const EXPECT_WINDOW_MS = 60_000;

/**
 * Applies the platform's word about ownership to what the agent knew.
 * Stale signals (older platform time, or predating a change the bot made) are ignored,
 * so out-of-order deliveries never flip ownership back.
 */
export function applySignal(record: OwnershipRecord | undefined, signal: OwnershipSignal | undefined, now: number, announcedFrom?: Owner): SignalOutcome {
  if (signal === undefined) {
    return { record: record ?? { owner: 'none' }, dirty: false };
  }
  if (record === undefined) {
    return { record: fromSignal(signal), dirty: true };
  }
  if (signal.current === true) {
    // A fresh read of the platform's state is newer than anything recorded, the bot's own changes included.
    const next = fromSignal(signal, record.at);
    const dirty = next.owner !== record.owner || next.status !== record.status || record.expect !== undefined;
    return next.owner === record.owner ? { record: next, dirty } : { record: next, dirty, from: record.owner };
  }
  if (record.expect !== undefined && now < record.expect.until) {
    if (signal.owner !== record.expect.owner) {
      // A platform announcement of a change away from the state the bot created is newer than that change.
      if (announcedFrom !== record.expect.owner) return { record, dirty: false };
      return { record: fromSignal(signal, record.at), dirty: true, from: record.owner };
    }
    // Confirmed by the platform: from now on its clock orders the signals.
    return { record: fromSignal(signal, record.at), dirty: true };
  }
  if (signal.at !== undefined && record.at !== undefined && signal.at < record.at) {
    return { record, dirty: false };
  }
  const next = fromSignal(signal, record.at);
  const dirty = next.owner !== record.owner || next.status !== record.status || next.at !== record.at || record.expect !== undefined;
  return next.owner === record.owner ? { record: next, dirty } : { record: next, dirty, from: record.owner };
}

/**
 * The previous owner a platform announcement names, when the agent's record missed that change: the record
 * already shows the new owner (a change the platform made silently, e.g. a timeout) and the announcement is
 * newer than anything the record knows. `undefined` when there is nothing to emit.
 */
export function missedChange(
  before: OwnershipRecord | undefined,
  signal: OwnershipSignal | undefined,
  announcedFrom: Owner | undefined,
  to: Owner,
): Owner | undefined {
  if (announcedFrom === undefined || announcedFrom === to || signal === undefined) return undefined;
  if (before === undefined) return announcedFrom;
  if (before.expect !== undefined || before.owner !== to) return undefined;
  return signal.at !== undefined && before.at !== undefined && signal.at > before.at ? announcedFrom : undefined;
}

const ANNOUNCED: Readonly<Record<string, Owner>> = { handed_off: 'human', handed_back: 'bot', conversation_resolved: 'none' };

/** The lifecycle event a platform announced by name (`handed_off`, `handed_back`, `conversation_resolved`), if any. */
export function announcedName(event: NormalizedEvent): LifecycleEventName | undefined {
  return Object.hasOwn(ANNOUNCED, event.name) ? (event.name as LifecycleEventName) : undefined;
}

/**
 * The previous owner of a change the platform announced when the agent has no record of the conversation (a
 * restart, another instance): the announcement is the platform's explicit word, so its handlers run whatever this
 * process saw before. The previous owner is the one the platform named, else `none` (not known).
 */
export function unrecordedAnnouncement(
  before: OwnershipRecord | undefined,
  event: NormalizedEvent,
  announcedFrom: Owner | undefined,
  to: Owner,
): Owner | undefined {
  const name = announcedName(event);
  if (before !== undefined || name === undefined || ANNOUNCED[name] !== to) return undefined;
  return announcedFrom ?? 'none';
}

/** A record for a change the bot made itself, awaiting the platform's confirmation. */
export function expectOwner(record: OwnershipRecord, owner: Owner, status: string | undefined, now: number): OwnershipRecord {
  const next: OwnershipRecord = { owner, expect: { owner, until: now + EXPECT_WINDOW_MS } };
  if (status !== undefined) next.status = status;
  if (record.at !== undefined) next.at = record.at;
  return next;
}

/** The lifecycle event a change of owner emits, if any. */
export function lifecycleFor(from: Owner, to: Owner): LifecycleEventName | undefined {
  if (to === 'none') return from === 'none' ? undefined : 'conversation_resolved';
  if (from === 'bot' && to === 'human') return 'handed_off';
  if (from === 'human' && to === 'bot') return 'handed_back';
  // none → bot (reopened to the bot) and none → human (reopened to agents) change no hands.
  return undefined;
}

function fromSignal(signal: OwnershipSignal, previousAt?: number): OwnershipRecord {
  // (`current` describes how the signal was obtained; it is not part of the record.)
  const next: OwnershipRecord = { owner: signal.owner };
  if (signal.status !== undefined) next.status = signal.status;
  const at = signal.at ?? previousAt;
  if (at !== undefined) next.at = previousAt !== undefined && previousAt > at ? previousAt : at;
  return next;
}
