import * as z from 'zod/mini';

// The bodies iAdvize's bot connector sends, as far as the adapter reads them. Unknown fields pass.

const id = z.string().check(z.minLength(1));
const text = z.optional(z.nullable(z.string()));

/** A message of a conversation: the visitor's, or the bot's own echo. */
export const messageSchema = z.looseObject({
  idMessage: z.optional(z.nullable(z.union([z.string(), z.number()]))),
  author: z.looseObject({ role: z.string() }),
  payload: z.looseObject({ contentType: z.string(), value: z.optional(z.unknown()) }),
  quickReplies: z.optional(z.nullable(z.array(z.unknown()))),
  createdAt: text,
});

/** `POST /conversations`: a conversation handed to the bot. */
export const conversationSchema = z.looseObject({
  idOperator: id,
  idConversation: id,
  history: z.optional(z.nullable(z.array(messageSchema))),
});

/** `POST /conversations/:id/messages`: a message of the conversation. */
export const conversationMessageSchema = z.looseObject({
  idOperator: id,
  message: messageSchema,
});

/** `PUT /bots/:idOperator`: the operator's bot configuration. */
export const botConfigSchema = z.looseObject({
  name: text,
  pseudo: text,
  language: text,
  distributionRules: z.optional(z.nullable(z.array(z.looseObject({ id: z.string(), label: text })))),
  external: z.looseObject({ idBot: id }),
});

/** A message as iAdvize sends it. */
export type IadvizeMessage = z.infer<typeof messageSchema>;
/** The body of `POST /conversations`. */
export type IadvizeConversation = z.infer<typeof conversationSchema>;
/** The body of `POST /conversations/:id/messages`. */
export type IadvizeConversationMessage = z.infer<typeof conversationMessageSchema>;
/** The body of `PUT /bots/:idOperator`. */
export type IadvizeBotConfig = z.infer<typeof botConfigSchema>;

/** What `ctx.raw` is on iAdvize: the body iAdvize posted. */
export type IadvizeWebhook = IadvizeConversation | IadvizeConversationMessage;

/** The wire schemas the adapter checks bodies with. */
export const webhookSchemas = { conversation: conversationSchema, conversationMessage: conversationMessageSchema, botConfig: botConfigSchema } as const;
