import type { ConversationRef, EscalateOptions, OutgoingMessage, PlatformActions, SentMessage } from '../../core/actions.js';
import { HandoffkitError, PlatformApiError, UnsupportedError } from '../../errors.js';
import type { EngagorClient } from './client.js';
import { authorOf, editContactTags, matchingTags, readContactTags } from './contacts.js';
import type { MentionTarget } from './normalize.js';
import { cutToLimit, noteForAgents } from '../kit/handover-text.js';

/** The most characters the assignment's `comments` are given. */
const COMMENTS_LIMIT = 5_000;

/** What the actions need from the adapter. */
export interface QualtricsActionDeps {
  /** The API client of the account. */
  client: EngagorClient;
  /** The escalation tag (mode `tag`). */
  escalationTag: string;
  /** How escalate/handBack act: the escalation tag, or the native handover endpoints. */
  mode: 'tag' | 'handover';
  /** The `status` of published replies. */
  replyStatus: string;
  /** The profile each channel replies from, by lower-case service name. */
  profiles: Readonly<Record<string, string>>;
  /** Whether `escalate({ reason })` also tags the mention with the reason. */
  reasonAsMentionTag: boolean;
}

/** A channel profile a reply is published from (`services` of `publisher/add`). */
interface ReplyService {
  type: string;
  service_id: string;
}

/** The helpers over the Social Connect (Engagor) API, for one conversation (one contact). */
export class QualtricsActions implements PlatformActions {
  readonly #deps: QualtricsActionDeps;
  readonly #ref: ConversationRef;

  /** Creates the actions of one conversation. */
  constructor(deps: QualtricsActionDeps, ref: ConversationRef) {
    this.#deps = deps;
    this.#ref = ref;
  }

  /** `POST /{account_id}/publisher/add`: `privatemessage` to a private message, `reply` to a public mention. */
  async reply(message: OutgoingMessage): Promise<SentMessage> {
    const text = replyText(message);
    const target = this.#target('reply');
    const content = { message: text, status: this.#deps.replyStatus, ...formFields(message.platformFields) };
    const type = target.private ? 'privatemessage' : 'reply';
    const profile = this.#configuredService(target);
    // Without a configured profile, the mention's own reply link names the call (Social Connect picks the profile);
    // profile discovery is the last resort.
    const answer =
      profile === undefined && target.replyQuery !== undefined
        ? await this.#deps.client.request<unknown>({ method: 'POST', path: 'publisher/add', query: target.replyQuery, once: true, form: content })
        : await this.#deps.client.request<unknown>({
            method: 'POST',
            path: 'publisher/add',
            once: true,
            form: {
              type,
              services: JSON.stringify(profile === undefined ? await this.#discoverServices(target, type) : [profile]),
              topic_id: target.topicId,
              mention_id: target.mentionId,
              ...content,
            },
          });
    const id = publishedId(answer);
    return id === undefined ? {} : { id };
  }

  /** Adds contact tags: `POST …/inbox/contact/{service}/{id}` with `tags_edit_mode: add`. */
  async tag(names: string[]): Promise<void> {
    await editContactTags(this.#deps.client, this.#target('tag'), names, 'add');
  }

  /** Removes contact tags, matched case-insensitively against the contact's current tags (`tags_edit_mode: delete`). */
  async untag(names: string[]): Promise<void> {
    await this.#removeTags(this.#target('untag'), names);
  }

  /**
   * When asked, first updates the mention being handled: its assignment (`to`, `note` as `assignment.comments`) and,
   * with `reasonAsMentionTag`, the reason as a mention tag. Then hands the contact over — mode `tag`: adds the
   * escalation tag to the contact; mode `handover`: `POST …/inbox/handover/{service}/{id}`. The handover comes last,
   * so that a resolved escalate means the agents have the contact, and a failed one changed no owner.
   */
  async escalate(options: EscalateOptions): Promise<void> {
    const target = this.#target('escalate');
    const assignment = assignmentOf(options);
    const reasonTag = this.#deps.reasonAsMentionTag && options.reason ? options.reason : undefined;
    if (assignment !== undefined || reasonTag !== undefined) {
      const updates: Record<string, unknown> = {};
      if (assignment !== undefined) updates.assignment = assignment;
      if (reasonTag !== undefined) updates.tags = [reasonTag];
      await this.#deps.client.request({
        method: 'POST',
        path: `inbox/mention/${encodeURIComponent(target.topicId)}/${encodeURIComponent(target.mentionId)}`,
        form: {
          updates: JSON.stringify(updates),
          ...(reasonTag === undefined ? {} : { options: JSON.stringify({ tags_edit_mode: 'add' }) }),
        },
      });
    }
    if (this.#deps.mode === 'handover') await this.#handover(target, 'POST');
    else await editContactTags(this.#deps.client, target, [this.#deps.escalationTag], 'add');
  }

  /** Mode `tag`: removes the escalation tag (in whatever case the contact carries it). Mode `handover`: `DELETE …/inbox/handover/{service}/{id}`. */
  async handBack(): Promise<void> {
    const target = this.#target('handBack');
    if (this.#deps.mode === 'handover') await this.#handover(target, 'DELETE');
    else await this.#removeTags(target, [this.#deps.escalationTag]);
  }

  async #removeTags(target: MentionTarget, names: readonly string[]): Promise<void> {
    // The contact may carry the tag in another case than the one asked for: delete the spellings it has.
    const present = matchingTags(await readContactTags(this.#deps.client, target), names);
    if (present.length > 0) await editContactTags(this.#deps.client, target, present, 'delete');
  }

  async #handover(target: MentionTarget, method: 'POST' | 'DELETE'): Promise<void> {
    if (target.service === undefined) {
      throw new HandoffkitError(
        'E_UNSUPPORTED',
        `The handover endpoints need the contact's channel, and the mention of contact ${authorOf(target)} has no source.service. Use mode: 'tag' for this recipe.`,
      );
    }
    await this.#deps.client.request({
      method,
      path: `inbox/handover/${encodeURIComponent(target.service)}/${encodeURIComponent(authorOf(target))}`,
    });
  }

  /** The profile configured for the mention's channel (`profiles`), if any. */
  #configuredService(target: MentionTarget): ReplyService | undefined {
    if (target.service === undefined || !Object.hasOwn(this.#deps.profiles, target.service)) return undefined;
    return { type: target.service, service_id: this.#deps.profiles[target.service] as string };
  }

  /** The profile `GET publisher/add` offers for this mention. */
  async #discoverServices(target: MentionTarget, type: string): Promise<ReplyService[]> {
    const options = await this.#deps.client.request<unknown>({
      method: 'GET',
      path: 'publisher/add',
      query: { type, topic_id: target.topicId, mention_id: target.mentionId },
    });
    const offered = offeredServices(options);
    // The list is for this mention already: prefer the mention's own channel, else take what is offered.
    const chosen = offered.find((service) => service.type.toLowerCase() === target.service) ?? offered[0];
    if (chosen === undefined) {
      const profile = target.service === undefined ? 'profile' : `${target.service} profile`;
      throw new PlatformApiError(
        {
          platform: 'qualtrics',
          status: 200,
          platformMessage: `no ${profile} can ${type} to mention ${target.mentionId}`,
          method: 'GET',
          path: '/publisher/add',
        },
        `Social Connect offered no ${profile} to ${type} to mention ${target.mentionId} (GET publisher/add). Check the access token's rights on the profile, or pass qualtrics({ profiles: { ${target.service ?? 'service'}: '<your profile service_id>' } }).`,
      );
    }
    return [chosen];
  }

