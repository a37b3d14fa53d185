import * as z from 'zod/mini';

// Messenger webhook deliveries, as far as the adapter reads them. Unknown fields pass (Meta adds fields every
// release); the fields read are checked. App ids come as numbers in some payloads and strings in others.
// Built once, at module load.

const id = z.union([z.string().check(z.minLength(1)), z.number()]);
const optionalId = z.optional(z.nullable(id));
const text = z.optional(z.nullable(z.string()));
/** Meta's times: milliseconds as a number, or (in some newer payloads) a numeric string. */
const time = z.optional(z.nullable(z.union([z.number(), z.string()])));

/** A party of an item: a Page-scoped id, or a `user_ref` for people met through a plugin before any thread. */
const party = z.optional(z.nullable(z.looseObject({ id: optionalId, user_ref: text })));

const item = {
  sender: party,
  recipient: party,
  timestamp: time,
};

/** The delivery: only `object` and the list of entries are read first. */
export const envelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(z.unknown()),
});

/** One entry: a Page's events, for threads the app controls (`messaging`) or watches (`standby`). */
export const entrySchema = z.looseObject({
  id: optionalId,
  time,
  messaging: z.optional(z.nullable(z.array(z.unknown()))),
  standby: z.optional(z.nullable(z.array(z.unknown()))),
});

/** An attachment of a message item (image, file, location, template fallback, …). */
export const attachmentSchema = z.looseObject({
  type: z.string(),
  payload: z.optional(
    z.nullable(
      z.looseObject({
        url: text,
        title: text,
        sticker_id: optionalId,
        // A shared location.
        coordinates: z.optional(z.nullable(z.looseObject({ lat: z.number(), long: z.number() }))),
      }),
    ),
  ),
  // Shared links (`fallback`) carry these beside the payload.
  title: text,
  url: text,
  URL: text,
});

/** `messages` and `message_echoes`: a message from the contact, or the Page's own (`is_echo`). */
export const messageItemSchema = z.looseObject({
  ...item,
  message: z.looseObject({
    mid: z.string().check(z.minLength(1)),
    text,
    is_echo: z.optional(z.nullable(z.boolean())),
    app_id: optionalId,
    quick_reply: z.optional(z.nullable(z.looseObject({ payload: z.string() }))),
    reply_to: z.optional(z.nullable(z.looseObject({ mid: text }))),
    attachments: z.optional(z.nullable(z.array(attachmentSchema))),
  }),
});

/** Where a thread came from (an m.me link, an ad, a plugin). */
export const referralSchema = z.looseObject({
  ref: text,
  source: text,
  type: text,
  ad_id: optionalId,
  referer_uri: text,
});

/** `messaging_postbacks`: a button tapped. On standby the payload is withheld. */
export const postbackItemSchema = z.looseObject({
  ...item,
  postback: z.looseObject({
    mid: text,
    title: text,
    payload: text,
    referral: z.optional(z.nullable(referralSchema)),
  }),
});

/** `messaging_referrals`: an existing thread entered again through an m.me link, an ad or a plugin. */
export const referralItemSchema = z.looseObject({ ...item, referral: referralSchema });

/** `messaging_optins`: the contact opted in through a plugin or a notification request. */
export const optinItemSchema = z.looseObject({
  ...item,
  optin: z.looseObject({ ref: text, user_ref: text, type: text, payload: text }),
});

const watermark = z.union([z.number(), z.string().check(z.minLength(1))]);

/** `message_reads`: the contact read everything up to `watermark`. */
export const readItemSchema = z.looseObject({ ...item, read: z.looseObject({ watermark }) });

/** `message_deliveries`: everything up to `watermark` reached the contact. */
export const deliveryItemSchema = z.looseObject({
  ...item,
  delivery: z.looseObject({ watermark, mids: z.optional(z.nullable(z.array(z.string()))) }),
});

