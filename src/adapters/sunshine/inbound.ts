import type { Attachment, Contact, Message, OwnershipSignal, SubmittedValue } from '../../core/events.js';
import { normalizeLocale } from '../../core/locale.js';
import { emptyRecord } from '../kit/records.js';
import type { SunshineAuthor, SunshineContent, SunshineConversation, SunshineSwitchboardIntegration, SunshineUser } from './schema.js';

// What the event builders share: who owns a conversation, who the contact is, what a message says.

/** Whether a switchboard integration is this bot's (`integrationId` is its id, its name or its integration's id). */
export function isOurs(integration: SunshineSwitchboardIntegration | null | undefined, ours: string): boolean {
  if (integration == null) return false;
  return integration.id === ours || integration.name === ours || integration.integrationId === ours;
}

/** The conversation's owner from its active switchboard integration: ours → bot, another → human. */
export function ownershipOf(conversation: SunshineConversation, ours: string, at: number | undefined): OwnershipSignal | undefined {
  const active = conversation.activeSwitchboardIntegration;
  if (active == null) return undefined;
  const owner = isOurs(active, ours) ? 'bot' : 'human';
  return at === undefined ? { owner } : { owner, at };
}

/** The name or id an integration is known by, for `requestedBy`. */
export function integrationName(integration: SunshineSwitchboardIntegration | null | undefined): string | undefined {
  return integration?.name ?? integration?.id ?? integration?.integrationId ?? undefined;
}

/** A time in ms from an ISO string, or `undefined`. */
export function millis(value: string | null | undefined): number | undefined {
  if (value == null) return undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : undefined;
}

/**
 * The contact from a user (and a message's author): id, name, e-mail, locale in BCP 47 (the profile's, else the
 * client's browser language), external id as an attribute; `undefined` when no user id is known.
 */
export function contactOf(
  user: SunshineUser | null | undefined,
  author?: SunshineAuthor | null,
  clientInfo?: Record<string, unknown> | null,
): Contact | undefined {
  const person = user ?? author?.user ?? undefined;
  const id = person?.id ?? author?.userId ?? undefined;
  if (id == null || id === '') return undefined;
  const profile = person?.profile ?? undefined;
  const contact: Contact = { id, attributes: emptyRecord() };
  const fullName = [profile?.givenName, profile?.surname].filter((part) => typeof part === 'string' && part !== '').join(' ');
  const name = author?.displayName ?? (fullName === '' ? undefined : fullName);
  if (name) contact.name = name;
  if (profile?.email) contact.email = profile.email;
  const locale = normalizeLocale(profile?.locale ?? clientInfo?.browserLanguage);
  if (locale !== undefined) contact.locale = locale;
  if (person?.externalId != null) contact.attributes.externalId = String(person.externalId);
  return contact;
}

/** The message's text, attachments, form answers and quick-reply payload, from its content. */
export function contentFields(
  content: SunshineContent,
  fromContact: boolean,
): Pick<Message, 'text' | 'attachments' | 'contentType' | 'submitted' | 'quickReply'> {
  const fields: Pick<Message, 'text' | 'attachments' | 'contentType' | 'submitted' | 'quickReply'> = {
    text: content.text ?? content.textFallback ?? undefined,
    attachments: [],
    contentType: content.type,
  };
  if (content.mediaUrl) {
    const attachment: Attachment = { type: content.type, url: content.mediaUrl };
    if (content.altText) attachment.name = content.altText;
    if (typeof content.mediaSize === 'number') attachment.size = content.mediaSize;
    fields.attachments.push(attachment);
  }
  if (content.type === 'formResponse' && content.fields) fields.submitted = content.fields.flatMap(answersOf);
  // A tapped reply action comes back as a text message carrying the action's payload.
  if (fromContact && content.payload) fields.quickReply = { value: content.payload, payload: content.payload };
  return fields;
}

function answersOf(field: NonNullable<SunshineContent['fields']>[number]): SubmittedValue[] {
  const name = field.name ?? undefined;
  if (field.select) {
    return field.select.map((option) => ({
      ...(name ? { name } : {}),
      ...(option.label ? { title: option.label } : {}),
      value: option.name ?? option.label ?? '',
    }));
  }
  return [{ ...(name ? { name } : {}), value: field.text ?? field.email ?? '' }];
}
