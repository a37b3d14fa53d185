import * as z from 'zod/mini';
import { pathId } from '../kit/ids.js';

// Sunshine Conversations v2 webhooks, as far as the adapter reads them. Unknown fields pass (Sunshine adds fields
// and event types); the fields read are checked. Built once, at module load.

const text = z.optional(z.nullable(z.string()));
const nonEmpty = z.string().check(z.minLength(1));
// A flat JSON object (metadata): no field read.
const anyObject = z.optional(z.nullable(z.looseObject({})));

/** An integration of the switchboard, as events name the active and the pending one. */
export const switchboardIntegrationSchema = z.looseObject({
  id: text,
  name: text,
  integrationId: text,
  integrationType: text,
});

/** `payload.conversation` (truncated): its id, who is active in the switchboard, its metadata. */
export const conversationSchema = z.looseObject({
  // It goes into the API's paths (replies, switchboard calls).
  id: pathId,
  type: text,
  metadata: anyObject,
  activeSwitchboardIntegration: z.optional(z.nullable(switchboardIntegrationSchema)),
  pendingSwitchboardIntegration: z.optional(z.nullable(switchboardIntegrationSchema)),
});

/** A user (the contact); `profile` comes with the webhook's `includeFullUser`. */
export const userSchema = z.looseObject({
  id: text,
  externalId: z.optional(z.nullable(z.union([z.string(), z.number()]))),
  profile: z.optional(
    z.nullable(
      z.looseObject({
        givenName: text,
        surname: text,
        email: text,
        locale: text,
      }),
    ),
  ),
});

/** Where an event came from: its channel type (`web`, `whatsapp`, …) and integration. */
export const sourceSchema = z.looseObject({ type: text, integrationId: text });

/** A message's or activity's author: the contact (`user`) or the business (bots and agents). */
export const authorSchema = z.looseObject({
  type: z.string(),
  userId: text,
  displayName: text,
  user: z.optional(z.nullable(userSchema)),
});

const formFieldSchema = z.looseObject({
  type: text,
  name: text,
  label: text,
  text,
  email: text,
  select: z.optional(z.nullable(z.array(z.looseObject({ name: text, label: text })))),
});

/** A message's content: text, image, file, formResponse, … (the fields read). */
export const contentSchema = z.looseObject({
  type: z.string(),
  text,
  payload: text,
  mediaUrl: text,
  mediaType: text,
  mediaSize: z.optional(z.nullable(z.number())),
  altText: text,
  textFallback: text,
  fields: z.optional(z.nullable(z.array(formFieldSchema))),
});

/** A `conversation:message` payload. */
export const messagePayloadSchema = z.looseObject({
  conversation: conversationSchema,
  message: z.looseObject({
    id: nonEmpty,
    received: text,
    author: authorSchema,
    content: contentSchema,
    source: z.optional(z.nullable(sourceSchema)),
    quotedMessage: z.optional(z.nullable(z.looseObject({ type: text, message: z.optional(z.nullable(z.looseObject({ id: text }))), externalMessageId: text }))),
  }),
});

/** A `conversation:postback` payload: the contact tapped a postback button. */
export const postbackPayloadSchema = z.looseObject({
  conversation: conversationSchema,
  postback: z.looseObject({ payload: z.string(), metadata: anyObject }),
  user: z.optional(z.nullable(userSchema)),
  source: z.optional(z.nullable(sourceSchema)),
});

/** `conversation:create`, `:referral`, `:join`, `:leave`, `:remove`, `:message:delivery:*` payloads. */
export const conversationPayloadSchema = z.looseObject({
  conversation: conversationSchema,
  user: z.optional(z.nullable(userSchema)),
  source: z.optional(z.nullable(sourceSchema)),
});

/** `conversation:typing` and `conversation:read`: an activity of the contact or the business. */
export const activityPayloadSchema = z.looseObject({
  conversation: conversationSchema,
  activity: z.looseObject({ type: text, author: z.optional(z.nullable(authorSchema)), source: z.optional(z.nullable(sourceSchema)) }),
});

/** `switchboard:*` payloads, and their `:failure` twins (with `error`). */
export const switchboardPayloadSchema = z.looseObject({
  conversation: conversationSchema,
  metadata: anyObject,
  reason: text,
  error: z.optional(z.nullable(z.looseObject({ code: z.string(), message: text }))),
});

/** `client:*` and `user:*` payloads: about the contact; a conversation only sometimes. */
export const contactPayloadSchema = z.looseObject({
  conversation: z.optional(z.nullable(conversationSchema)),
  user: z.optional(z.nullable(userSchema)),
  client: z.optional(z.nullable(z.looseObject({ id: text, type: text, info: anyObject }))),
  source: z.optional(z.nullable(sourceSchema)),
});

/** One event of a delivery. */
export const eventSchema = z.looseObject({
  id: nonEmpty,
  type: nonEmpty,
  createdAt: text,
  payload: z.looseObject({}),
});

/** The delivery: `{ app, webhook, events[] }`; the events are checked one by one. */
export const envelopeSchema = z.looseObject({
  app: z.optional(z.nullable(z.looseObject({ id: text }))),
  webhook: z.optional(z.nullable(z.looseObject({ id: text, version: text }))),
  events: z.array(z.unknown()),
});

/** A Sunshine webhook delivery, as the adapter reads it. */
export type SunshineEnvelope = z.infer<typeof envelopeSchema>;
/** One event of a delivery (`ctx.raw` of the handlers). */
export type SunshineEvent = z.infer<typeof eventSchema>;
/** The conversation an event names. */
export type SunshineConversation = z.infer<typeof conversationSchema>;
/** A switchboard integration an event names. */
export type SunshineSwitchboardIntegration = z.infer<typeof switchboardIntegrationSchema>;
/** A user an event names. */
export type SunshineUser = z.infer<typeof userSchema>;
/** An event's source (channel). */
export type SunshineSource = z.infer<typeof sourceSchema>;
/** A message's or activity's author. */
export type SunshineAuthor = z.infer<typeof authorSchema>;
/** A message's content. */
export type SunshineContent = z.infer<typeof contentSchema>;

/** The webhook schemas, for those who validate payloads themselves. */
export const webhookSchemas = {
  envelope: envelopeSchema,
  event: eventSchema,
  message: messagePayloadSchema,
  postback: postbackPayloadSchema,
  conversation: conversationPayloadSchema,
  activity: activityPayloadSchema,
  switchboard: switchboardPayloadSchema,
  contact: contactPayloadSchema,
} as const;
