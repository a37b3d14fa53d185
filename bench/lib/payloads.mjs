// Webhook deliveries for the benchmarks: a realistic Chatwoot message_created body of 2 KB, a 10-item Messenger
// batch, and GitHub / Stripe events of the same size as the Chatwoot body, each signed the way its platform signs.
// Every delivery gets its own ids (a repeated delivery would be dropped by dedupe and measure nothing).
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const CHATWOOT_SECRET = 'bench-chatwoot-secret-0123456789abcdef';
export const MESSENGER_SECRET = 'bench-messenger-app-secret-0123456789';
export const GITHUB_SECRET = 'bench-github-secret-0123456789abcdef';
export const STRIPE_SECRET = 'whsec_bench0123456789abcdefghijklmnopqrstuv';
export const MESSENGER_APP_ID = '1234567890123';
export const MESSENGER_PAGE_ID = '104659381234567';
/** Target size of the Chatwoot body, in bytes; the peers' bodies are padded to the Chatwoot body's exact size. */
export const TARGET_BYTES = 2048;
/** How many conversations the deliveries cycle through. */
export const CONVERSATIONS = 1_000;

const FIXTURE = new URL('../../test/fixtures/chatwoot/current/message_created.json', import.meta.url);

// Fixed-width markers, replaced by fixed-width ids: every body of a kind has the same size.
const MESSAGE_MARK = 911111111;
const CONVERSATION_MARK = 922222222;
const CONTACT_MARK = 933333333;
const SENTENCE =
  'Hi, I ordered a pair of running shoes last week and the tracking page still says the parcel is waiting at the depot. Could you check what is going on and when it will arrive? ';

/** A string of `length` characters of plain prose. */
function prose(length) {
  let text = '';
  while (text.length < length) text += SENTENCE;
  return text.slice(0, length).trimEnd().padEnd(length, '.');
}

/** Serializes `build(text)` with `text` of the length that makes the JSON exactly `bytes` long (ASCII only). */
function padTo(bytes, build) {
  const base = JSON.stringify(build('')).length;
  if (base > bytes) throw new Error(`payload is ${base} bytes before padding, over the target ${bytes}`);
  const json = JSON.stringify(build(prose(bytes - base)));
  if (json.length !== bytes) throw new Error(`padding missed the target: ${json.length} != ${bytes}`);
  return json;
}

/** Splits a JSON text on the markers, so that bodies are made by joining the parts with ids. */
function template(json, markers) {
  const pattern = new RegExp(markers.map(String).join('|'), 'g');
  const parts = [];
  const order = [];
  let last = 0;
  for (const match of json.matchAll(pattern)) {
    parts.push(json.slice(last, match.index));
    order.push(markers.indexOf(Number(match[0])));
    last = match.index + match[0].length;
  }
  parts.push(json.slice(last));
  return (values) => {
    let out = parts[0];
    for (let i = 0; i < order.length; i++) out += values[order[i]] + parts[i + 1];
    return out;
  };
}

// ── Chatwoot ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The Chatwoot 4.x message_created fixture (test/fixtures/chatwoot/current), minified, without the embedded copy of
 * the message (`conversation.messages`), and with a message text sized so that the body is TARGET_BYTES long.
 */
function chatwootTemplate() {
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  return padTo(TARGET_BYTES, (text) => {
    const body = structuredClone(fixture);
    body.id = MESSAGE_MARK;
    body.content = `Where is my order? ${text}`;
    body.sender.id = CONTACT_MARK;
    const conversation = body.conversation;
    conversation.id = CONVERSATION_MARK;
    conversation.contact_inbox.contact_id = CONTACT_MARK;
    conversation.meta.sender.id = CONTACT_MARK;
    delete conversation.messages;
    return body;
  });
}

const chatwootJson = chatwootTemplate();
const chatwootBody = template(chatwootJson, [MESSAGE_MARK, CONVERSATION_MARK, CONTACT_MARK]);

/** The size of every Chatwoot body, in bytes. */
export const CHATWOOT_BYTES = Buffer.byteLength(chatwootJson);

