// Message text → safe DOM. Markdown by marked (Debian libjs-marked), sanitized by DOMPurify
// (Debian node-dompurify), both loaded as classic scripts before the modules. Raw HTML in a
// message is shown as text, never parsed; links keep only http(s)/mailto targets and open with
// rel="noopener noreferrer". Without the libraries the text is shown as plain text.

const SAFE_URL = /^(?:https?:|mailto:)/i;
const ALLOWED_TAGS = ['p', 'br', 'em', 'strong', 'del', 'code', 'pre', 'a', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span'];

export function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

let configured = false;

function configure(marked, purify) {
  if (configured) return;
  configured = true;
  marked.setOptions({ gfm: true, breaks: true, headerIds: false, mangle: false });
  marked.use({
    renderer: {
      // A message's HTML is text the sender typed, not markup.
      html(html) { return escapeHTML(typeof html === 'string' ? html : html.text); },
      link(href, title, text) {
        if (!href || !SAFE_URL.test(href)) return `${text} (${escapeHTML(href || '')})`;
        const t = title ? ` title="${escapeHTML(title)}"` : '';
        return `<a href="${escapeHTML(href)}"${t}>${text}</a>`;
      },
      image(href, title, text) { return escapeHTML(`![${text}](${href || ''})`); },
    },
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      if (!SAFE_URL.test(node.getAttribute('href') || '')) node.removeAttribute('href');
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
}

/** Wraps @id in a mention span where id is one of `names` (text nodes outside code and links). */
export function highlightMentions(root, names, self, doc = root.ownerDocument) {
  if (!names || names.size === 0) return;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.parentElement || !n.parentElement.closest('code, a, pre')) nodes.push(n);
  }
  const pattern = /@([\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}_.-]+)?)/gu;
  for (const node of nodes) {
    const text = node.nodeValue;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) continue;
    pattern.lastIndex = 0;
    const frag = doc.createDocumentFragment();
    let last = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const name = m[1].replace(/[.]+$/, '');
      if (!names.has(name)) continue;
      frag.append(text.slice(last, m.index));
      const span = doc.createElement('span');
      span.className = name === self ? 'mention mention-self' : 'mention';
      span.textContent = '@' + name;
      frag.append(span);
      last = m.index + 1 + name.length;
    }
    if (last === 0) continue;
    frag.append(text.slice(last));
    node.replaceWith(frag);
  }
}

/** Renders `text` into `element` (replacing its content). */
export function renderMarkdown(element, text, { mentions = null, self = null } = {}) {
  const marked = globalThis.marked;
  const purify = globalThis.DOMPurify;
  if (!marked || !purify || typeof marked.parse !== 'function') {
    element.textContent = text;
    element.classList.add('plain');
    return;
  }
  configure(marked, purify);
  const html = marked.parse(text);
  const fragment = purify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: ['href', 'title', 'class', 'target', 'rel'],
    RETURN_DOM_FRAGMENT: true });
  element.replaceChildren(fragment);
  highlightMentions(element, mentions, self);
}