  #target(helper: string): MentionTarget {
    const target = this.#ref.target as MentionTarget | undefined;
    if (target !== undefined) return target;
    throw new UnsupportedError(
      'qualtrics',
      helper,
      `no mention of contact ${this.#ref.id} is known yet. Social Connect replies attach to a mention (topic_id, mention_id) and contact calls need the mention's channel, so the helpers work while handling, or after, one of the contact's messages`,
    );
  }
}

function replyText(message: OutgoingMessage): string {
  if (message.private) {
    throw new UnsupportedError('qualtrics', 'reply', 'a private note for agents has no place in a Social Connect reply; pass it as escalate({ note })');
  }
  const extras: string[] = (['quickReplies', 'cards', 'form', 'articles', 'attachments'] as const).filter((key) => (message[key]?.length ?? 0) > 0);
  if (message.emailInput) extras.push('emailInput');
  if (extras.length > 0) {
    throw new UnsupportedError('qualtrics', 'reply', `Social Connect replies through the API carry text only, got ${extras.join(', ')}`);
  }
  const text = message.text ?? '';
  if (text.trim() === '') throw new HandoffkitError('E_PAYLOAD', 'reply() needs text: Social Connect replies are text messages.');
  return text;
}

function formFields(fields: Record<string, unknown> | undefined): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value === undefined || value === null) continue;
    form[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return form;
}

/** The `assignment` update of `escalate({ to, summary, note })` (summary and note as `comments`), or undefined when none is given. */
function assignmentOf(options: EscalateOptions): Record<string, unknown> | undefined {
  const { to } = options;
  const note = noteForAgents(options);
  if (to === undefined && note === undefined) return undefined;
  const assignment: Record<string, unknown> = {};
  if (to !== undefined) {
    if (typeof to === 'object' && 'team' in to) assignment.team_ids = [to.team];
    else if (typeof to === 'object' && 'agent' in to) assignment.user_ids = [to.agent];
    else {
      throw new HandoffkitError(
        'E_UNSUPPORTED',
        `escalate({ to }) on Qualtrics takes { team: id } or { agent: id } (a Social Connect team or user id), got ${JSON.stringify(to)}.`,
      );
    }
  }
  if (note !== undefined) assignment.comments = cutToLimit(note, COMMENTS_LIMIT, 'chars');
  return assignment;
}

function offeredServices(options: unknown): ReplyService[] {
  const list = (options as { services?: unknown } | null | undefined)?.services;
  const items = Array.isArray(list) ? list : typeof list === 'object' && list !== null ? Object.values(list) : [];
  const services: ReplyService[] = [];
  for (const item of items) {
    const { type, service_id: id } = (item ?? {}) as { type?: unknown; service_id?: unknown };
    if (typeof type === 'string' && (typeof id === 'string' || typeof id === 'number')) services.push({ type, service_id: String(id) });
  }
  return services;
}

function publishedId(answer: unknown): string | undefined {
  const record = answer as { publisher_mention?: { id?: unknown }; id?: unknown } | null | undefined;
  const id = record?.publisher_mention?.id ?? record?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