/** The Chatwoot body of delivery `n`: message id 1xxxxxxxx, one of CONVERSATIONS conversations. */
export function chatwootBodyText(n) {
  const conversation = n % CONVERSATIONS;
  return chatwootBody([100_000_000 + (n % 800_000_000), 200_000_000 + conversation, 300_000_000 + conversation]);
}

/** A signed Chatwoot delivery (`agent.receive` input): headers as node:http gives them, the body as a Buffer. */
export function chatwootDelivery(n, nowSeconds = Math.floor(Date.now() / 1000)) {
  const body = Buffer.from(chatwootBodyText(n));
  const timestamp = String(nowSeconds);
  const signature = createHmac('sha256', CHATWOOT_SECRET).update(`${timestamp}.`).update(body).digest('hex');
  return {
    method: 'POST',
    url: '/webhooks/chatwoot',
    headers: {
      host: '127.0.0.1',
      'content-type': 'application/json',
      'content-length': String(body.length),
      'user-agent': 'rest-client/2.1.0 (linux x86_64) ruby/3.3.3p89',
      'x-chatwoot-delivery': randomUUID(),
      'x-chatwoot-signature': `sha256=${signature}`,
      'x-chatwoot-timestamp': timestamp,
    },
    body,
  };
}

// ── Messenger ───────────────────────────────────────────────────────────────────────────────────────────

const MESSENGER_TEXTS = [
  'Hi! Is the blue jacket still available in size M?',
  'I would like to change the delivery address of my order',
  'Thanks, that was quick',
  'Do you ship to Portugal?',
  'My discount code SPRING24 does not work at checkout',
  'Can I talk to someone about a refund?',
  'What are your opening hours on Saturday?',
  'The parcel arrived damaged, what should I do?',
  'ok',
  'Is there a store near Lisbon?',
];

/** The Messenger body of delivery `n`: one Page entry with `count` (10) text messages from as many contacts. */
export function messengerBodyText(n, nowMs = Date.now(), count = 10) {
  let items = '';
  for (let i = 0; i < count; i++) {
    const seq = n * 10 + i;
    const psid = String(7_000_000_000_000_000 + ((seq * 7919) % (CONVERSATIONS * 10)));
    const mid = `m_${String(seq).padStart(12, '0')}Zr5kD1gQwXv0m8HkY3sJfT2LbNcPaEeUoRiWq9xzVyGhM4tA6uIlO7nBdCs-`;
    items += `${i === 0 ? '' : ','}{"sender":{"id":"${psid}"},"recipient":{"id":"${MESSENGER_PAGE_ID}"},"timestamp":${nowMs - 10 + i},"message":{"mid":"${mid}","text":"${MESSENGER_TEXTS[i]}"}}`;
  }
  return `{"object":"page","entry":[{"id":"${MESSENGER_PAGE_ID}","time":${nowMs},"messaging":[${items}]}]}`;
}

/** A signed Messenger delivery of `count` (10) items. */
export function messengerDelivery(n, nowMs = Date.now(), count = 10) {
  const body = Buffer.from(messengerBodyText(n, nowMs, count));
  const signature = createHmac('sha256', MESSENGER_SECRET).update(body).digest('hex');
  return {
    method: 'POST',
    url: '/webhooks/messenger',
    headers: {
      host: '127.0.0.1',
      'content-type': 'application/json',
      'content-length': String(body.length),
      'user-agent': 'facebookexternalua',
      'x-hub-signature': `sha1=${createHmac('sha1', MESSENGER_SECRET).update(body).digest('hex')}`,
      'x-hub-signature-256': `sha256=${signature}`,
    },
    body,
  };
}

// ── GitHub (for @octokit/webhooks) ──────────────────────────────────────────────────────────────────────

const user = (login, id) => ({
  login,
  id,
  node_id: 'MDQ6VXNlcjU4MzIzMQ==',
  avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
  html_url: `https://github.com/${login}`,
  type: 'User',
  site_admin: false,
});

