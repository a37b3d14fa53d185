import { describe, expectTypeOf, it } from 'vitest';
import { VirtualAgent, type Adapter, type AnyContext, type Context } from '../src/index.js';
import { chatwoot, type ChatwootOptions, type ChatwootWebhook } from '../src/adapters/chatwoot/index.js';
import { hootsuite, type HootsuiteOptions, type HootsuiteWebhook } from '../src/adapters/hootsuite/index.js';
import { messenger, type MessengerItem, type MessengerOptions } from '../src/adapters/messenger/index.js';
import { qualtrics, type QualtricsMention, type QualtricsOptions, type QualtricsWebhook } from '../src/adapters/qualtrics/index.js';
import { webhookSchemas as chatwootSchemas } from '../src/adapters/chatwoot/index.js';
import { webhookSchemas as messengerSchemas } from '../src/adapters/messenger/index.js';
import type * as z from 'zod/mini';

declare const chatwootOptions: ChatwootOptions;
declare const messengerOptions: MessengerOptions;
declare const qualtricsOptions: QualtricsOptions;
declare const hootsuiteOptions: HootsuiteOptions;

describe('ctx.raw is typed by the adapter the agent was built with', () => {
  it('Chatwoot: the payload union', () => {
    const agent = new VirtualAgent({ adapter: chatwoot(chatwootOptions) });
    expectTypeOf(agent).toEqualTypeOf<VirtualAgent<unknown, ChatwootWebhook>>();
    agent.on('message_created', (ctx) => {
      expectTypeOf(ctx.raw).toEqualTypeOf<ChatwootWebhook>();
      expectTypeOf(ctx.raw).not.toBeUnknown();
      expectTypeOf(ctx.raw.event).toEqualTypeOf<string>();
    });
    agent.onAny((ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<AnyContext<unknown, ChatwootWebhook>>();
    });
    agent.onError((_error, ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<AnyContext<unknown, ChatwootWebhook> | undefined>();
    });
  });

  it('Messenger: the messaging or standby item the event came from', () => {
    const agent = new VirtualAgent({ adapter: messenger(messengerOptions) });
    agent.on(['message_created', 'widget_triggered'], (ctx) => {
      expectTypeOf(ctx.raw).toEqualTypeOf<MessengerItem>();
    });
  });

  it('Qualtrics: the mention', () => {
    const agent = new VirtualAgent({ adapter: qualtrics(qualtricsOptions) });
    agent.on('message_created', (ctx) => {
      expectTypeOf(ctx.raw).toEqualTypeOf<QualtricsWebhook>();
      expectTypeOf(ctx.raw).toEqualTypeOf<QualtricsMention>();
      expectTypeOf(ctx.raw.author.id).toEqualTypeOf<string | number>();
    });
  });

  it('Hootsuite: the webhook union', () => {
    const agent = new VirtualAgent({ adapter: hootsuite(hootsuiteOptions) });
    agent.on('conversation_started', (ctx) => {
      expectTypeOf(ctx.raw).toEqualTypeOf<HootsuiteWebhook>();
      expectTypeOf(ctx.raw.idempotencyKey).toEqualTypeOf<string>();
    });
  });

  it("lifecycle events may come from the bot's own helper, without a payload", () => {
    const agent = new VirtualAgent({ adapter: chatwoot(chatwootOptions) });
    agent.on('handed_off', (ctx) => {
      expectTypeOf(ctx.raw).toEqualTypeOf<ChatwootWebhook | undefined>();
    });
  });
});

describe('the defaults keep working', () => {
  it('an explicit session type leaves ctx.raw unknown, and agents stay assignable to VirtualAgent', () => {
    const typed = new VirtualAgent<{ step: number }>({ adapter: chatwoot(chatwootOptions) });
    typed.on('message_created', (ctx) => {
      expectTypeOf(ctx.raw).toBeUnknown();
    });
    const agent: VirtualAgent = new VirtualAgent({ adapter: chatwoot(chatwootOptions) });
    expectTypeOf(agent.adapter).toEqualTypeOf<Adapter>();
    const adapter: Adapter = messenger(messengerOptions);
    expectTypeOf(adapter.parse).returns.not.toBeAny();
  });

  it('an explicit payload type is given after the session type', () => {
    const typed = new VirtualAgent<{ step: number }, ChatwootWebhook>({ adapter: chatwoot(chatwootOptions) });
    typed.on('message_created', (ctx) => {
      expectTypeOf(ctx.raw).toEqualTypeOf<ChatwootWebhook>();
    });
    expectTypeOf<Context<'message_created', unknown, QualtricsMention>['raw']>().toEqualTypeOf<QualtricsMention>();
    expectTypeOf<Context<'message_created'>['raw']>().toBeUnknown();
  });

  it('the exported schemas infer the exported types', () => {
    expectTypeOf<z.infer<typeof chatwootSchemas.message>>().toMatchTypeOf<ChatwootWebhook>();
    expectTypeOf<z.infer<typeof messengerSchemas.message>>().toMatchTypeOf<MessengerItem>();
  });
});
