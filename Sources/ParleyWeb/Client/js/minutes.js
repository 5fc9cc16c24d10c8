// The minutes view: one meeting's minutes (title, date, summary, key points, decisions, action
// items with owner and due date, open questions, chapters, attendees with talk time), in the
// reader's language with the original one click away.

import { languageName } from './languages.js';

const LABELS = {
  en: { summary: 'Summary', keyPoints: 'Key points', decisions: 'Decisions', actionItems: 'Action items', owner: 'Owner',
    due: 'Due', item: 'Item', openQuestions: 'Open questions', chapters: 'Chapters', attendees: 'Attendees', talk: 'Talk time' },
  es: { summary: 'Resumen', keyPoints: 'Puntos clave', decisions: 'Decisiones', actionItems: 'Tareas', owner: 'Responsable',
    due: 'Fecha límite', item: 'Tarea', openQuestions: 'Preguntas abiertas', chapters: 'Capítulos', attendees: 'Asistentes', talk: 'Tiempo de palabra' },
  fr: { summary: 'Résumé', keyPoints: 'Points clés', decisions: 'Décisions', actionItems: 'Actions', owner: 'Responsable',
    due: 'Échéance', item: 'Action', openQuestions: 'Questions ouvertes', chapters: 'Chapitres', attendees: 'Participants', talk: 'Temps de parole' },
  zh: { summary: '摘要', keyPoints: '要点', decisions: '决定', actionItems: '待办事项', owner: '负责人', due: '截止日期', item: '事项',
    openQuestions: '待解决问题', chapters: '章节', attendees: '参会者', talk: '发言时长' },
};

export function labelsFor(lang) {
  return LABELS[String(lang || 'en').split('-')[0]] || LABELS.en;
}

function el(doc, tag, props = {}, children = []) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

function formatSeconds(s) {
  const m = Math.floor((s || 0) / 60);
  const r = Math.round((s || 0) % 60);
  return `${m}:${String(r).padStart(2, '0')}`;
}

/** Builds the minutes article for one minutes JSON (schema 1, docs/minutes.md). */
export function minutesArticle(doc, minutes, lang) {
  const L = labelsFor(lang);
  const article = el(doc, 'article', { class: 'minutes-doc', lang: lang || '' });
  article.append(el(doc, 'h2', { class: 'minutes-title', text: minutes.title || 'Meeting' }));
  if (minutes.date) article.append(el(doc, 'p', { class: 'minutes-date', text: minutes.date }));
  const section = (key, body) => {
    if (!body) return;
    const s = el(doc, 'section', { class: `minutes-${key}`, 'aria-label': L[key] });
    s.append(el(doc, 'h3', { text: L[key] }), body);
    article.append(s);
  };
  const list = (items, render) => (items && items.length ? el(doc, 'ul', {}, items.map((x) => el(doc, 'li', {}, [render(x)]))) : null);
  const text = (t) => doc.createTextNode(t);
  section('summary', minutes.summary && minutes.summary.length ? el(doc, 'p', { text: minutes.summary.join(' ') }) : null);
  section('keyPoints', list(minutes.keyPoints, (k) => text(k)));
  section('decisions', list(minutes.decisions, (d) => text(d.text)));
  if (minutes.actionItems && minutes.actionItems.length) {
    const table = el(doc, 'table', { class: 'action-items' });
    table.append(el(doc, 'thead', {}, [el(doc, 'tr', {}, [el(doc, 'th', { text: L.item, scope: 'col' }),
      el(doc, 'th', { text: L.owner, scope: 'col' }), el(doc, 'th', { text: L.due, scope: 'col' })])]));
    const body = el(doc, 'tbody');
    for (const a of minutes.actionItems) {
      body.append(el(doc, 'tr', { class: 'action-item' }, [el(doc, 'td', { class: 'ai-text', text: a.text }),
        el(doc, 'td', { class: 'ai-owner', text: a.owner || '–' }),
        el(doc, 'td', { class: 'ai-due', text: a.due ? (a.dueText ? `${a.due} (${a.dueText})` : a.due) : '–' })]));
    }
    table.append(body);
    section('actionItems', table);
  }
  section('openQuestions', list(minutes.openQuestions, (q) => text(q.text)));
  section('chapters', list(minutes.chapters, (c) => text(`${formatSeconds(c.start)} ${c.title}`)));
  section('attendees', list(minutes.attendees, (a) => text(`${a.name} · ${L.talk} ${formatSeconds(a.talkSeconds)}${a.share !== undefined ? ` (${Math.round(a.share * 100)}%)` : ''}`)));
  return article;
}

/**
 * Fills `container` with a minutes frame (`minutes`, `lang`, optional `original`), with a
 * "show original" toggle when the minutes were translated.
 */
export function showMinutes(container, frame, { original = false, onToggle = null } = {}) {
  const doc = container.ownerDocument;
  const useOriginal = original && frame.original;
  const minutes = useOriginal ? frame.original.minutes : frame.minutes;
  const lang = useOriginal ? frame.original.lang : frame.lang;
  container.replaceChildren();
  if (frame.original && onToggle) {
    const bar = el(doc, 'p', { class: 'translation-note' });
    bar.append(useOriginal ? `original in ${languageName(frame.original.lang)} · ` : `translated from ${languageName(frame.original.lang)} · `);
    const b = el(doc, 'button', { type: 'button', class: 'link-button toggle-original', text: useOriginal ? 'show translation' : 'show original' });
    b.addEventListener('click', () => onToggle(!useOriginal));
    bar.append(b);
    container.append(bar);
  }
  container.append(minutesArticle(doc, minutes || {}, lang));
}