/** An issue_comment.created delivery of exactly `bytes` bytes (the comment body is sized). */
function githubTemplate(bytes) {
  return padTo(bytes, (text) => ({
    action: 'created',
    issue: {
      url: 'https://api.github.com/repos/acme/shop/issues/1347',
      html_url: 'https://github.com/acme/shop/issues/1347',
      id: MESSAGE_MARK,
      number: 1347,
      title: 'Order tracking page shows a stale status',
      user: user('ana-souza', 5832310),
      labels: [],
      state: 'open',
      comments: 3,
      created_at: '2026-03-02T10:14:58Z',
      updated_at: '2026-03-02T10:15:30Z',
      author_association: 'NONE',
      body: 'The tracking page keeps showing "waiting at the depot".',
    },
    comment: {
      id: CONVERSATION_MARK,
      html_url: 'https://github.com/acme/shop/issues/1347#issuecomment-2700000001',
      user: user('ana-souza', 5832310),
      created_at: '2026-03-02T10:15:30Z',
      updated_at: '2026-03-02T10:15:30Z',
      author_association: 'NONE',
      body: `Where is my order? ${text}`,
    },
    repository: { id: 512345678, name: 'shop', full_name: 'acme/shop', private: false, owner: user('acme', 1234567), default_branch: 'main' },
    sender: user('ana-souza', 5832310),
  }));
}

let githubBody;

/** A signed GitHub issue_comment delivery of the Chatwoot body's size: what @octokit/webhooks receives. */
export function githubDelivery(n) {
  githubBody ??= template(githubTemplate(CHATWOOT_BYTES), [MESSAGE_MARK, CONVERSATION_MARK]);
  const payload = githubBody([100_000_000 + (n % 800_000_000), 200_000_000 + (n % 800_000_000)]);
  const signature = `sha256=${createHmac('sha256', GITHUB_SECRET).update(payload).digest('hex')}`;
  return { id: randomUUID(), name: 'issue_comment', payload, signature };
}

// ── Stripe ──────────────────────────────────────────────────────────────────────────────────────────────

/** A payment_intent.succeeded event of exactly `bytes` bytes (the description is sized). */
function stripeTemplate(bytes) {
  return padTo(bytes, (text) => ({
    id: `evt_3Q${MESSAGE_MARK}AbCdEfGh`,
    object: 'event',
    api_version: '2025-09-30.clover',
    created: 1772446530,
    data: {
      object: {
        id: `pi_3Q${CONVERSATION_MARK}AbCdEfGh`,
        object: 'payment_intent',
        amount: 8990,
        amount_capturable: 0,
        amount_received: 8990,
        capture_method: 'automatic_async',
        client_secret: 'pi_3Q_secret_redacted',
        confirmation_method: 'automatic',
        created: 1772446498,
        currency: 'eur',
        customer: 'cus_RZ0b1c2d3e4f5g',
        description: `Order A-1009 ${text}`,
        latest_charge: 'ch_3QAbCdEfGh1a2b3c4d5e6f7g',
        livemode: false,
        metadata: { order_id: 'A-1009' },
        payment_method: 'pm_1QAbCdEfGh1a2b3c4d5e6f7g',
        payment_method_types: ['card'],
        status: 'succeeded',
      },
    },
    livemode: false,
    pending_webhooks: 1,
    request: { id: 'req_AbCdEfGh1a2b3c', idempotency_key: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' },
    type: 'payment_intent.succeeded',
  }));
}

let stripeBody;

/** A signed Stripe event of the Chatwoot body's size: `Stripe-Signature: t=…,v1=…`. */
export function stripeDelivery(n, nowSeconds = Math.floor(Date.now() / 1000)) {
  stripeBody ??= template(stripeTemplate(CHATWOOT_BYTES), [MESSAGE_MARK, CONVERSATION_MARK]);
  const payload = Buffer.from(stripeBody([100_000_000 + (n % 800_000_000), 200_000_000 + (n % 800_000_000)]));
  const v1 = createHmac('sha256', STRIPE_SECRET).update(`${nowSeconds}.`).update(payload).digest('hex');
  return { payload, header: `t=${nowSeconds},v1=${v1}` };
}
