import { describe, expect, it } from 'vitest';
// The platforms' documented samples (byte for byte the copies in the shared platform notes' samples/).
import chatwootMessage from '../fixtures/chatwoot/message_created.json' with { type: 'json' };
import chatwootStatus from '../fixtures/chatwoot/conversation_status_changed.json' with { type: 'json' };
import chatwootWidget from '../fixtures/chatwoot/current/webwidget_triggered.json' with { type: 'json' };
import hootsuiteStarted from '../fixtures/hootsuite/conversation_started.openapi-examples.json' with { type: 'json' };
import hootsuiteInbound from '../fixtures/hootsuite/inbound_message_received.openapi-examples.json' with { type: 'json' };
import messengerPass from '../fixtures/messenger/pass_thread_control.messaging-item.json' with { type: 'json' };
import messengerStandby from '../fixtures/messenger/standby.envelope.json' with { type: 'json' };
import qualtricsMention from '../fixtures/qualtrics/mention.api-object.json' with { type: 'json' };
import { webhookSchemas as chatwoot } from '../../src/adapters/chatwoot/index.js';
import { webhookSchemas as hootsuite } from '../../src/adapters/hootsuite/index.js';
import { webhookSchemas as messenger } from '../../src/adapters/messenger/index.js';
import { webhookSchemas as qualtrics } from '../../src/adapters/qualtrics/index.js';

/** A deep copy, to change one field of a sample. */
const copy = <T>(value: T): T => structuredClone(value);

describe("the exported wire schemas parse the platforms' samples", () => {
  it('Chatwoot: a message, a widget trigger and a status change, unknown fields kept', () => {
    const message = chatwoot.message.parse(chatwootMessage);
    expect(message.conversation.id).toBe(chatwootMessage.conversation.id);
    expect(message).toEqual(chatwootMessage);
    expect(chatwoot.widget.parse(chatwootWidget).contact.id).toBe(chatwootWidget.contact.id);
    expect(chatwoot.conversation.parse(chatwootStatus)).toEqual(chatwootStatus);
    expect(chatwoot.envelope.parse(chatwootStatus).event).toBe('conversation_status_changed');
  });

  it('Messenger: the envelope, its entry and a handover item', () => {
    const envelope = messenger.envelope.parse(messengerStandby);
    expect(envelope.object).toBe('page');
    expect(messenger.entry.parse(envelope.entry[0]).standby).toHaveLength(1);
    expect(messenger.passThreadControl.parse(messengerPass).pass_thread_control.new_owner_app_id).toBe('123456789');
  });

  it('Hootsuite: the envelope and both event shapes', () => {
    expect(hootsuite.envelope.parse(hootsuiteInbound)).toMatchObject({ type: 'INBOUND_MESSAGE_RECEIVED', version: 1 });
    expect(hootsuite.inbound.parse(hootsuiteInbound).data.message?.text).toBe('Hello');
    expect(hootsuite.conversation.parse(hootsuiteStarted).data.conversationId).toBe(hootsuiteStarted.data.conversationId);
  });

  it('Qualtrics: the mention object', () => {
    const mention = qualtrics.mention.parse(qualtricsMention);
    expect(mention.author.id).toBe(qualtricsMention.author.id);
    expect(mention).toEqual(qualtricsMention);
  });

  it('refuse a wrong type in a field the adapter reads, with its path', () => {
    const bad = copy(chatwootMessage) as { conversation: { id: unknown } };
    bad.conversation.id = true;
    const result = chatwoot.message.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['conversation', 'id']);
    const noTopic = copy(qualtricsMention) as { topic?: unknown };
    delete noTopic.topic;
    expect(qualtrics.mention.safeParse(noTopic).error?.issues[0]?.path).toEqual(['topic']);
  });

  it('check maps value by value: Messenger app_roles, Chatwoot custom attributes', () => {
    const roles = { ...messengerPass, app_roles: { '123456789': ['primary_receiver'] } };
    expect(messenger.appRoles.parse(roles).app_roles['123456789']).toEqual(['primary_receiver']);
    const badRole = messenger.appRoles.safeParse({ ...roles, app_roles: { '123456789': 'primary_receiver' } });
    expect(badRole.error?.issues[0]?.path).toEqual(['app_roles', '123456789']);
    const listAttributes = copy(chatwootMessage) as unknown as { conversation: { custom_attributes: unknown } };
    listAttributes.conversation.custom_attributes = ['vip'];
    expect(chatwoot.message.safeParse(listAttributes).error?.issues[0]?.path).toEqual(['conversation', 'custom_attributes']);
  });
});
