// The playground's script: renders the state the server pushes over server-sent events and posts the contact's
// and the agent's acts. Plain browser JavaScript, no framework.

/** The page's JavaScript. */
export const PAGE_JS = `
'use strict';
let state = { platform: '', conversations: [] };
let current = '';
const $ = (id) => document.getElementById(id);

function conversation() {
  return state.conversations.find((c) => c.id === current) || state.conversations[0];
}

const UNDELIVERED = 'not delivered to the bot';
const MARKERS = { error: 'handler error', failSafe: 'fail-safe escalation' };

function item(text, by, cls, note) {
  const li = document.createElement('li');
  if (cls) li.className = cls;
  const who = document.createElement('span');
  who.className = 'by';
  who.textContent = by;
  li.append(who, document.createTextNode(text || ''));
  if (note) li.append(Object.assign(document.createElement('span'), { className: 'undelivered', textContent: note }));
  return li;
}

function label(name) {
  const chip = document.createElement('span');
  chip.dataset.label = name;
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.title = 'Remove ' + name;
  remove.textContent = 'x';
  remove.onclick = () => post('labels', { remove: [name] });
  chip.append(document.createTextNode(name), remove);
  return chip;
}

function render() {
  $('platform').textContent = state.platform;
  const c = conversation();
  if (!c) return;
  current = c.id;
  $('conversations').replaceChildren(...state.conversations.map((one) => {
    const li = document.createElement('li');
    li.dataset.id = one.id;
    li.dataset.owner = one.owner;
    if (one.id === current) li.className = 'current';
    const last = [...one.timeline].reverse().find((e) => e.text && (e.what === 'message' || e.what === 'reply' || e.what === 'choice'));
    li.append(document.createTextNode(one.id + ' · ' + one.owner));
    li.append(Object.assign(document.createElement('span'), { className: 'last', textContent: last ? last.text : '(empty)' }));
    li.onclick = () => { current = one.id; render(); };
    return li;
  }));
  const contact = [];
  const agent = [];
  let choices = [];
  for (const e of c.timeline) {
    if (e.who === 'contact') {
      contact.push(item(e.text, 'you', 'mine'));
      agent.push(item(e.text, 'contact', '', e.status ? '' : UNDELIVERED));
    } else if (e.who === 'agent' && e.what === 'message') {
      contact.push(item(e.text, 'agent', ''));
      agent.push(item(e.text, 'you', 'mine', e.status ? '' : UNDELIVERED));
    } else if (e.who === 'agent' && e.what === 'note') {
      agent.push(item(e.text, 'your private note', 'note', e.status ? '' : UNDELIVERED));
    } else if (e.who === 'bot' && e.what === 'reply') {
      contact.push(item(e.text, 'bot', 'bot'));
      agent.push(item(e.text, 'bot', 'bot'));
      choices = e.choices || [];
    } else if (e.who === 'bot' && e.what === 'note') {
      agent.push(item(e.text, 'private note (bot)', 'note'));
    }
  }
  $('contact-log').replaceChildren(...contact);
  $('agent-log').replaceChildren(...agent);
  $('contact-log').scrollTop = 1e9;
  $('agent-log').scrollTop = 1e9;
  $('choices').replaceChildren(...choices.map((title) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = title;
    b.onclick = () => post('choice', { text: title });
    return b;
  }));
  $('tags').replaceChildren(...(c.labels || []).map(label));
  const owner = $('owner');
  owner.textContent = c.owner;
  owner.className = 'owner ' + c.owner;
  owner.dataset.owner = c.owner;
  $('take-over').disabled = c.owner === 'human';
  $('hand-back').disabled = c.owner === 'bot';
  const body = $('timeline').tBodies[0];
  body.replaceChildren(...c.timeline.map((e, i) => {
    const tr = document.createElement('tr');
    const marker = e.who === 'bot' ? MARKERS[e.what] : undefined;
    tr.className = e.what === 'failSafe' ? 'failsafe' : e.what === 'error' || e.what === 'note' || e.what === 'labels' ? e.what : '';
    tr.dataset.owner = e.owner;
    tr.dataset.what = e.what;
    // An act the platform told the bot nothing of: the playground keeps it here, and says so.
    const undelivered = e.who !== 'bot' && e.status === undefined;
    if (undelivered) tr.dataset.undelivered = 'true';
    for (const v of [i + 1, e.who, marker || e.what, e.text || '', e.owner, undelivered ? UNDELIVERED : e.status || '']) {
      const td = document.createElement('td');
      td.textContent = String(v);
      tr.append(td);
    }
    if (undelivered) tr.lastChild.className = 'undelivered';
    tr.onclick = () => {
      const pre = $('payload');
      let text = e.payload || '';
      try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (_) {}
      pre.textContent = text || '(no payload: the platform sends the bot nothing for this; the playground keeps it in the inbox)';
      pre.hidden = false;
    };
    return tr;
  }));
}

async function post(verb, body) {
  const c = conversation();
  if (!c) return;
  const res = await fetch('/api/conversations/' + encodeURIComponent(c.id) + '/' + verb, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body || {}),
  });
  state = await res.json().then((s) => (s.conversations ? s : state));
  render();
}

function composer(form, input, verb) {
  $(form).addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $(input).value.trim();
    if (!text) return;
    $(input).value = '';
    post(verb, { text });
  });
}

composer('contact-form', 'contact-input', 'contact');
$('agent-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('agent-input').value.trim();
  if (!text) return;
  $('agent-input').value = '';
  post($('agent-private').checked ? 'note' : 'agent', { text });
});
$('label-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('label-input').value.trim();
  if (!name) return;
  $('label-input').value = '';
  post('labels', { add: [name] });
});
$('take-over').onclick = () => post('takeover');
$('hand-back').onclick = () => post('handback');
$('resolve').onclick = () => post('resolve');
$('new-conversation').onclick = async () => {
  const res = await fetch('/api/conversations', { method: 'POST' });
  current = (await res.json()).id;
  render();
};
const events = new EventSource('/events');
events.onopen = () => { $('live').textContent = 'live'; };
events.onerror = () => { $('live').textContent = 'reconnecting…'; };
events.onmessage = (event) => {
  state = JSON.parse(event.data);
  render();
};
`;
