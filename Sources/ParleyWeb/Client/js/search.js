// Search: the box in the top bar sends a `search` frame; the results panel lists each match with
// its snippet (matched words marked, never as HTML) and opens the conversation at the message.
// `searchFrame` and `snippetParts` are pure (tested under node).

/** The `search` frame for a query, or null when there is nothing to ask. */
export function searchFrame(query, id, cursor = null) {
  const q = (query || '').trim();
  if (!q) return null;
  const frame = { type: 'search', id, query: q, limit: 20 };
  if (cursor) frame.cursor = cursor;
  return frame;
}

/** Splits a snippet into plain and marked parts by its highlights ([start, end) in UTF-16 units). */
export function snippetParts(snippet, highlights) {
  const parts = [];
  let at = 0;
  for (const [start, end] of [...(highlights || [])].sort((a, b) => a[0] - b[0])) {
    if (start < at || end > snippet.length || start >= end) continue;
    if (start > at) parts.push({ text: snippet.slice(at, start), mark: false });
    parts.push({ text: snippet.slice(start, end), mark: true });
    at = end;
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), mark: false });
  return parts;
}

const $ = (id) => document.getElementById(id);

/**
 * ctx: { send(frame), conversationName(id), open(conversation, seq), openPanel(id), languageName(code) }
 * Returns { handle(frame) } for `search` replies and errors with a search id.
 */
export function wireSearch(ctx) {
  let counter = 0;
  let current = null; // { id, query, results, next }
  const form = $('search-form');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ask($('search-input').value, null);
  });
  $('search-more').addEventListener('click', () => { if (current && current.next) ask(current.query, current.next); });

  function ask(query, cursor) {
    const id = `search-${++counter}`;
    const frame = searchFrame(query, id, cursor);
    if (!frame) return;
    current = { id, query: frame.query, results: cursor && current ? current.results : [], next: null };
    $('search-status').textContent = 'Searching…';
    ctx.openPanel('search-panel');
    ctx.send(frame);
  }

  function draw() {
    const list = $('search-results');
    list.replaceChildren(...current.results.map((r) => {
      const m = r.message || {};
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'search-result';
      button.dataset.conversation = m.conversation;
      button.dataset.seq = String(m.seq);
      const where = document.createElement('span');
      where.className = 'search-where';
      const when = m.at ? new Date(m.at).toLocaleString() : '';
      where.textContent = `${ctx.conversationName(m.conversation)} · ${(m.sender && m.sender.name) || ''} · ${when}`;
      const text = document.createElement('span');
      text.className = 'search-snippet';
      for (const part of snippetParts(r.snippet || '', r.highlights)) {
        const node = part.mark ? document.createElement('mark') : document.createTextNode(part.text);
        if (part.mark) node.textContent = part.text;
        text.append(node);
      }
      button.append(where, text);
      if (r.matched && m.original && m.original.lang === r.matched && m.lang !== r.matched) {
        const note = document.createElement('span');
        note.className = 'search-matched';
        note.textContent = `matched in ${ctx.languageName(r.matched)}`;
        button.append(note);
      }
      button.addEventListener('click', () => ctx.open(m.conversation, m.seq));
      li.append(button);
      return li;
    }));
    $('search-status').textContent = current.results.length ? `${current.results.length} result${current.results.length === 1 ? '' : 's'}` : 'Nothing found.';
    $('search-more').hidden = !current.next;
  }

  return {
    handle(frame) {
      if (!current || frame.id !== current.id) return false;
      if (frame.type === 'error') {
        $('search-status').textContent = frame.message;
        return true;
      }
      current.results = current.results.concat(frame.results || []);
      current.next = frame.next || null;
      draw();
      return true;
    },
  };
}
