import { describe, expect, it } from 'vitest';
import { normalizeWhatsApp } from '../../../src/adapters/whatsapp/index.js';
import buttonReply from '../../fixtures/whatsapp/interactive-button-reply.json' with { type: 'json' };
import controlPassed from '../../fixtures/whatsapp/messaging-handovers-control-passed.json' with { type: 'json' };
import statusFailed from '../../fixtures/whatsapp/status-failed.json' with { type: 'json' };
import textMessageSample from '../../fixtures/whatsapp/text-message.json' with { type: 'json' };
import { delivery, handoverChange, messagesChange, standbyChange, status, textMessage } from './support.js';

/** The facts of an event a row checks: name, type, conversation, owner, sender, text, postback, reply, contact. */
function facts(event: ReturnType<typeof normalizeWhatsApp>['events'][number]) {
  return {
    name: event.name,
    type: event.type,
    conversationId: event.conversationId,
    owner: event.ownership?.owner,
    sender: event.message?.sender.role,
    text: event.message?.text,
    postback: event.message?.postback,
    replyTo: event.message?.replyTo,
    contact: event.contact && { name: event.contact.name, phone: event.contact.phone },
    handoff: event.handoff,
  };
}

describe('normalization of the documented samples', () => {
  const rows: Array<[string, unknown, Array<Partial<ReturnType<typeof facts>>>, string[]]> = [
    [
      'text-message.json: a contact text, owned by the bot, named from contacts[0].profile.name',
      textMessageSample,
      [
        {
          name: 'message_created',
          type: 'text',
          conversationId: '16505551234',
          owner: 'bot',
          sender: 'contact',
          text: 'Does it come in another color?',
          contact: { name: 'Sheena Nelson', phone: '16505551234' },
        },
      ],
      [],
    ],
    [
      'interactive-button-reply.json: the button tapped as postback { title, payload: id }, context.id as replyTo',
      buttonReply,
      [
        {
          name: 'message_created',
          type: 'interactive',
          text: 'Change',
          postback: { title: 'Change', payload: 'change-button' },
          replyTo: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBJBM0Y4RUU0RUNFQkFDMjYzQUMA',
          contact: { name: 'Pablo Morales', phone: '16505551234' },
        },
      ],
      [],
    ],
    [
      'status-failed.json: onAny only, and the failure reported as E_PLATFORM_API with code 131049',
      statusFailed,
      [{ name: 'platform_event', type: 'status_failed', conversationId: '16505551234', owner: undefined }],
      ['E_PLATFORM_API'],
    ],
    [
      'messaging-handovers-control-passed.json: control passed to this app → handed_back, metadata as the reason',
      controlPassed,
      [
        {
          name: 'handed_back',
          type: 'control_passed',
          conversationId: '16505551234',
          owner: 'bot',
          handoff: { from: 'human', to: 'bot', initiator: 'platform', inferred: false, reason: 'WhatsApp user requested human agent' },
        },
      ],
      [],
    ],
  ];
  it.each(rows)('%s', (_label, body, expected, errorCodes) => {
    const batch = normalizeWhatsApp(body);
    expect(batch.events.map(facts)).toEqual(expected.map((row) => expect.objectContaining(row)));
    expect(batch.errors.map((error) => error.code)).toEqual(errorCodes);
  });

  it('the failed status names Meta’s code, the message and recipient, and what Meta said', () => {
    const [error] = normalizeWhatsApp(statusFailed).errors;
    expect(error?.message).toMatch(
      /^WhatsApp could not deliver message wamid\.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA to 16505551234: .*\(code 131049\)\.$/,
    );
    expect(error?.details).toMatchObject({ platform: 'whatsapp', code: 131049, recipient: '16505551234', field: 'entry.0.changes.0.value.statuses.0' });
  });
});

describe('message types', () => {
  const wa = '4915112345678';
  const rows: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    [
      'image (by media id, caption as text)',
      { type: 'image', image: { id: '1479537139650973', mime_type: 'image/jpeg', sha256: 'abc', caption: 'my receipt' } },
      { text: 'my receipt', attachments: [{ id: '1479537139650973', type: 'image' }] },
    ],
    [
      'document (file name kept)',
      { type: 'document', document: { id: '2222', mime_type: 'application/pdf', filename: 'invoice.pdf' } },
      { text: undefined, attachments: [{ id: '2222', type: 'file', name: 'invoice.pdf' }] },
    ],
    ['audio', { type: 'audio', audio: { id: '3333', mime_type: 'audio/ogg; codecs=opus' } }, { attachments: [{ id: '3333', type: 'audio' }] }],
    [
      'location',
      { type: 'location', location: { latitude: 52.52, longitude: 13.405, name: 'Alexanderplatz' } },
      { attachments: [{ type: 'location', lat: 52.52, long: 13.405, title: 'Alexanderplatz' }] },
    ],
    [
      'contacts',
      { type: 'contacts', contacts: [{ name: { formatted_name: 'Ada Lovelace', first_name: 'Ada' }, phones: [{ phone: '+4412345' }] }] },
      { attachments: [{ type: 'contact', name: 'Ada Lovelace' }] },
    ],
    [
      'list_reply',
      { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'row-2', title: 'Returns', description: 'Send it back' } } },
      { text: 'Returns', postback: { title: 'Returns', payload: 'row-2' } },
    ],
    [
      'template quick-reply button',
      { type: 'button', button: { payload: 'STOP_PROMOS', text: 'Stop promotions' } },
      { text: 'Stop promotions', postback: { title: 'Stop promotions', payload: 'STOP_PROMOS' } },
    ],
  ];
  it.each(rows)('%s', (_label, content, expected) => {
    const { events, errors } = normalizeWhatsApp(delivery([messagesChange({ messages: [{ from: wa, id: 'wamid.X', timestamp: '1749416383', ...content }] })]));
    expect(errors).toEqual([]);
    expect(events[0]?.message).toMatchObject({ ...expected, sender: { role: 'contact', id: wa }, contentType: content.type });
    expect(events[0]?.contact).toMatchObject({ id: wa, phone: wa });
  });
});

