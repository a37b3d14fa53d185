import * as z from 'zod/mini';
import { errorMessage } from '../../errors.js';
import type { EscalateOptions } from '../actions.js';
import type { Owner } from '../events.js';
import { escalateSchema, type HandoffToolName, type JsonObjectSchema, objectSchema, requestCallSchema, resolveSchema, TOOL_TEXT } from './tool-schemas.js';

/** What the handoff tools act on: a handler's `ctx` or `agent.conversation(id)`. */
export interface ToolConversation {
  /** Hands the conversation to humans. */
  escalate(options?: EscalateOptions): Promise<void>;
  /** Closes the conversation. */
  resolve(): Promise<void>;
  /** Whether the agent has a call provider for `escalate({ to: { call } })`. */
  readonly canCall: boolean;
}

/** A tool a model may call: its name, what it does, and its parameters as a zod schema and as JSON Schema. */
export interface HandoffTool<N extends HandoffToolName = HandoffToolName> {
  /** The tool's name, as the model calls it. */
  readonly name: N;
  /** What the tool does, for the model. */
  readonly description: string;
  /** The parameters, as a zod schema (`runTool` validates with it). */
  readonly schema: z.ZodMiniType;
  /** The parameters as JSON Schema: an object schema with `properties` and `required` (OpenAI `parameters`, Anthropic `input_schema`). */
  readonly parameters: JsonObjectSchema;
}

/** A model's call of a tool: its name and its arguments (an object, or the JSON text OpenAI sends). */
export interface ToolCall {
  /** The tool's name. */
  name: string;
  /** The arguments. */
  arguments: unknown;
}

/** What running a tool led to: a fact about the moment, for the model, and whether it happened. */
export interface ToolResult {
  /** The tool did what it says. */
  ok: boolean;
  /** What happened, as text for the model's next turn. */
  content: string;
}

/** The handoff tools of a conversation and the function that runs a model's call of one. */
export interface HandoffTools {
  /** `escalate_to_human`, `resolve_conversation`, and `request_call` when the agent has a call provider. */
  readonly tools: readonly HandoffTool[];
  /** Validates the call's arguments with the tool's schema and runs it; never rejects (a failure is a result). */
  runTool(call: ToolCall): Promise<ToolResult>;
}

/**
 * Tools that let a model hand the conversation over: `escalate_to_human({ reason, summary })` (the summary goes to
 * the human agent with `escalate({ summary })`), `resolve_conversation({ summary? })`, and `request_call({ phone })`
 * where the agent has a call provider. Give `tools` to the model, pass its tool calls to `runTool`.
 */
export function handoffTools(conversation: ToolConversation): HandoffTools {
  const tools: HandoffTool[] = [
    tool('escalate_to_human', TOOL_TEXT.escalate_to_human, escalateSchema),
    tool('resolve_conversation', TOOL_TEXT.resolve_conversation, resolveSchema),
  ];
  if (conversation.canCall) tools.push(tool('request_call', TOOL_TEXT.request_call, requestCallSchema));
  return { tools, runTool: (call) => run(conversation, tools, call) };
}

function tool<N extends HandoffToolName>(name: N, description: string, schema: z.ZodMiniType): HandoffTool<N> {
  return { name, description, schema, parameters: objectSchema(schema) };
}

async function run(conversation: ToolConversation, tools: readonly HandoffTool[], call: ToolCall): Promise<ToolResult> {
  const found = tools.find((t) => t.name === call?.name);
  if (found === undefined)
    return { ok: false, content: `There is no tool named ${String(call?.name)}. The tools are: ${tools.map((t) => t.name).join(', ')}.` };
  let input: unknown = call.arguments ?? {};
  if (typeof input === 'string') {
    try {
      input = input.trim() === '' ? {} : JSON.parse(input);
    } catch {
      return { ok: false, content: `The arguments of ${found.name} are not JSON. Nothing was done.` };
    }
  }
  const parsed = z.safeParse(found.schema, input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`).join('; ');
    return { ok: false, content: `Invalid arguments for ${found.name} (${fields}). Nothing was done.` };
  }
  const args = parsed.data as Record<string, string | undefined>;
  try {
    switch (found.name) {
      case 'escalate_to_human':
        await conversation.escalate({ reason: args.reason as string, summary: args.summary as string });
        return { ok: true, content: 'Handed to a human agent, with your summary. If they hand the conversation back you will be told in the transcript.' };
      case 'resolve_conversation':
        await conversation.resolve();
        return { ok: true, content: 'The conversation is closed.' };
      default: {
        await conversation.escalate({ reason: 'the contact asked for a call', to: { call: { phone: args.phone as string } } });
        const owner = await ownerOf(conversation);
        return owner === 'bot'
          ? { ok: false, content: 'The number was refused; the contact was asked for another one. Nothing was handed over.' }
          : { ok: true, content: 'A call to the contact was requested and the conversation was handed to a human agent.' };
      }
    }
  } catch (error) {
    return { ok: false, content: `${found.name} failed: ${errorMessage(error)}. The conversation is unchanged.` };
  }
}

/** The owner after a helper, read from a context (`ctx.conversation.owner`) or a handle (`owner()`). */
async function ownerOf(conversation: ToolConversation): Promise<Owner | undefined> {
  const withOwner = conversation as { owner?: () => Promise<Owner>; conversation?: { owner?: Owner } };
  if (typeof withOwner.owner === 'function') return withOwner.owner();
  return withOwner.conversation?.owner;
}
