import { PlatformApiError } from '../../errors.js';
import type { EngagorClient } from './client.js';
import type { MentionTarget } from './normalize.js';
import { contactSchema } from './schema.js';

/** How a contact's tags change: added, or removed, keeping the others. */
export type TagEditMode = 'add' | 'delete';

/**
 * The contact's path: `inbox/contact/{service}/{author id}` (the author id is the contact's id on the channel).
 * Without a channel, `inbox/contact/{id}`, which takes Social Connect's own contact id.
 */
export function contactPath(target: Pick<MentionTarget, 'conversationId' | 'authorId' | 'service'>): string {
  const id = encodeURIComponent(authorOf(target));
  return target.service === undefined ? `inbox/contact/${id}` : `inbox/contact/${encodeURIComponent(target.service)}/${id}`;
}

/** The author's id on the channel (targets saved by older versions carry it as their conversation id). */
export function authorOf(target: Pick<MentionTarget, 'conversationId' | 'authorId'>): string {
  return target.authorId ?? target.conversationId;
}

/**
 * Reads a contact's tags: `GET …/inbox/contact/{service}/{id}?topic_ids={topic}` (WhatsApp, Live Chat, … need the
 * topic). A contact the API does not know (404) carries no tags; any other failure rejects.
 */
export async function readContactTags(client: EngagorClient, target: MentionTarget): Promise<string[]> {
  const path = contactPath(target);
  let contact: unknown;
  try {
    contact = await client.request({ method: 'GET', path, query: { topic_ids: target.topicId } });
  } catch (error) {
    if (error instanceof PlatformApiError && error.status === 404) return [];
    throw error;
  }
  const parsed = contactSchema.safeParse(contact);
  if (!parsed.success) {
    throw new PlatformApiError({
      platform: 'qualtrics',
      status: 200,
      platformMessage: 'the contact has no readable tags (expected "tags" to be a list of names)',
      method: 'GET',
      path: `/${path}`,
    });
  }
  return (parsed.data.tags ?? []).map((tag) => (typeof tag === 'string' ? tag : tag.name));
}

/**
 * Adds or removes contact tags: `POST …/inbox/contact/{service}/{id}` with the form parameters
 * `updates={"tags":[…]}`, `options={"tags_edit_mode":"add"|"delete"}` and `topic_ids`.
 */
export async function editContactTags(client: EngagorClient, target: MentionTarget, tags: readonly string[], mode: TagEditMode): Promise<void> {
  await client.request({
    method: 'POST',
    path: contactPath(target),
    form: {
      updates: JSON.stringify({ tags }),
      options: JSON.stringify({ tags_edit_mode: mode }),
      topic_ids: target.topicId,
    },
  });
}

/** The spellings in `current` of the `wanted` tags, compared case-insensitively (what a delete must name). */
export function matchingTags(current: readonly string[], wanted: readonly string[]): string[] {
  const lower = new Set(wanted.map((tag) => tag.toLowerCase()));
  return current.filter((tag) => lower.has(tag.toLowerCase()));
}