describe('batches in the documented shape', () => {
  it('several entries mixing messages, statuses, handovers and standby: every item, in order, each contact its own conversation', () => {
    const body = delivery(
      [
        messagesChange({
          contacts: { '111': 'Ann', '222': 'Bob' },
          messages: [textMessage('111', 'hi'), textMessage('222', 'hello')],
          statuses: [status('111', 'delivered')],
        }),
      ],
      [
        handoverChange('333', 'control_taken', { previous: 'customer_service', next: 'escalation' }, 'agent took over'),
        standbyChange({
          contacts: { '333': 'Cy' },
          messages: [textMessage('333', 'still there?')],
          message_echoes: [{ ...textMessage('15550783881', 'Yes, Dana here'), to: '333' }],
        }),
      ],
    );
    const { events, errors } = normalizeWhatsApp(body);
    expect(errors).toEqual([]);
    expect(events.map((e) => [e.name, e.type, e.conversationId, e.ownership?.owner, e.message?.sender.role ?? null])).toEqual([
      ['message_created', 'text', '111', 'bot', 'contact'],
      ['message_created', 'text', '222', 'bot', 'contact'],
      ['platform_event', 'status_delivered', '111', undefined, null],
      ['handed_off', 'control_taken', '333', 'human', null],
      ['message_created', 'text', '333', 'human', 'contact'],
      ['message_created', 'message_echo', '333', 'human', 'agent'],
    ]);
    expect(events[0]?.contact?.name).toBe('Ann');
    expect(events[1]?.contact?.name).toBe('Bob');
    expect(events[3]?.handoff).toEqual({ from: 'bot', to: 'human', initiator: 'platform', inferred: false, reason: 'agent took over' });
    expect(new Set(events.map((e) => e.idempotencyKey)).size).toBe(events.length);
  });

  it('one malformed message: the others normalized, the bad one reported naming its field', () => {
    const good = textMessage('111', 'first');
    const body = delivery(
      [messagesChange({ messages: [good, { from: '111', timestamp: '1', type: 'text', text: { body: 'no id' } }, textMessage('111', 'third')] })],
      ['not a change'],
    );
    const { events, errors } = normalizeWhatsApp(body);
    expect(events.map((e) => e.message?.text)).toEqual(['first', 'third']);
    expect(errors.map((e) => [e.code, (e as { field?: string }).field])).toEqual([
      ['E_PAYLOAD', 'entry.0.changes.0.value.messages.1.id'],
      ['E_PAYLOAD', 'entry.1.changes.0'],
    ]);
  });

  it('a failed status of a message on standby (not the bot’s) is not reported', () => {
    const { errors } = normalizeWhatsApp(
      delivery([standbyChange({ statuses: [status('111', 'failed', { errors: [{ code: 131026, title: 'Message undeliverable' }] })] })]),
    );
    expect(errors).toEqual([]);
  });

  it('another field (account or template updates): onAny only, one key per distinct value', () => {
    const change = (event: string) => ({
      field: 'message_template_status_update',
      value: { event, message_template_id: 12345, message_template_name: 'hello_world' },
    });
    const { events, errors } = normalizeWhatsApp(delivery([change('APPROVED'), change('REJECTED')]));
    expect(errors).toEqual([]);
    expect(events.map((e) => [e.name, e.type, e.conversationId])).toEqual([
      ['platform_event', 'message_template_status_update', 'account:102290129340398'],
      ['platform_event', 'message_template_status_update', 'account:102290129340398'],
    ]);
    expect(events[0]?.idempotencyKey).not.toBe(events[1]?.idempotencyKey);
  });

  it('an object other than whatsapp_business_account is refused with E_PAYLOAD naming "object"', () => {
    expect(() => normalizeWhatsApp({ object: 'page', entry: [] })).toThrow(expect.objectContaining({ code: 'E_PAYLOAD', field: 'object' }));
  });
});
