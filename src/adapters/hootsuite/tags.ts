import { HandoffkitError } from '../../errors.js';

// A marker no topic name contains (NUL), so that ctx.tag(...) can carry message tags beside topics.
const MARK = '\u0000hootsuite-message-tag\u0000';

/** What `ctx.tag(...)` names split into. */
export interface SplitTags {
  /** Plain names: conversation topics (`applyTopics`). */
  topics: string[];
  /** Names wrapped by {@link messageTag}: tags of an inbound message (`applyTags`). */
  messageTags: string[];
  /** The message the tags target, when given to `messageTag`. */
  messageId: string | undefined;
}

/**
 * Wraps a tag name so that `ctx.tag()` applies it to an inbound message (`applyTags`) instead of the conversation
 * (`applyTopics`): `ctx.tag('Billing', messageTag('Happy'))`. In the webhook answer it tags the latest inbound
 * message; through REST it tags `messageId`, by default the latest inbound message the adapter saw.
 */
export function messageTag(name: string, messageId?: string): string {
  if (typeof name !== 'string' || name.trim() === '') throw new HandoffkitError('E_PAYLOAD', 'messageTag(name) needs a non-empty tag name.');
  if (name.includes('\u0000') || messageId?.includes('\u0000'))
    throw new HandoffkitError('E_PAYLOAD', 'messageTag() names and ids cannot contain NUL characters.');
  return `${MARK}${messageId ?? ''}\u0000${name}`;
}

/** Splits `ctx.tag()` names into conversation topics and message tags; throws when tags target two messages. */
export function splitTags(names: readonly string[]): SplitTags {
  const split: SplitTags = { topics: [], messageTags: [], messageId: undefined };
  for (const name of names) {
    if (!name.startsWith(MARK)) {
      split.topics.push(name);
      continue;
    }
    const rest = name.slice(MARK.length);
    const at = rest.indexOf('\u0000');
    const messageId = rest.slice(0, at);
    split.messageTags.push(rest.slice(at + 1));
    if (messageId === '') continue;
    if (split.messageId !== undefined && split.messageId !== messageId) {
      throw new HandoffkitError('E_PAYLOAD', 'One tag() call can tag one message: call tag() once per messageId.');
    }
    split.messageId = messageId;
  }
  return split;
}
