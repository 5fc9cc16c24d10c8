// Corrections (docs/protocol.md, "Translation corrections"): a reader suggests a better rendering of
// a translated message (`translation.suggest`, from a small form prefilled with what they read); an
// administrator lists the tenant's pending suggestions and accepts or rejects each
// (`translation.suggestions`, `translation.accept`, `translation.reject`) and downloads the memory
// (GET /api/v1/translation/memory.tsv|.tmx). Every text goes in through textContent.
// `suggestFrame` and `isSuggestionReply` are pure (tested under node).

import { api } from './api.js';

/** The `translation.suggest` frame for message `m` read in `lang`, or null when there is nothing new to say. */
export function suggestFrame(m, lang, text, id) {
  const t = (text || '').trim();
  if (!m || !m.original || !t || !lang || t === (m.text || '').trim()) return null;
  return { type: 'translation.suggest', id, conversation: m.conversation, seq: m.seq, lang, text: t };
}

/** Whether a frame answers one of this module's requests. */
export function isSuggestionReply(frame) {
  return typeof frame.type === 'string' && (frame.type.startsWith('translation.') || (frame.type === 'error' && String(frame.id || '').startsWith('tr-')));
}

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * ctx: { send(frame), session(), token(), openPanel(id), closePanels(), flash(text), languageName(code) }
 * Returns { suggest(message), handle(frame) }.
 */
export function wireCorrections(ctx) {
  let counter = 0;
  let editing = null; // the message being corrected
  const rid = (kind) => `tr-${kind}-${++counter}`;

  $('suggest-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const lang = ctx.session().user?.lang;
    const frame = suggestFrame(editing, lang, $('suggest-text').value, rid('suggest'));
    if (!frame) { $('suggest-status').textContent = 'Change the translation first.'; return; }
    $('suggest-status').textContent = 'Sending…';
    ctx.send(frame);
  });

  $('load-suggestions').addEventListener('click', () => list());
  for (const format of ['tsv', 'tmx']) {
    $(`export-${format}`).addEventListener('click', () => download(format));
  }

  function list() {
    $('suggestion-status').textContent = 'Loading…';
    ctx.send({ type: 'translation.suggestions', id: rid('list') });
  }

  async function download(format) {
    const response = await fetch(`/api/v1/translation/memory.${format}`, { headers: { Authorization: `Bearer ${ctx.token()}` } });
    if (!response.ok) {
      const r = await api(ctx.token(), 'GET', `/api/v1/translation/memory.${format}`).catch(() => null);
      $('suggestion-status').textContent = `Export refused: ${r?.body?.message || response.status}`;
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `translation-memory.${format}`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function draw(suggestions) {
    const items = suggestions.map((s) => {
      const li = el('li', 'suggestion-item');
      li.dataset.suggestion = s.id;
      li.append(el('div', 'suggestion-where', `${s.author} · ${ctx.languageName(s.source)} → ${ctx.languageName(s.lang)} · message ${s.seq}`));
      li.append(el('div', 'suggestion-source', s.sourceText));
      li.append(el('div', 'suggestion-text', s.text));
      const actions = el('div', 'panel-actions');
      const accept = el('button', 'accept-suggestion', 'Accept');
      const reject = el('button', 'reject-suggestion', 'Reject');
      for (const [button, type] of [[accept, 'translation.accept'], [reject, 'translation.reject']]) {
        button.type = 'button';
        button.addEventListener('click', () => {
          accept.disabled = true;
          reject.disabled = true;
          ctx.send({ type, id: rid('decide'), suggestion: s.id });
        });
      }
      actions.append(accept, ' ', reject);
      li.append(actions);
      return li;
    });
    $('suggestion-list').replaceChildren(...items);
    $('suggestion-status').textContent = suggestions.length ? `${suggestions.length} waiting` : 'No suggestions waiting.';
  }

  return {
    /** Opens the form for message `m`, prefilled with the rendering the reader sees. */
    suggest(m) {
      editing = m;
      $('suggest-original').textContent = m.original?.text || '';
      $('suggest-original').lang = m.original?.lang || '';
      $('suggest-text').value = m.text || '';
      $('suggest-text').lang = ctx.session().user?.lang || '';
      $('suggest-status').textContent = '';
      ctx.openPanel('suggest-panel');
    },

    handle(frame) {
      if (!isSuggestionReply(frame)) return false;
      switch (frame.type) {
        case 'translation.suggested': {
          const accepted = frame.suggestion?.state === 'accepted';
          ctx.closePanels();
          ctx.flash(accepted ? 'Translation corrected: the next messages like it read your way.'
            : 'Suggestion sent: an administrator will review it.');
          return true;
        }
        case 'translation.suggestions':
          draw(frame.suggestions || []);
          return true;
        case 'translation.decided': {
          const s = frame.suggestion || {};
          const item = document.querySelector(`#suggestion-list [data-suggestion="${CSS.escape(s.id || '')}"]`);
          if (item) item.remove();
          const left = document.querySelectorAll('#suggestion-list .suggestion-item').length;
          $('suggestion-status').textContent = `${s.state === 'accepted' ? 'Accepted' : 'Rejected'}: ${s.text || ''}${left ? ` · ${left} waiting` : ''}`;
          return true;
        }
        case 'error':
          if (String(frame.id).startsWith('tr-suggest')) $('suggest-status').textContent = frame.message;
          else $('suggestion-status').textContent = frame.message;
          if (String(frame.id).startsWith('tr-decide')) list();
          return true;
        default:
          return false;
      }
    },
  };
}
