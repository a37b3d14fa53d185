/** A message the virtual agent sends (`Message` of the Inbox 2.0 API). */
export interface HootsuiteMessage {
  /** The text. */
  text?: string;
  /** The file name of an attachment uploaded to the conversation before. */
  attachment?: string;
  /** Platform fields passed through as they are. */
  [field: string]: unknown;
}

/** How a conversation is finished: handed to humans, or resolved. */
export type CompleteAction = 'HANDOVER' | 'RESOLVED';

/** `ConversationManipulation`: what the bot does to a conversation, in the webhook answer or through REST. */
export interface ConversationManipulation {
  /** Shows or hides the typing indicator. */
  indicateTyping?: 'START' | 'STOP';
  /** One message. */
  sendMessage?: HootsuiteMessage;
  /** Several messages, in order. */
  sendMessages?: HootsuiteMessage[];
  /** Topics applied to the conversation (existing names only, case-insensitive; others are ignored). */
  applyTopics?: string[];
  /** Tags applied to the latest inbound message (through REST: to `messageId`). */
  applyTags?: string[];
  /** Notes for the agents. */
  applyConversationNotes?: { text: string }[];
  /** Contact attributes; Hootsuite never overwrites a value the contact already has. */
  setContactAttributes?: Record<string, string>;
  /** Finishes the bot's part: `HANDOVER` to humans, or `RESOLVED`. */
  complete?: CompleteAction;
  /** The inbound message `applyTags` targets; required by the REST API when tagging. */
  messageId?: string;
}

/**
 * Merges the actions collected during one webhook into one `ConversationManipulation`, keys in the documented order:
 * messages in order (`sendMessage` for one, `sendMessages` for several), topics, tags and notes appended (repeats
 * dropped), attributes merged (a later value for the same name wins), the last typing state, the one `complete`.
 */
export function mergeManipulations(items: readonly ConversationManipulation[]): ConversationManipulation {
  let typing: ConversationManipulation['indicateTyping'];
  const messages: HootsuiteMessage[] = [];
  const topics: string[] = [];
  const tags: string[] = [];
  const notes: { text: string }[] = [];
  let attributes: Record<string, string> | undefined;
  let complete: CompleteAction | undefined;
  for (const item of items) {
    if (item.indicateTyping !== undefined) typing = item.indicateTyping;
    if (item.sendMessage !== undefined) messages.push(item.sendMessage);
    if (item.sendMessages !== undefined) messages.push(...item.sendMessages);
    appendUnique(topics, item.applyTopics);
    appendUnique(tags, item.applyTags);
    if (item.applyConversationNotes !== undefined) notes.push(...item.applyConversationNotes);
    if (item.setContactAttributes !== undefined) attributes = { ...attributes, ...item.setContactAttributes };
    if (item.complete !== undefined) complete = item.complete;
  }
  const merged: ConversationManipulation = {};
  if (typing !== undefined) merged.indicateTyping = typing;
  if (messages.length === 1) merged.sendMessage = messages[0]!;
  else if (messages.length > 1) merged.sendMessages = messages;
  if (topics.length > 0) merged.applyTopics = topics;
  if (tags.length > 0) merged.applyTags = tags;
  if (notes.length > 0) merged.applyConversationNotes = notes;
  if (attributes !== undefined) merged.setContactAttributes = attributes;
  if (complete !== undefined) merged.complete = complete;
  return merged;
}

// Hootsuite matches topic and tag names case-insensitively: a name repeated in another case is the same name.
function appendUnique(target: string[], names: readonly string[] | undefined): void {
  for (const name of names ?? []) {
    const key = name.toLowerCase();
    if (!target.some((existing) => existing.toLowerCase() === key)) target.push(name);
  }
}
