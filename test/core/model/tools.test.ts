import { describe, expect, it } from 'vitest';
import { handoffTools, type ToolConversation } from '../../../src/core/model/index.js';
import type { EscalateOptions } from '../../../src/index.js';

/** A conversation that records what the tools asked of it. */
function conversation(options: { canCall?: boolean; fail?: boolean; ownerAfterCall?: 'bot' | 'human' } = {}) {
  const calls: string[] = [];
  let owner: 'bot' | 'human' | 'none' = 'bot';
  const target: ToolConversation & { owner(): Promise<'bot' | 'human' | 'none'> } = {
    canCall: options.canCall ?? false,
    async escalate(escalation: EscalateOptions = {}) {
      calls.push(`escalate ${JSON.stringify(escalation)}`);
      if (options.fail) throw new Error('the platform said no');
      owner = escalation.to === undefined ? 'human' : (options.ownerAfterCall ?? 'human');
    },
    async resolve() {
      calls.push('resolve');
      owner = 'none';
    },
    async owner() {
      return owner;
    },
  };
  return { target, calls };
}

describe('handoffTools', () => {
  it('offers escalate_to_human and resolve_conversation, and request_call only with a call provider', () => {
    expect(handoffTools(conversation().target).tools.map((t) => t.name)).toEqual(['escalate_to_human', 'resolve_conversation']);
    expect(handoffTools(conversation({ canCall: true }).target).tools.map((t) => t.name)).toEqual([
      'escalate_to_human',
      'resolve_conversation',
      'request_call',
    ]);
  });

  it('gives object JSON Schemas with properties and required fields, as the OpenAI and Anthropic tool formats take them', () => {
    const { tools } = handoffTools(conversation({ canCall: true }).target);
    const required = Object.fromEntries(tools.map((t) => [t.name, t.parameters.required]));
    expect(required).toEqual({ escalate_to_human: ['reason', 'summary'], resolve_conversation: [], request_call: ['phone'] });
    for (const tool of tools) {
      expect(tool.parameters.type).toBe('object');
      expect(tool.parameters).not.toHaveProperty('$schema');
      expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(tool.description.length).toBeGreaterThan(10);
      for (const [name, property] of Object.entries(tool.parameters.properties)) {
        expect(property.type, name).toBe('string');
        expect(typeof property.description, name).toBe('string');
      }
      for (const name of tool.parameters.required) expect(Object.keys(tool.parameters.properties)).toContain(name);
      // Both formats serialize: OpenAI's function tool and Anthropic's tool.
      const openai = JSON.parse(
        JSON.stringify({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }),
      );
      const anthropic = JSON.parse(JSON.stringify({ name: tool.name, description: tool.description, input_schema: tool.parameters }));
      expect(openai.function.parameters).toEqual(anthropic.input_schema);
    }
  });

  it.each([
    {
      call: { name: 'escalate_to_human', arguments: { reason: 'billing', summary: 'Alice wants a refund for order 42.' } },
      ok: true,
      asked: ['escalate {"reason":"billing","summary":"Alice wants a refund for order 42."}'],
      says: /^Handed to a human agent/,
    },
    {
      call: { name: 'escalate_to_human', arguments: '{"reason":"billing","summary":"as JSON text"}' },
      ok: true,
      asked: ['escalate {"reason":"billing","summary":"as JSON text"}'],
      says: /you will be told in the transcript/,
    },
    {
      call: { name: 'escalate_to_human', arguments: { reason: 'billing' } },
      ok: false,
      asked: [],
      says: /Invalid arguments for escalate_to_human \(summary: .*\)\. Nothing was done\./,
    },
    { call: { name: 'escalate_to_human', arguments: '{not json' }, ok: false, asked: [], says: /not JSON/ },
    { call: { name: 'resolve_conversation', arguments: {} }, ok: true, asked: ['resolve'], says: /^The conversation is closed\.$/ },
    { call: { name: 'resolve_conversation', arguments: '' }, ok: true, asked: ['resolve'], says: /closed/ },
    { call: { name: 'request_call', arguments: { phone: '+33 6 12 34 56 78' } }, ok: false, asked: [], says: /no tool named request_call/ },
    {
      call: { name: 'delete_everything', arguments: {} },
      ok: false,
      asked: [],
      says: /no tool named delete_everything\. The tools are: escalate_to_human, resolve_conversation\./,
    },
  ])('runTool($call.name, $call.arguments) validates with the same schema and states what happened', async ({ call, ok, asked, says }) => {
    const { target, calls } = conversation();
    const result = await handoffTools(target).runTool(call);
    expect(result.ok).toBe(ok);
    expect(result.content).toMatch(says);
    expect(calls).toEqual(asked);
  });

  it('request_call escalates by call, and says so when the number was refused (the bot still owns it)', async () => {
    const accepted = conversation({ canCall: true });
    expect(await handoffTools(accepted.target).runTool({ name: 'request_call', arguments: { phone: '+33 6 12 34 56 78' } })).toEqual({
      ok: true,
      content: 'A call to the contact was requested and the conversation was handed to a human agent.',
    });
    expect(accepted.calls).toEqual(['escalate {"reason":"the contact asked for a call","to":{"call":{"phone":"+33 6 12 34 56 78"}}}']);
    const refused = conversation({ canCall: true, ownerAfterCall: 'bot' });
    expect((await handoffTools(refused.target).runTool({ name: 'request_call', arguments: { phone: '+1 555 0100' } })).ok).toBe(false);
    const invalid = await handoffTools(refused.target).runTool({ name: 'request_call', arguments: { phone: 'call me' } });
    expect(invalid.content).toMatch(/^Invalid arguments for request_call \(phone: /);
  });

  it('a failing helper is a result, not a rejection', async () => {
    const { target } = conversation({ fail: true });
    expect(await handoffTools(target).runTool({ name: 'escalate_to_human', arguments: { reason: 'x', summary: 'y' } })).toEqual({
      ok: false,
      content: 'escalate_to_human failed: the platform said no. The conversation is unchanged.',
    });
  });
});
