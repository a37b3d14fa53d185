import { describe, expectTypeOf, it } from 'vitest';
import {
  VirtualAgent,
  HandoffkitError,
  isHandoffkitError,
  type AnyContext,
  type ContactEventContext,
  type Contact,
  type ErrorCode,
  type ErrorHandler,
  type Context,
  type ConversationInfo,
  type EventName,
  type HandoffInfo,
  type Message,
  type Owner,
  type SentMessage,
} from '../src/index.js';
import type { Session } from '../src/core/session.js';
import { chatwoot, type ChatwootWebhook } from '../src/adapters/chatwoot/index.js';

const agent = new VirtualAgent({ adapter: chatwoot({ baseUrl: 'https://chat.example.com', accountId: 1, botToken: 't', secret: 's' }) });

describe('public types', () => {
  it('event names are a closed union', () => {
    expectTypeOf<EventName>().toEqualTypeOf<
      | 'widget_triggered'
      | 'message_created'
      | 'message_updated'
      | 'conversation_started'
      | 'handoff_requested'
      | 'handed_off'
      | 'handed_back'
      | 'conversation_resolved'
    >();
    // @ts-expect-error: not an event name
    agent.on('message_deleted', () => undefined);
  });

  it('ctx.message exists on message events and not on widget_triggered', () => {
    agent.on('message_created', (ctx) => {
      expectTypeOf(ctx.message).toEqualTypeOf<Message>();
      expectTypeOf(ctx.event.name).toEqualTypeOf<'message_created'>();
    });
    agent.on('widget_triggered', (ctx) => {
      expectTypeOf(ctx).not.toHaveProperty('message');
      // @ts-expect-error: widget_triggered has no message
      void ctx.message;
    });
    expectTypeOf<Context<'widget_triggered'>>().not.toHaveProperty('message');
    expectTypeOf<Context<'message_updated'>>().toHaveProperty('message');
  });

  it('lifecycle contexts carry the handoff', () => {
    agent.on('handed_off', (ctx) => {
      expectTypeOf(ctx.handoff).toEqualTypeOf<HandoffInfo>();
      expectTypeOf(ctx.handoff.to).toEqualTypeOf<Owner>();
    });
    expectTypeOf<Context<'message_created'>>().not.toHaveProperty('handoff');
  });

  it('a handler of several events gets a union that narrows by ctx.name', () => {
    agent.on(['message_created', 'handed_back'], (ctx) => {
      if (ctx.name === 'message_created') expectTypeOf(ctx.message).toEqualTypeOf<Message>();
      else expectTypeOf(ctx.handoff).toEqualTypeOf<HandoffInfo>();
    });
  });

  it('helpers are async and typed', () => {
    agent.on('message_created', (ctx) => {
      expectTypeOf(ctx.reply).parameter(0).toEqualTypeOf<string | import('../src/index.js').OutgoingMessage | import('../src/index.js').LocalizedReply>();
      expectTypeOf(ctx.reply('x')).toEqualTypeOf<Promise<SentMessage>>();
      expectTypeOf(ctx.escalate({ reason: 'r', to: { team: 1 } })).toEqualTypeOf<Promise<void>>();
      expectTypeOf(ctx.conversation.owner).toEqualTypeOf<Owner>();
      // An agent over chatwoot() types the payload (it was `unknown` before the adapters carried their payload type).
      expectTypeOf(ctx.raw).toEqualTypeOf<ChatwootWebhook>();
    });
    expectTypeOf(agent.conversation('1').owner()).toEqualTypeOf<Promise<Owner>>();
  });

  it('onAny sees every event, platform and contact events included', () => {
    agent.onAny((ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<AnyContext<unknown, ChatwootWebhook>>();
      expectTypeOf(ctx.event.name).toEqualTypeOf<EventName | 'platform_event' | 'contact_event'>();
      // A contact event may have no conversation: the union says so until the name narrows it.
      expectTypeOf(ctx.conversation).toEqualTypeOf<ConversationInfo | undefined>();
    });
  });

  it('contact events narrow by name: ctx.contact, and a conversation only when the payload names one', () => {
    agent.onAny((ctx) => {
      if (ctx.name === 'contact_event') {
        expectTypeOf(ctx).toEqualTypeOf<ContactEventContext<unknown, ChatwootWebhook>>();
        expectTypeOf(ctx.contact).toEqualTypeOf<Contact>();
        expectTypeOf(ctx.conversation).toEqualTypeOf<ConversationInfo | undefined>();
        expectTypeOf(ctx.session).toEqualTypeOf<Session<unknown> | undefined>();
        // @ts-expect-error: no conversation id without narrowing the conversation first
        void ctx.conversation.id;
        expectTypeOf(ctx).not.toHaveProperty('message');
      } else {
        // Every other context has its conversation.
        expectTypeOf(ctx.conversation).toEqualTypeOf<ConversationInfo>();
        expectTypeOf(ctx.conversation.id).toEqualTypeOf<string>();
      }
    });
    // Not a name handlers can register: contact events reach onAny only.
    // @ts-expect-error: 'contact_event' is not an EventName
    agent.on('contact_event', () => undefined);
  });

  it('fetch and receive keep their Web and plain shapes', () => {
    expectTypeOf(agent.fetch).toEqualTypeOf<(request: Request) => Promise<Response>>();
    expectTypeOf(agent.receive).parameter(0).toHaveProperty('body').toEqualTypeOf<string | Uint8Array>();
  });

  it('VirtualAgent<S> types ctx.session and the conversation handle', () => {
    const typed = new VirtualAgent<{ step: number }>({ adapter: chatwoot({ baseUrl: 'https://c.example', accountId: 1, botToken: 't', secret: 's' }) });
    typed.on('message_created', async (ctx) => {
      expectTypeOf(await ctx.session.get()).toEqualTypeOf<{ step: number } | undefined>();
      // @ts-expect-error: the session holds { step: number }
      await ctx.session.set({ step: 'one' });
    });
    expectTypeOf(typed.conversation('1').session.update).parameter(0).returns.toEqualTypeOf<{ step: number }>();
  });
});

describe('onError', () => {
  it('types its error as HandoffkitError | Error, so err.code is reachable after isHandoffkitError', () => {
    agent.onError((err, ctx) => {
      expectTypeOf(err).toEqualTypeOf<HandoffkitError | Error>();
      expectTypeOf(ctx).toEqualTypeOf<AnyContext<unknown, ChatwootWebhook> | undefined>();
      if (isHandoffkitError(err)) expectTypeOf(err.code).toEqualTypeOf<ErrorCode>();
    });
    expectTypeOf<Parameters<ErrorHandler>[0]>().toEqualTypeOf<HandoffkitError | Error>();
  });
});
