import * as z from 'zod/mini';

// WhatsApp Cloud API webhook deliveries, as far as the adapter reads them. Unknown fields pass (Meta adds fields
// every release); the fields read are checked. Built once, at module load.

const text = z.optional(z.nullable(z.string()));
const nonEmpty = z.string().check(z.minLength(1));
/** Meta's times on WhatsApp: unix seconds as a numeric string. */
const time = z.optional(z.nullable(z.union([z.string(), z.number()])));

/** The delivery: only `object` and the list of entries are read first. */
export const envelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(z.unknown()),
});

/** One entry: a WhatsApp Business Account's changes. */
export const entrySchema = z.looseObject({
  id: z.optional(z.nullable(z.union([z.string(), z.number()]))),
  changes: z.array(z.unknown()),
});

/** One change: a webhook field and its value. */
export const changeSchema = z.looseObject({
  field: z.string(),
  value: z.looseObject({}),
});

const media = z.looseObject({ id: nonEmpty, mime_type: text, sha256: text, caption: text, filename: text });

/** A contact of a `messages` value. */
export const contactSchema = z.looseObject({
  wa_id: nonEmpty,
  profile: z.optional(z.nullable(z.looseObject({ name: text }))),
});

/** One message of `messages[]` (a contact's) or `message_echoes[]` (the owner's, on standby). */
export const messageSchema = z.looseObject({
  from: nonEmpty,
  id: nonEmpty,
  timestamp: time,
  type: z.string(),
  /** On echoes: the contact the business wrote to. */
  to: text,
  context: z.optional(z.nullable(z.looseObject({ id: text, from: text }))),
  text: z.optional(z.nullable(z.looseObject({ body: z.string() }))),
  image: z.optional(z.nullable(media)),
  document: z.optional(z.nullable(media)),
  audio: z.optional(z.nullable(media)),
  video: z.optional(z.nullable(media)),
  sticker: z.optional(z.nullable(media)),
  location: z.optional(z.nullable(z.looseObject({ latitude: z.number(), longitude: z.number(), name: text, address: text }))),
  contacts: z.optional(z.nullable(z.array(z.looseObject({ name: z.optional(z.nullable(z.looseObject({ formatted_name: text }))) })))),
  interactive: z.optional(
    z.nullable(
      z.looseObject({
        type: z.string(),
        button_reply: z.optional(z.nullable(z.looseObject({ id: z.string(), title: z.string() }))),
        list_reply: z.optional(z.nullable(z.looseObject({ id: z.string(), title: z.string(), description: text }))),
      }),
    ),
  ),
  button: z.optional(z.nullable(z.looseObject({ payload: text, text: text }))),
});

/** One error of a failed status. */
const statusErrorSchema = z.looseObject({
  code: z.union([z.number(), z.string()]),
  title: text,
  message: text,
  error_data: z.optional(z.nullable(z.looseObject({ details: text }))),
});

/** One status of `statuses[]`: what became of a business message. */
export const statusSchema = z.looseObject({
  id: nonEmpty,
  status: z.string(),
  timestamp: time,
  recipient_id: nonEmpty,
  errors: z.optional(z.nullable(z.array(statusErrorSchema))),
});

/** The value of a `messages` change (and the `standby` object of a `standby` change). */
export const messagesValueSchema = z.looseObject({
  metadata: z.optional(z.nullable(z.looseObject({ phone_number_id: text, display_phone_number: text }))),
  contacts: z.optional(z.nullable(z.array(z.unknown()))),
  messages: z.optional(z.nullable(z.array(z.unknown()))),
  message_echoes: z.optional(z.nullable(z.array(z.unknown()))),
  statuses: z.optional(z.nullable(z.array(z.unknown()))),
});

/** The value of a `standby` change: the owner's thread, seen by a standby partner. */
export const standbyValueSchema = z.looseObject({
  metadata: z.optional(z.nullable(z.looseObject({ phone_number_id: text }))),
  standby: messagesValueSchema,
});

const handover = z.looseObject({
  previous_owner_role: text,
  new_owner_role: text,
  previous_owner_app_id: z.optional(z.nullable(z.union([z.string(), z.number()]))),
  metadata: text,
});

/** The value of a `messaging_handovers` change. */
export const handoverValueSchema = z.looseObject({
  sender: z.looseObject({ phone_number: nonEmpty }),
  recipient: z.optional(z.nullable(z.looseObject({ phone_number_id: text }))),
  type: z.string(),
  timestamp: time,
  control_passed: z.optional(z.nullable(handover)),
  control_taken: z.optional(z.nullable(handover)),
});

/** A contact's (or, on standby, the owner's) message. */
export type WhatsAppMessage = z.infer<typeof messageSchema>;
/** What became of a business message. */
export type WhatsAppStatus = z.infer<typeof statusSchema>;
/** A contact of a `messages` value. */
export type WhatsAppContact = z.infer<typeof contactSchema>;
/** The value of a `messaging_handovers` change. */
export type WhatsAppHandover = z.infer<typeof handoverValueSchema>;

/** What `ctx.raw` holds on WhatsApp: the item an event came from, with its change's field and value. */
export interface WhatsAppItem {
  /** The webhook field: `messages`, `standby`, `messaging_handovers`, or another. */
  field: string;
  /** The item itself: a message, a status, or the handover value. */
  item: unknown;
  /** The change's whole value (metadata, contacts). */
  value: Record<string, unknown>;
}

/** The schemas of the webhook, for `ctx.raw` typing and validation tools. */
export const webhookSchemas = { envelopeSchema, entrySchema, changeSchema, messageSchema, statusSchema, handoverValueSchema, standbyValueSchema };
