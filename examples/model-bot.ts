// A Chatwoot bot driven by a "model": each turn, the conversation's transcript goes to the model as chat messages
// (the human agent's stretch and its end included) with the handoff tools; the model answers with a reply or a tool
// call. The model here is a small rule-based stand-in, so that the example runs offline; see docs/model-bots.md
// for a real model client in its place.
//
//   CHATWOOT_URL=https://chat.example.com CHATWOOT_ACCOUNT_ID=1 CHATWOOT_BOT_TOKEN=… CHATWOOT_SECRET=… \
//   PORT=3000 npx tsx examples/model-bot.ts
import { createServer } from 'node:http';
import { VirtualAgent } from 'handoffkit';
import { chatwoot } from 'handoffkit/chatwoot';
import { type HandoffTool, handoffTools, type ModelMessage, type ToolCall, toModelMessages } from 'handoffkit/model';
import { toNodeHandler } from 'handoffkit/node';
import { env, isMain, serve } from './lib/run.js';

/** What a model answers: text for the contact, or a call of one of the tools. */
export type ModelAnswer = { reply: string } | { toolCall: ToolCall };

/** A chat model: the conversation so far and the tools it may call → its answer. */
export type Model = (messages: ModelMessage[], tools: readonly HandoffTool[]) => Promise<ModelAnswer>;

const SYSTEM: ModelMessage = {
  role: 'system',
  content: 'You are the shop assistant. Hand the conversation to a human agent when the contact asks for one; stay silent while a human agent has it.',
};

/** The offline stand-in: asks for a human on request, greets back after a human's stretch, echoes otherwise. */
export const ruleModel: Model = async (messages, tools) => {
  const last = messages.at(-1);
  if (last?.role === 'system' && /handed it back to you/.test(last.content)) {
    // The end of a human stretch: say what happened while the human had the conversation.
    let start = messages.length - 1;
    while (start > 0 && !/to a human agent at/.test((messages[start] as ModelMessage).content)) start -= 1;
    const stretch = messages.slice(start + 1, -1);
    const human = stretch.find((m) => m.role === 'system' && / wrote to the contact: /.test(m.content));
    const asked = stretch.filter((m) => m.role === 'user').at(-1);
    const who = human?.content.match(/^Human agent ?(.*?) wrote/)?.[1] || 'a colleague';
    return { reply: `I am back. I see ${who} helped you${asked === undefined ? '' : ` with “${asked.content}”`}. Anything else?` };
  }
  if (last?.role !== 'user') return { reply: 'How can I help?' };
  if (/\b(human|agent|person)\b/i.test(last.content) && tools.some((t) => t.name === 'escalate_to_human')) {
    const said = messages.filter((m) => m.role === 'user').map((m) => `“${m.content}”`);
    const summary = `The contact asked for a person. They wrote: ${said.join(', ')}.`;
    return { toolCall: { name: 'escalate_to_human', arguments: JSON.stringify({ reason: 'asked for a human', summary }) } };
  }
  return { reply: `You said: ${last.content}` };
};

/** The Chatwoot bot of this example, configured from the environment, with `model` deciding each turn. */
export function createModelBot(model: Model = ruleModel): VirtualAgent {
  const agent = new VirtualAgent({
    adapter: chatwoot({
      baseUrl: env('CHATWOOT_URL'),
      accountId: env('CHATWOOT_ACCOUNT_ID'),
      botToken: env('CHATWOOT_BOT_TOKEN'),
      secret: env('CHATWOOT_SECRET'),
    }),
    // The transcript is what the model reads: keep the last 100 entries of each conversation.
    transcript: { maxEntries: 100 },
  });
  // Each turn the bot owns: a message of the contact, or the conversation coming back from a human.
  agent.on(['message_created', 'handed_back'], async (ctx) => {
    const { tools, runTool } = handoffTools(ctx);
    const messages = [SYSTEM, ...toModelMessages(await ctx.transcript())];
    const answer = await model(messages, tools);
    if ('reply' in answer) {
      await ctx.reply(answer.reply);
      return;
    }
    if (answer.toolCall.name === 'escalate_to_human') await ctx.reply('Connecting you with a colleague. They will answer here.');
    const result = await runTool(answer.toolCall);
    if (!result.ok) console.error(`[bot] ${answer.toolCall.name}: ${result.content}`);
  });
  agent.onError((error, ctx) => console.error(`[bot] ${ctx?.event.name ?? 'agent'}: ${error.message}`));
  return agent;
}

/** The agent with the rule-based stand-in model (what `handoffkit playground examples/model-bot.ts` loads). */
export const agent = createModelBot();

// Served when run as a script; `handoffkit playground <this file>` imports the agent instead.
if (isMain(import.meta.url)) {
  const webhook = toNodeHandler(agent);
  const server = createServer((req, res) => {
    if ((req.url ?? '/').split('?')[0] === '/webhook') return void webhook(req, res);
    res.statusCode = 404;
    res.end();
  });
  serve(server);
}
