import type { ConversationHelpers } from '../core/helpers.js';
import type { ConversationInfo } from '../core/context.js';
import type { Message } from '../core/events.js';
import type { Session } from '../core/session.js';

/** Options of {@link collectPhone}. */
export interface CollectPhoneOptions {
  /** The question. Default: "Which phone number can we call you at?" */
  question?: string;
  /** Shown once, before the first question: what the number is used for (the consent notice the deployer words). */
  consent?: string;
  /** Asked when the answer holds no digit. Default: "That does not look like a phone number. Which number can we call you at?" */
  again?: string;
}

/** What `collectPhone` keeps in `ctx.session`, beside the bot's own session fields. */
export interface PhoneCollection {
  /** A number was asked for and the contact's next message is the answer. */
  asking: boolean;
  /** The consent notice was shown. */
  consentShown: boolean;
}

/** The session field `collectPhone` uses. */
export const PHONE_SESSION_KEY = 'handoffkitPhone';

/** The parts of a message context `collectPhone` uses (any `ctx` of `message_created`). */
export interface PhoneContext {
  /** The contact's message. */
  readonly message: Message;
  /** The conversation's session; `collectPhone` keeps its state in one field of an object session. */
  readonly session: Session<unknown>;
  /** The conversation. */
  readonly conversation: ConversationInfo;
  /** Sends a message. */
  reply: ConversationHelpers['reply'];
}

/** Whether the conversation is waiting for the contact's phone number (and the bot still owns it). */
export async function isCollectingPhone(ctx: PhoneContext): Promise<boolean> {
  if (ctx.conversation.owner === 'human') return false;
  return (await read(ctx))?.asking === true;
}

/**
 * Asks the contact for a phone number, or reads the answer: while a number is asked for, resolves with the
 * contact's message (trimmed) when it holds a digit, and asks again (resolving `undefined`) when it does not.
 * The call provider validates the number: pass the answer to `ctx.escalate({ to: { call: { phone } } })`, which
 * tells the contact a refused number and leaves the question open, so the next message is read again.
 */
export async function collectPhone(ctx: PhoneContext, options: CollectPhoneOptions = {}): Promise<string | undefined> {
  const state = await read(ctx);
  if (state?.asking === true) {
    const answer = (ctx.message.text ?? '').trim();
    if (/\d/.test(answer)) return answer;
    await ctx.reply(options.again ?? 'That does not look like a phone number. Which number can we call you at?');
    return undefined;
  }
  if (options.consent !== undefined && state?.consentShown !== true) await ctx.reply(options.consent);
  await ctx.reply(options.question ?? 'Which phone number can we call you at?');
  await write(ctx, { asking: true, consentShown: options.consent !== undefined || state?.consentShown === true });
  return undefined;
}

/** Closes the question (after the call was requested, or when the contact gives up). */
export async function stopCollectingPhone(ctx: PhoneContext): Promise<void> {
  const state = await read(ctx);
  if (state !== undefined) await write(ctx, { ...state, asking: false });
}

async function read(ctx: PhoneContext): Promise<PhoneCollection | undefined> {
  const session = (await ctx.session.get()) as Record<string, unknown> | undefined;
  const value = session?.[PHONE_SESSION_KEY];
  return typeof value === 'object' && value !== null ? (value as PhoneCollection) : undefined;
}

async function write(ctx: PhoneContext, state: PhoneCollection): Promise<void> {
  await ctx.session.update((current) => {
    const base = typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : {};
    return { ...base, [PHONE_SESSION_KEY]: state };
  });
}
