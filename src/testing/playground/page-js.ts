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

function item(text, by, cls) {
  const li = document.createElement('li');
  if (cls) li.className = cls;
  const who = document.createElement('span');
  who.className = 'by';
  who.textContent = by;
  li.append(who, document.createTextNode(text || ''));
  return li;
}

function render() {
  $('platform').textContent = state.platform;
  const select = $('conversations');
  select.replaceChildren(...state.conversations.map((c) => new Option(c.id + ' (' + c.owner + ')', c.id)));
  const c = conversation();
  if (!c) return;
  current = c.id;
  select.value = c.id;
  const contact = [];
  const agent = [];
  const tags = new Set();
  let choices = [];
  for (const e of c.timeline) {
    if (e.who === 'contact') {
      contact.push(item(e.text, 'you', 'mine'));
      agent.push(item(e.text, 'contact', ''));
    } else if (e.who === 'agent' && e.what === 'message') {
      contact.push(item(e.text, 'agent', ''));
      agent.push(item(e.text, 'you', 'mine'));
    } else if (e.who === 'bot' && e.what === 'reply') {
      contact.push(item(e.text, 'bot', 'bot'));
      agent.push(item(e.text, 'bot', 'bot'));
      choices = e.choices || [];
    } else if (e.who === 'bot' && e.what === 'note') {
      agent.push(item(e.text, 'private note', 'note'));
    } else if (e.who === 'bot' && e.what === 'tag') {
      for (const t of e.tags || []) tags.add(t);
    } else if (e.who === 'bot' && e.what === 'untag') {
      for (const t of e.tags || []) tags.delete(t);
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
  $('tags').replaceChildren(...[...tags].map((t) => Object.assign(document.createElement('span'), { textContent: t })));
  const owner = $('owner');
  owner.textContent = c.owner;
  owner.className = 'owner ' + c.owner;
  owner.dataset.owner = c.owner;
  $('take-over').disabled = c.owner === 'human';
  $('hand-back').disabled = c.owner === 'bot';
  const body = $('timeline').tBodies[0];
  body.replaceChildren(...c.timeline.map((e, i) => {
    const tr = document.createElement('tr');
    if (e.what === 'error') tr.className = 'error';
    tr.dataset.owner = e.owner;
    for (const v of [i + 1, e.who, e.what, e.text || '', e.owner, e.status || '']) {
      const td = document.createElement('td');
      td.textContent = String(v);
      tr.append(td);
    }
    tr.onclick = () => {
      const pre = $('payload');
      let text = e.payload || '';
      try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (_) {}
      pre.textContent = text || '(no payload: the platform sent the bot nothing)';
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
composer('agent-form', 'agent-input', 'agent');
$('take-over').onclick = () => post('takeover');
$('hand-back').onclick = () => post('handback');
$('resolve').onclick = () => post('resolve');
$('conversations').onchange = (event) => { current = event.target.value; render(); };
$('new-conversation').onclick = async () => {
  const res = await fetch('/api/conversations', { method: 'POST' });
  current = (await res.json()).id;
};
new EventSource('/events').onmessage = (event) => {
  state = JSON.parse(event.data);
  render();
};
`;
