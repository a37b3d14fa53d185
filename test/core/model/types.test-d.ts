import { describe, expectTypeOf, it } from 'vitest';
import { handoffTools, type HandoffTool, type ModelMessage, type ToolResult, toModelMessages } from '../../../src/core/model/index.js';
import type { ConversationHandle, MessageContext, TranscriptEntry, TranscriptQuery } from '../../../src/index.js';

describe('the model-bot surface', () => {
  it('ctx.transcript() and agent.conversation(id).transcript() give transcript entries', () => {
    expectTypeOf<MessageContext['transcript']>().parameters.toEqualTypeOf<[query?: TranscriptQuery]>();
    expectTypeOf<MessageContext['transcript']>().returns.toEqualTypeOf<Promise<TranscriptEntry[]>>();
    expectTypeOf<ConversationHandle['transcript']>().returns.toEqualTypeOf<Promise<TranscriptEntry[]>>();
    expectTypeOf<MessageContext['canCall']>().toEqualTypeOf<boolean>();
  });

  it('entries narrow by kind', () => {
    const entry = {} as TranscriptEntry;
    if (entry.kind === 'handoff') {
      expectTypeOf(entry.from).toEqualTypeOf<'bot' | 'human' | 'none'>();
      expectTypeOf(entry.initiator).toEqualTypeOf<'bot' | 'platform'>();
    } else {
      expectTypeOf(entry.role).toEqualTypeOf<'contact' | 'agent' | 'bot' | 'system'>();
      expectTypeOf(entry.text).toEqualTypeOf<string | undefined>();
    }
    expectTypeOf(entry.at).toEqualTypeOf<number>();
  });

  it('toModelMessages gives the neutral chat format', () => {
    expectTypeOf(toModelMessages).parameter(0).toEqualTypeOf<readonly TranscriptEntry[]>();
    expectTypeOf(toModelMessages).returns.toEqualTypeOf<ModelMessage[]>();
    expectTypeOf<ModelMessage['role']>().toEqualTypeOf<'user' | 'assistant' | 'system'>();
    expectTypeOf<ModelMessage['content']>().toEqualTypeOf<string>();
  });

  it('handoffTools takes a context or a handle and runs calls to results', () => {
    expectTypeOf(handoffTools).toBeCallableWith({} as MessageContext);
    expectTypeOf(handoffTools).toBeCallableWith({} as ConversationHandle);
    const tools = handoffTools({} as MessageContext);
    expectTypeOf(tools.tools).toEqualTypeOf<readonly HandoffTool[]>();
    expectTypeOf(tools.runTool).returns.toEqualTypeOf<Promise<ToolResult>>();
    expectTypeOf<HandoffTool['name']>().toEqualTypeOf<'escalate_to_human' | 'resolve_conversation' | 'request_call'>();
    expectTypeOf<HandoffTool['parameters']['type']>().toEqualTypeOf<'object'>();
    expectTypeOf<HandoffTool['parameters']['required']>().toEqualTypeOf<string[]>();
  });
});
