import * as z from 'zod/mini';

/** The names of the handoff tools. */
export type HandoffToolName = 'escalate_to_human' | 'resolve_conversation' | 'request_call';

/** An object JSON Schema, as the tool formats of the OpenAI and Anthropic APIs take it. */
export interface JsonObjectSchema {
  /** Always `object`. */
  type: 'object';
  /** The parameters. */
  properties: Record<string, Record<string, unknown>>;
  /** The parameters the model must give. */
  required: string[];
  /** Other JSON Schema keywords (`additionalProperties`, …). */
  [keyword: string]: unknown;
}

/** `escalate_to_human`'s parameters. */
export const escalateSchema = z.object({
  reason: z.string().check(z.minLength(1), z.maxLength(500), z.describe('Why a human is needed, in a few words (shown to agents and in reports).')),
  summary: z
    .string()
    .check(z.minLength(1), z.maxLength(4000), z.describe('What the human agent needs to know: who the contact is, what they want, what was tried.')),
});

/** `resolve_conversation`'s parameters. */
export const resolveSchema = z.object({
  summary: z.optional(z.string().check(z.maxLength(4000), z.describe('What was settled, for the record.'))),
});

/** `request_call`'s parameters. */
export const requestCallSchema = z.object({
  phone: z.string().check(z.regex(/^\+?[0-9][0-9 ().-]{4,24}$/), z.describe('The number the contact gave, in international form (e.g. +33 6 12 34 56 78).')),
});

/** What each tool tells the model it does. */
export const TOOL_TEXT: Record<HandoffToolName, string> = {
  escalate_to_human:
    'Hand the conversation to a human agent. Use it when the contact asks for a person or you cannot help. After it, stay silent until the transcript says the conversation was handed back.',
  resolve_conversation: 'Close the conversation once the contact has what they needed.',
  request_call: 'Ask the contact center to call the contact back at the number they gave, and hand the conversation to a human agent.',
};

/** A zod schema's JSON Schema as a tool's parameters: the object schema without the `$schema` keyword. */
export function objectSchema(schema: z.ZodMiniType): JsonObjectSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return { properties: {}, required: [], ...rest, type: 'object' } as JsonObjectSchema;
}
