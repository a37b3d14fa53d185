import * as z from 'zod/mini';
import { pathId, pathText } from '../kit/ids.js';

// The wire formats of Qualtrics Social Connect (the Engagor API), as far as the adapter reads them. Unknown fields
// pass (the platform adds fields, e.g. `stripped_content` in 2022); the fields read are checked. Built once, at load.

// Ids and the channel go into the API's paths (contact tags, handover, replies).
const id = z.union([pathId, z.number()]);
const text = z.optional(z.nullable(z.string()));

/**
 * The mention object an automation recipe posts (body `[mention]`), as far as the adapter reads it:
 * its id, the topic it belongs to, its author, the message and the channel (`source.service`).
 */
export const mentionSchema = z.looseObject({
  id,
  topic: z.looseObject({ id }),
  author: z.looseObject({
    id,
    name: text,
    /** True when the author is one of the account's own profiles (the brand's own messages). */
    managed: z.optional(z.nullable(z.boolean())),
  }),
  message: z.optional(
    z.nullable(
      z.looseObject({
        content: text,
        stripped_content: text,
        type: text,
        language: text,
      }),
    ),
  ),
  source: z.optional(z.nullable(z.looseObject({ service: z.optional(z.nullable(pathText)) }))),
  date: z.optional(z.nullable(z.looseObject({ added: z.optional(z.nullable(z.number())) }))),
  /** Ready links for this mention; the entry of type `api` is its `publisher/add` call. */
  action_links: z.optional(z.nullable(z.array(z.looseObject({ type: text, link: text, http_method: text })))),
});

/** A contact's tag: a name, or an object carrying one. */
const tagSchema = z.union([z.string(), z.looseObject({ name: z.string() })]);

/** The contact object of `GET /{account_id}/inbox/contact/…`, as far as the adapter reads it (its tags). */
export const contactSchema = z.looseObject({
  tags: z.optional(z.nullable(z.array(tagSchema))),
});

/** A mention as an automation recipe posts it. */
export type QualtricsMention = z.infer<typeof mentionSchema>;
/** A contact as the API returns it. */
export type QualtricsContact = z.infer<typeof contactSchema>;
/** A Qualtrics webhook payload (the mention a recipe posts), as checked: the type of `ctx.raw` in an agent over `qualtrics()`. */
export type QualtricsWebhook = QualtricsMention;

/** The wire schemas (zod/mini) of Qualtrics Social Connect: the posted `mention`, and the API's `contact` (its tags). */
export const webhookSchemas = {
  mention: mentionSchema,
  contact: contactSchema,
} as const;
