import * as z from 'zod/mini';

// LiveChat's webhook bodies (API v3.4 and v3.6), as far as the adapter reads them. Unknown fields pass (LiveChat
// adds fields every release); the fields read are checked. Built once, at module load.

const id = z.string().check(z.minLength(1));
const text = z.optional(z.nullable(z.string()));
const groupIds = z.optional(z.nullable(z.array(z.number())));
const userIds = z.optional(z.nullable(z.array(z.string())));

/** The envelope of every webhook; `organization_id` in v3.6, `license_id` in v3.4. */
export const envelopeSchema = z.looseObject({
  webhook_id: text,
  secret_key: z.string(),
  action: id,
  organization_id: text,
  license_id: z.optional(z.nullable(z.union([z.number(), z.string()]))),
  payload: z.looseObject({}),
  additional_data: z.optional(z.nullable(z.looseObject({}))),
});

/** A field of a filled form (pre-chat survey). */
const formFieldSchema = z.looseObject({ label: text, type: text, value: z.optional(z.unknown()), answer: z.optional(z.unknown()) });

/** One event of a chat thread (a message, a file, a rich message, a filled form, a system message). */
export const eventSchema = z.looseObject({
  id,
  type: id,
  text,
  author_id: text,
  created_at: text,
  visibility: text,
  recipients: text,
  url: text,
  name: text,
  content_type: text,
  size: z.optional(z.nullable(z.number())),
  thumbnail_url: text,
  fields: z.optional(z.nullable(z.array(formFieldSchema))),
});

/** A user of a chat (customer, agent or bot). */
export const userSchema = z.looseObject({ id, type: text, name: text, email: text });

/** `incoming_chat`: a new chat with its first thread. */
export const incomingChatSchema = z.looseObject({
  chat: z.looseObject({
    id,
    users: z.optional(z.nullable(z.array(userSchema))),
    thread: z.optional(z.nullable(z.looseObject({ id: text, events: z.optional(z.nullable(z.array(eventSchema))), created_at: text }))),
  }),
});

/** `incoming_event` (and `event_updated`): one event of a chat's thread. */
export const incomingEventSchema = z.looseObject({ chat_id: id, thread_id: text, event: eventSchema });

/** `incoming_rich_message_postback`: a button of a rich message was tapped. */
export const postbackSchema = z.looseObject({
  chat_id: id,
  thread_id: text,
  user_id: id,
  event_id: id,
  postback: z.looseObject({ id, toggled: z.optional(z.nullable(z.boolean())) }),
});

/** `chat_transferred`: the chat was transferred to agents or groups. */
export const transferSchema = z.looseObject({
  chat_id: id,
  thread_id: text,
  requester_id: text,
  reason: text,
  transferred_to: z.looseObject({ agent_ids: userIds, group_ids: groupIds }),
  queue: z.optional(z.nullable(z.looseObject({ position: z.optional(z.nullable(z.number())), queued_at: text }))),
});

/** `user_added_to_chat`. */
export const userAddedSchema = z.looseObject({ chat_id: id, thread_id: text, user: userSchema, user_type: text, reason: text });

/** `user_removed_from_chat`. */
export const userRemovedSchema = z.looseObject({ chat_id: id, thread_id: text, user_id: id, user_type: text, reason: text });

/** `chat_deactivated`: the chat was closed. */
export const deactivatedSchema = z.looseObject({ chat_id: id, thread_id: text, user_id: text });

/** Any other action: a chat is named by `chat_id` (or `id`, as in `chat_access_updated`), if at all. */
export const otherSchema = z.looseObject({ chat_id: z.optional(id), id: z.optional(z.unknown()) });

/** The schemas of the webhook bodies (the envelope checked apart), by action; errors name `payload.<field>`. */
export const webhookSchemas = {
  envelope: envelopeSchema,
  incoming_chat: z.looseObject({ payload: incomingChatSchema }),
  incoming_event: z.looseObject({ payload: incomingEventSchema }),
  incoming_rich_message_postback: z.looseObject({ payload: postbackSchema }),
  chat_transferred: z.looseObject({ payload: transferSchema }),
  user_added_to_chat: z.looseObject({ payload: userAddedSchema }),
  user_removed_from_chat: z.looseObject({ payload: userRemovedSchema }),
  chat_deactivated: z.looseObject({ payload: deactivatedSchema }),
  other: z.looseObject({ payload: otherSchema }),
} as const;

/** A webhook envelope. */
export type LiveChatWebhook = z.infer<typeof envelopeSchema>;
/** A thread event. */
export type LiveChatEvent = z.infer<typeof eventSchema>;
/** A chat user. */
export type LiveChatUser = z.infer<typeof userSchema>;
/** The payload of `incoming_chat`. */
export type LiveChatIncomingChat = z.infer<typeof incomingChatSchema>;
/** The payload of `incoming_event`. */
export type LiveChatIncomingEvent = z.infer<typeof incomingEventSchema>;
/** The payload of `incoming_rich_message_postback`. */
export type LiveChatPostback = z.infer<typeof postbackSchema>;
/** The payload of `chat_transferred`. */
export type LiveChatTransfer = z.infer<typeof transferSchema>;
