// The playground's page: static HTML, no build step, no CDN (it works offline).

/** The page's HTML. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>handoffkit playground</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header>
  <strong>handoffkit playground</strong>
  <span id="platform"></span>
  <span class="spacer"></span>
  <span id="live" title="Updates arrive over server-sent events">connecting…</span>
</header>
<main>
  <section class="pane list-pane" aria-label="Conversations">
    <h2>Conversations</h2>
    <ul id="conversations" class="conversations"></ul>
    <button id="new-conversation" type="button">New conversation</button>
  </section>
  <section class="pane" aria-label="Contact">
    <h2>Contact</h2>
    <ol id="contact-log" class="log"></ol>
    <div id="choices" class="choices"></div>
    <form id="contact-form" class="composer">
      <input id="contact-input" autocomplete="off" placeholder="Write as the contact">
      <button id="contact-send" type="submit">Send</button>
    </form>
  </section>
  <section class="pane" aria-label="Agent inbox">
    <h2>Agent inbox <span id="owner" class="owner"></span></h2>
    <div class="label-row">
      <div id="tags" class="tags" aria-label="Labels"></div>
      <form id="label-form" class="labels">
        <input id="label-input" autocomplete="off" placeholder="label (tag)">
        <button id="label-add" type="submit">Add label</button>
      </form>
    </div>
    <ol id="agent-log" class="log"></ol>
    <div class="controls">
      <button id="take-over" type="button">Take over</button>
      <button id="hand-back" type="button">Hand back</button>
      <button id="resolve" type="button">Resolve</button>
    </div>
    <form id="agent-form" class="composer">
      <input id="agent-input" autocomplete="off" placeholder="Write as the human agent">
      <label class="private"><input id="agent-private" type="checkbox"> private note</label>
      <button id="agent-send" type="submit">Send</button>
    </form>
  </section>
</main>
<section class="timeline-pane" aria-label="Timeline">
  <h2>Timeline <small>click a row for its raw payload</small></h2>
  <table id="timeline"><thead><tr><th>#</th><th>who</th><th>what</th><th>text</th><th>owner</th><th>status</th></tr></thead><tbody></tbody></table>
  <pre id="payload" hidden></pre>
</section>
<script src="/app.js"></script>
</body>
</html>
`;
