import * as z from 'zod/mini';

// Chatwoot's webhook payloads, as far as the adapter reads them. Unknown fields pass (Chatwoot adds fields
// every release); the fields read are checked. Built once, at module load.

const id = z.union([z.number(), z.string().check(z.minLength(1))]);
const time = z.optional(z.nullable(z.union([z.number(), z.string()])));
const text = z.optional(z.nullable(z.string()));
// A JSON object used as a map of anything (custom attributes): an object with no field read. (A zod record would
// check the same on JSON, at 0.5 KB gzip more in a bundle.)
const anyObject = z.looseObject({});
const record = z.optional(z.nullable(anyObject));

/** A contact as Chatwoot embeds it (`meta.sender`, `contact`, an incoming message's `sender`). */
export const contactSchema = z.looseObject({
  id,
  name: text,
  email: text,
  phone_number: text,
  identifier: text,
  type: text,
  custom_attributes: record,
  additional_attributes: record,
});

/** The conversation object (`conversation_*` bodies, a message's `conversation`). */
export const conversationSchema = z.looseObject({
  id,
  status: text,
  labels: z.optional(z.nullable(z.array(z.string()))),
  custom_attributes: record,
  updated_at: time,
  timestamp: time,
  meta: z.optional(z.nullable(z.looseObject({ sender: z.optional(z.nullable(contactSchema)) }))),
  contact_inbox: z.optional(z.nullable(z.looseObject({ contact_id: z.optional(z.nullable(id)) }))),
});

const attachmentSchema = z.looseObject({
  id: z.optional(id),
  file_type: text,
  data_url: text,
  thumb_url: text,
  file_size: z.optional(z.nullable(z.number())),
  extension: text,
});

const submittedValueSchema = z.looseObject({
  name: text,
  title: text,
  value: z.optional(z.unknown()),
});

/** A select or form answer: `[{ title, value }]` or `[{ name, value }]`, checked item by item once known to be a list. */
export const submittedListSchema = z.array(submittedValueSchema);

// A select or form answer is a list; a CSAT answer is an object: `{ csat_survey_response: { rating, feedback_message } }`.
// The items of a list are checked apart (submittedListSchema), so that an error names the item, not the union.
const submittedValuesSchema = z.union([z.array(z.unknown()), anyObject]);

/** `message_created` and `message_updated`: the message, with its conversation. */
export const messageEventSchema = z.looseObject({
  event: z.string(),
  id,
  content: text,
  content_type: text,
  content_attributes: z.optional(
    z.nullable(
      z.looseObject({
        submitted_values: z.optional(z.nullable(submittedValuesSchema)),
        submitted_email: text,
      }),
    ),
  ),
  message_type: z.union([z.enum(['incoming', 'outgoing', 'activity', 'template']), z.number()]),
  private: z.optional(z.nullable(z.boolean())),
  created_at: time,
  updated_at: time,
  // A contact (incoming), a user or a bot; without an id on some activity messages. The contact fields are
  // read when the conversation carries no meta.
  sender: z.optional(
    z.nullable(
      z.looseObject({
        id: z.optional(z.nullable(id)),
        name: text,
        type: text,
        email: text,
        phone_number: text,
        custom_attributes: record,
      }),
    ),
  ),
  conversation: conversationSchema,
  attachments: z.optional(z.nullable(z.array(attachmentSchema))),
});

/** `webwidget_triggered`: the contact opened the widget. */
export const widgetEventSchema = z.looseObject({
  event: z.string(),
  id,
  contact: contactSchema,
  current_conversation: z.optional(z.nullable(conversationSchema)),
  inbox: z.optional(z.nullable(z.object({ id: z.optional(z.nullable(id)) }))),
  source_id: text,
  event_info: z.optional(
    z.nullable(
      z.looseObject({
        widget_language: text,
        browser_language: text,
        referer: text,
        // The widget's own time of the trigger, `{ timestamp: "<browser date>" }`; only used to tell triggers apart.
        initiated_at: z.optional(z.unknown()),
      }),
    ),
  ),
});

/** `conversation_*` events: the conversation, plus what changed (v4.13+). */
export const conversationEventSchema = z.extend(conversationSchema, {
  event: z.string(),
  changed_attributes: z.optional(z.nullable(z.array(anyObject))),
});

/** `contact_*` events: the contact, and the contact's conversation only when the payload names one. */
export const contactEventSchema = z.extend(contactSchema, {
  event: z.string(),
  updated_at: time,
  conversation_id: z.optional(z.nullable(id)),
  conversation: z.optional(z.nullable(z.object({ id }))),
});

/** Any delivery: only its event name is read first. */
export const envelopeSchema = z.looseObject({ event: z.string() });

/** A Chatwoot contact. */
export type ChatwootContact = z.infer<typeof contactSchema>;
/** A Chatwoot conversation. */
export type ChatwootConversation = z.infer<typeof conversationSchema>;
/** A Chatwoot message event. */
export type ChatwootMessageEvent = z.infer<typeof messageEventSchema>;
/** A Chatwoot `webwidget_triggered` event. */
export type ChatwootWidgetEvent = z.infer<typeof widgetEventSchema>;
/** A Chatwoot conversation event. */
export type ChatwootConversationEvent = z.infer<typeof conversationEventSchema>;
/** Any other delivery (`contact_updated`, `conversation_typing_on`, …): its event name, the rest unread. */
export type ChatwootOtherEvent = z.infer<typeof envelopeSchema>;
/** A Chatwoot webhook payload, as checked: the type of `ctx.raw` in an agent over `chatwoot()`. */
export type ChatwootWebhook = ChatwootMessageEvent | ChatwootWidgetEvent | ChatwootConversationEvent | ChatwootOtherEvent;

/**
 * The wire schemas (zod/mini) the adapter checks Chatwoot's payloads with: `envelope` first, then the one of the
 * event (`message` for `message_*`, `widget` for `webwidget_triggered`, `conversation` for `conversation_*`).
 */
export const webhookSchemas = {
  envelope: envelopeSchema,
  message: messageEventSchema,
  widget: widgetEventSchema,
  conversation: conversationEventSchema,
  contact: contactSchema,
} as const;
