// handoffkit/model: what a bot driven by a language model needs from the agent: the transcript as chat messages,
// and handoff tools for function calling.
export { toModelMessages } from './messages.js';
export type { ModelMessage, ModelMessagesOptions } from './messages.js';
export { handoffTools } from './tools.js';
export type { HandoffTool, HandoffTools, ToolCall, ToolConversation, ToolResult } from './tools.js';
export type { HandoffToolName, JsonObjectSchema } from './tool-schemas.js';
export type { TranscriptAttachment, TranscriptEntry, TranscriptHandoff, TranscriptMessage, TranscriptQuery } from '../transcript/types.js';
