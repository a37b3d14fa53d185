import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cw from '../adapters/chatwoot/support.js';
import { signatureHeaders } from '../http/support.js';
import { SECRET, exampleEnv, startChatwootStandIn, startExample, type RunningExample, type StandIn, type StandInRequest } from './support.js';

// examples/model-bot.ts run as a script (tsx) against a stand-in Chatwoot API, over a whole cycle: the model
// escalates with a summary → a human agent answers (the bot stays silent) → hands back → the model's next input
// holds the human stretch and its end, and the bot answers from it → the conversation goes on with the bot.

const C = 71;
const MESSAGES = `/api/v1/accounts/1/conversations/${C}/messages`;

describe('examples/model-bot.ts', () => {
  let standIn: StandIn;
  let example: RunningExample;
  beforeAll(async () => {
    standIn = await startChatwootStandIn();
    example = await startExample('model-bot.ts', exampleEnv(standIn));
  });
  afterAll(async () => {
    await example?.stop();
    await standIn?.close();
  });

  let at = cw.T0;
  async function post(payload: cw.Payload): Promise<void> {
    const body = JSON.stringify(payload);
    const res = await fetch(example.url, { method: 'POST', headers: signatureHeaders(body, SECRET), body });
    expect(res.status).toBe(200);
  }
  const contact = (id: number, content: string, status: 'pending' | 'open') => cw.message({ id, content, status, conversationId: C, updatedAt: (at += 1) });
  const sent = (): StandInRequest[] => standIn.requests.filter((r) => r.method === 'POST' && r.url === MESSAGES);
  const texts = () =>
    sent().map((r) =>
      (r.body as { content: string; private?: boolean }).private
        ? `[note] ${(r.body as { content: string }).content}`
        : (r.body as { content: string }).content,
    );

  it('escalates with a summary, stays silent with the human, reads the human stretch when handed back, and answers', async () => {
    await post(contact(1, 'Where is my order?', 'pending'));
    await standIn.waitFor((r) => r.url === MESSAGES && (r.body as { content?: string }).content === 'You said: Where is my order?');

    // The model calls escalate_to_human: the contact is told, the summary goes to the agents as a private note.
    await post(contact(2, 'I want a human', 'pending'));
    const toggle = await standIn.waitFor((r) => r.url === `/api/v1/accounts/1/conversations/${C}/toggle_status`);
    expect(toggle.body).toEqual({ status: 'open' });

    // Bruno answers; the contact writes to him: the bot is silent.
    await post(cw.agentMessage({ id: 3, content: 'Hi, Bruno here. Let me check.', status: 'open', conversationId: C, updatedAt: (at += 1) }));
    await post(contact(4, 'Order 42 is late', 'open'));

    // Bruno hands back: open → pending.
    await post(cw.conversation({ status: 'pending', previous: 'open', conversationId: C, updatedAt: (at += 1) }));
    await standIn.waitFor((r) => r.url === MESSAGES && /^I am back/.test((r.body as { content?: string }).content ?? ''));

    await post(contact(5, 'thanks', 'pending'));
    await standIn.waitFor((r) => r.url === MESSAGES && (r.body as { content?: string }).content === 'You said: thanks');

    expect(texts()).toEqual([
      'You said: Where is my order?',
      'Connecting you with a colleague. They will answer here.',
      '[note] The contact asked for a person. They wrote: “Where is my order?”, “I want a human”.',
      // What the model saw: the human agent's message, the contact's message to him, and the end of the stretch.
      'I am back. I see Bruno helped you with “Order 42 is late”. Anything else?',
      'You said: thanks',
    ]);
    expect(example.output()).not.toMatch(/\[bot\]/);
  });
});