/** `message_edits`: the contact edited a message. */
export const editItemSchema = z.looseObject({
  ...item,
  message_edit: z.looseObject({ mid: z.string().check(z.minLength(1)), text, num_edit: z.optional(z.nullable(z.number())) }),
});

/** `pass_thread_control`: control passed to `new_owner_app_id`. */
export const passItemSchema = z.looseObject({
  ...item,
  pass_thread_control: z.looseObject({ new_owner_app_id: id, previous_owner_app_id: optionalId, metadata: text }),
});

/** `take_thread_control`: the primary receiver took control from `previous_owner_app_id`. */
export const takeItemSchema = z.looseObject({
  ...item,
  take_thread_control: z.looseObject({ previous_owner_app_id: optionalId, new_owner_app_id: optionalId, metadata: text }),
});

/** `request_thread_control`: another app asks the owner for control. */
export const requestItemSchema = z.looseObject({
  ...item,
  request_thread_control: z.looseObject({ requested_owner_app_id: id, metadata: text }),
});

/** `app_roles`: the apps' roles on the Page, `{ "<app_id>": ["primary_receiver"] }`. */
export const appRolesItemSchema = z.looseObject({
  ...item,
  // A map (every key an app id): an object whose every field is a list of roles.
  app_roles: z.catchall(z.object({}), z.array(z.string())),
});

/** Any other item (reactions, policy enforcement, …): only its parties and time are read. */
export const otherItemSchema = z.looseObject(item);

/** A Messenger delivery envelope. */
export type MessengerEnvelope = z.infer<typeof envelopeSchema>;
/** One entry of a delivery. */
export type MessengerEntry = z.infer<typeof entrySchema>;
/** A message item. */
export type MessengerMessageItem = z.infer<typeof messageItemSchema>;
/** A message attachment. */
export type MessengerAttachment = z.infer<typeof attachmentSchema>;
/** A postback item. */
export type MessengerPostbackItem = z.infer<typeof postbackItemSchema>;
/** A referral object (m.me link, ad, plugin). */
export type MessengerReferral = z.infer<typeof referralSchema>;
/** The fields every item shares. */
export type MessengerItemBase = z.infer<typeof otherItemSchema>;
/** A pass, take or request thread control item. */
export type MessengerHandoverItem = z.infer<typeof passItemSchema> | z.infer<typeof takeItemSchema> | z.infer<typeof requestItemSchema>;
/** One item of `entry[].messaging` or `entry[].standby`, as checked: the type of `ctx.raw` in an agent over `messenger()`. */
export type MessengerItem =
  | MessengerMessageItem
  | MessengerPostbackItem
  | z.infer<typeof referralItemSchema>
  | z.infer<typeof optinItemSchema>
  | z.infer<typeof readItemSchema>
  | z.infer<typeof deliveryItemSchema>
  | z.infer<typeof editItemSchema>
  | MessengerHandoverItem
  | z.infer<typeof appRolesItemSchema>
  | MessengerItemBase;
/** A Messenger webhook delivery (`{ object: 'page', entry: [...] }`), as checked before its entries are read. */
export type MessengerWebhook = MessengerEnvelope;

/**
 * The wire schemas (zod/mini) the adapter checks Messenger deliveries with: `envelope`, then each `entry`, then
 * each item by the field it carries (`message`, `postback`, …; `other` for the rest).
 */
export const webhookSchemas = {
  envelope: envelopeSchema,
  entry: entrySchema,
  message: messageItemSchema,
  postback: postbackItemSchema,
  referral: referralItemSchema,
  optin: optinItemSchema,
  read: readItemSchema,
  delivery: deliveryItemSchema,
  messageEdit: editItemSchema,
  passThreadControl: passItemSchema,
  takeThreadControl: takeItemSchema,
  requestThreadControl: requestItemSchema,
  appRoles: appRolesItemSchema,
  other: otherItemSchema,
} as const;
