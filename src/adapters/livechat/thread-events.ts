import type { Attachment, Message, SenderRole, SubmittedValue } from '../../core/events.js';
import { jsonText } from '../../core/json-text.js';
import type { LiveChatEvent } from './schema.js';

// LiveChat ids: agents are known by their login e-mail, customers by a UUID, bots by a 32-hex id.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who wrote an event, from what the payload says of its author (`userTypes` from the chat's users, when known). */
export function roleOf(authorId: string | null | undefined, botId: string, userTypes?: ReadonlyMap<string, string>): SenderRole {
  if (authorId == null || authorId === '') return 'system';
  if (authorId === botId) return 'bot';
  const type = userTypes?.get(authorId);
  if (type === 'customer') return 'contact';
  if (type !== undefined) return 'agent';
  if (authorId.includes('@')) return 'agent';
  // Anything else that is not a customer's UUID is another bot or an agent: default handlers never see it.
  return UUID.test(authorId) ? 'contact' : 'agent';
}

/** A thread event as a normalized message. */
export function toMessage(event: LiveChatEvent, role: SenderRole): Message {
  const sender = event.type === 'system_message' ? { role: 'system' as const } : { role, ...(event.author_id ? { id: event.author_id } : {}) };
  const message: Message = {
    id: event.id,
    text: event.text ?? undefined,
    attachments: event.type === 'file' ? [fileOf(event)] : [],
    sender,
    // v3.6 says `visibility`, v3.4 `recipients`: `agents` is a note the customer does not see.
    private: (event.visibility ?? event.recipients) === 'agents',
    contentType: event.type,
  };
  const submitted = submittedOf(event);
  if (submitted !== undefined) message.submitted = submitted;
  const createdAt = event.created_at ? new Date(event.created_at) : undefined;
  if (createdAt !== undefined && !Number.isNaN(createdAt.getTime())) message.createdAt = createdAt;
  return message;
}

function fileOf(event: LiveChatEvent): Attachment {
  const mime = event.content_type ?? '';
  const kind = /^(image|audio|video)\//.exec(mime)?.[1] ?? 'file';
  const file: Attachment = { type: kind };
  if (event.url) file.url = event.url;
  if (event.thumbnail_url) file.thumbnailUrl = event.thumbnail_url;
  if (event.name) file.name = event.name;
  if (typeof event.size === 'number') file.size = event.size;
  return file;
}

// A filled form (the pre-chat survey): one answer per field, named by its label.
function submittedOf(event: LiveChatEvent): SubmittedValue[] | undefined {
  if (event.type !== 'filled_form' || !event.fields) return undefined;
  return event.fields.map((field) => {
    const answer = field.value ?? field.answer;
    const value = typeof answer === 'string' ? answer : answer == null ? '' : jsonText(answer);
    return { name: field.label ?? field.type ?? '', value };
  });
}
