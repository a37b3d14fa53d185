import * as z from 'zod/mini';

// Hootsuite's virtual agent webhooks, as far as the adapter reads them. Unknown fields pass (Hootsuite adds fields);
// the fields read are checked. Older (Sparkcentral-era) payloads lack messageId, language or contactAttributes:
// those are optional. Built once, at module load.

const text = z.optional(z.nullable(z.string()));

/** The envelope every delivery shares: read first, whatever the type. */
export const envelopeSchema = z.looseObject({
  type: z.string().check(z.minLength(1)),
  version: z.number(),
  idempotencyKey: z.string().check(z.minLength(1)),
  timestamp: z.string().check(z.minLength(1)),
});

/** `contactProfile`: who writes. */
export const contactProfileSchema = z.looseObject({
  id: text,
  mediumContactProfileId: text,
  primaryIdentifier: text,
  secondaryIdentifier: text,
  pictureUrl: text,
});

/** One entry of `contactAttributes`. */
export const contactAttributeSchema = z.looseObject({
  attribute: z.string(),
  value: z.optional(z.nullable(z.unknown())),
  source: text,
});

const channelSchema = z.looseObject({ id: text, name: text });
const mediumSchema = z.looseObject({ id: text });

/** The fields of `data` every known type carries. */
const conversationFields = {
  conversationId: z.string().check(z.minLength(1)),
  medium: z.optional(z.nullable(mediumSchema)),
  channel: z.optional(z.nullable(channelSchema)),
  language: text,
  contactProfile: z.optional(z.nullable(contactProfileSchema)),
  contactAttributes: z.optional(z.nullable(z.array(contactAttributeSchema))),
};

/** `data` of `CONVERSATION_STARTED` and `CONVERSATION_DELEGATED`. */
export const conversationDataSchema = z.looseObject({ ...conversationFields });

/** `data` of `INBOUND_MESSAGE_RECEIVED`. */
export const inboundDataSchema = z.looseObject({
  ...conversationFields,
  message: z.optional(
    z.nullable(
      z.looseObject({
        messageId: text,
        text,
        payload: text,
      }),
    ),
  ),
  trigger: z.optional(z.nullable(z.looseObject({ type: text, action: text }))),
  conversationTopics: z.optional(z.nullable(z.array(z.string()))),
});

/** A known event: the envelope with its `data`. */
export const conversationEventSchema = z.looseObject({ data: conversationDataSchema });

/** An inbound message event: the envelope with its `data`. */
export const inboundEventSchema = z.looseObject({ data: inboundDataSchema });

/** The parsed envelope. */
export type HootsuiteEnvelope = z.infer<typeof envelopeSchema>;
/** A parsed contact profile. */
export type HootsuiteContactProfile = z.infer<typeof contactProfileSchema>;
/** A parsed contact attribute. */
export type HootsuiteContactAttribute = z.infer<typeof contactAttributeSchema>;
/** Parsed `data` of a conversation event. */
export type HootsuiteConversationData = z.infer<typeof conversationDataSchema>;
/** Parsed `data` of an inbound message. */
export type HootsuiteInboundData = z.infer<typeof inboundDataSchema>;
/** `CONVERSATION_STARTED` or `CONVERSATION_DELEGATED`, as checked. */
export type HootsuiteConversationEvent = HootsuiteEnvelope & z.infer<typeof conversationEventSchema>;
/** `INBOUND_MESSAGE_RECEIVED`, as checked. */
export type HootsuiteInboundEvent = HootsuiteEnvelope & z.infer<typeof inboundEventSchema>;
/** A Hootsuite webhook payload, as checked: the type of `ctx.raw` in an agent over `hootsuite()` (other types: the envelope). */
export type HootsuiteWebhook = HootsuiteInboundEvent | HootsuiteConversationEvent | HootsuiteEnvelope;

/**
 * The wire schemas (zod/mini) the adapter checks Hootsuite's webhooks with: `envelope` first, then the event's
 * (`conversation` for `CONVERSATION_STARTED` and `CONVERSATION_DELEGATED`, `inbound` for `INBOUND_MESSAGE_RECEIVED`).
 */
export const webhookSchemas = {
  envelope: envelopeSchema,
  conversation: conversationEventSchema,
  inbound: inboundEventSchema,
  contactProfile: contactProfileSchema,
  contactAttribute: contactAttributeSchema,
} as const;
