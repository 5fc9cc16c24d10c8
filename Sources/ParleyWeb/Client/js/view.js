// Draws the conversation list and the open conversation from the session's store. Every text
// from the server goes in through textContent or the sanitizing Markdown renderer.

import { layout } from './grouping.js';
import { renderMarkdown } from './markdown.js';
import { translationLabel } from './languages.js';

function el(tag, props = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k === 'hidden') e.hidden = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** The name a conversation goes by for this user (a direct conversation: the other person). */
export function conversationName(c, me) {
  if (c.kind === 'direct') {
    const parts = String(c.id).replace(/^d:/, '').split(':');
    const mine = `${me.id}@${me.tenant}`;
    const other = parts.find((p) => p !== mine) || parts[0] || c.title;
    const [id, tenant] = other.split('@');
    return tenant === me.tenant ? id : other;
  }
  return c.title || c.id;
}

const KIND_MARK = { group: '#', topics: '¶', direct: '@' };

export function renderConversationList(list, session, activeId) {
  const items = session.store.ordered().map((c) => {
    const name = conversationName(c, session.user);
    const unread = c.unread || 0;
    const button = el('button', { type: 'button', class: 'conversation-item', 'data-id': c.id, 'data-kind': c.kind },
      [el('span', { class: 'kind', 'aria-hidden': 'true', text: KIND_MARK[c.kind] || '#' }), el('span', { class: 'name', text: name }),
        unread > 0 ? el('span', { class: `badge${c.mentioned ? ' mentioned' : ''}`, text: c.mentioned ? `@${unread}` : String(unread),
          'aria-label': `${unread} unread${c.mentioned ? ', you were mentioned' : ''}` }) : null]);
    if (c.id === activeId) button.setAttribute('aria-current', 'true');
    button.setAttribute('aria-label', `${name}${c.kind === 'topics' ? ', topic group' : c.kind === 'direct' ? ', direct message' : ''}${unread ? `, ${unread} unread` : ''}`);
    return el('li', {}, [button]);
  });
  list.replaceChildren(...items);
}

function formatTime(at) {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** A time today, else the date and time (topics' last activity). */
function formatWhen(at, now = Date.now()) {
  const d = new Date(at);
  if (d.toDateString() === new Date(now).toDateString()) return formatTime(at);
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function formatDay(at) {
  return new Date(at).toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

/**
 * Draws the messages of `conversation` into `container`.
 * state: { originals: Set of "conv:seq" showing the original, topic: selected topic or null,
 *          mentions: Set of member ids, onToggle(key), onOpenMinutes(message), onSuggest(message) }
 */
export function renderMessages(container, session, conversation, state) {
  const c = session.store.conversations.get(conversation);
  const atBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 40;
  // Older messages are added above: keep what the reader looks at where it is.
  const fromBottom = container.scrollHeight - container.scrollTop;
  const filter = (m) => session.visibleMessage(m) && (!state.topic || m.topic === state.topic);
  const messages = session.store.list(conversation, filter);
  const blocks = layout(messages);
  const nodes = [];
  if (session.store.more.get(conversation)) {
    // Scrolling to the top loads the page before; the button does the same for a short list or a keyboard.
    const older = el('button', { type: 'button', class: 'link-button more-history', text: 'Load older messages' });
    older.addEventListener('click', () => session.loadOlder(conversation));
    nodes.push(el('p', { class: 'more-history' }, [older]));
  }
  for (const b of blocks) {
    if (b.type === 'day') {
      nodes.push(el('div', { class: 'day-separator', role: 'separator', 'aria-label': formatDay(b.at) }, [el('span', { text: formatDay(b.at) })]));
      continue;
    }
    const first = b.messages[0];
    const tenant = first.sender?.tenant && first.sender.tenant !== c?.tenant ? first.sender.tenant : null;
    const head = el('div', { class: 'run-head' }, [
      el('span', { class: 'sender', text: first.sender?.name || first.sender?.id || '?' }),
      tenant ? el('span', { class: 'tenant', text: `@${tenant}`, title: `from tenant ${tenant}` }) : null,
      first.kind === 'bot' ? el('span', { class: 'bot-tag', text: 'bot' }) : null,
      el('time', { datetime: new Date(first.at).toISOString(), text: formatTime(first.at) }),
    ]);
    const run = el('div', { class: 'run', role: 'group', 'aria-label': `${first.sender?.name || ''} ${formatTime(first.at)}` }, [head]);
    for (const m of b.messages) run.append(messageNode(m, session, state));
    nodes.push(run);
  }
  const pending = session.outbox.forConversation(conversation).filter((p) => !state.topic || p.topic === state.topic);
  for (const p of pending) {
    nodes.push(el('div', { class: 'run run-pending' }, [el('div', { class: 'message pending', 'data-client-id': p.id }, [
      el('div', { class: 'body', text: p.text }), el('span', { class: 'pending-label', text: 'sending…' })])]));
  }
  if (nodes.length === 0) nodes.push(el('p', { class: 'empty', text: 'No messages yet. Say hello.' }));
  container.replaceChildren(...nodes);
  if (atBottom || state.scrollToBottom) container.scrollTop = container.scrollHeight;
  else container.scrollTop = container.scrollHeight - fromBottom;
}

function messageNode(m, session, state) {
  const key = `${m.conversation}:${m.seq}`;
  const label = translationLabel(m);
  const showOriginal = label && (state.originals.has(key));
  const node = el('div', { class: `message${m.kind ? ` kind-${m.kind}` : ''}${m.local ? ' acked' : ''}`, 'data-seq': String(m.seq),
    title: new Date(m.at).toLocaleString() });
  if (m.clientId) node.setAttribute('data-client-id', m.clientId);
  if (m.topic && !state.topic) node.append(el('span', { class: 'topic-tag', text: `#${m.topic}` }));
  if (m.kind === 'minutes') {
    const title = (m.payload && m.payload.title) || 'Meeting';
    const open = el('button', { type: 'button', class: 'open-minutes', text: `Minutes: ${title} — open` });
    open.addEventListener('click', () => state.onOpenMinutes(m));
    node.append(open);
    return node;
  }
  if (m.deleted) {
    node.classList.add('deleted');
    node.append(el('div', { class: 'body deleted-placeholder', text: 'message deleted' }));
    return node;
  }
  if (m.replyTo) node.append(replyQuote(m, session, state));
  const body = el('div', { class: 'body', lang: showOriginal ? m.original.lang : (m.lang || '') });
  renderMarkdown(body, showOriginal ? m.original.text : m.text, { mentions: state.mentions, self: session.user.id });
  node.append(body);
  if (m.attachments && m.attachments.length && state.renderAttachments) node.append(state.renderAttachments(m));
  if (m.edited) node.append(el('span', { class: 'edited-mark', text: '(edited)', title: `edited ${new Date(m.edited).toLocaleString()}` }));
  const chips = reactionChips(m, session, state);
  if (chips) node.append(chips);
  if (state.onReact) node.append(actionMenu(m, session, state));
  if (m.kind === 'bot' && m.payload && typeof m.payload.followup === 'string' && state.onReminder) {
    // A follow-up reminder: its buttons answer for the follow-up (followups.js).
    const actions = el('div', { class: 'reminder-actions' });
    for (const [action, text] of [['done', 'Done'], ['snooze-day', 'Snooze 1 day'], ['snooze-week', 'Snooze 1 week']]) {
      const b = el('button', { type: 'button', class: 'reminder-action', 'data-action': action, text });
      b.addEventListener('click', () => state.onReminder(action, m.payload));
      actions.append(b);
    }
    node.append(actions);
  }
  if (label) {
    const note = el('div', { class: 'translation-note' }, [
      showOriginal ? `original in ${label.from} · ` : `translated from ${label.from} · `,
    ]);
    const toggle = el('button', { type: 'button', class: 'link-button toggle-original', text: showOriginal ? 'show translation' : 'show original',
      'aria-pressed': showOriginal ? 'true' : 'false' });
    toggle.addEventListener('click', () => state.onToggle(key));
    note.append(toggle);
    if (label.fallback) note.append(el('span', { class: 'fallback', text: ' · fallback engine', title: `engine: ${label.engine}` }));
    if (label.corrected) note.append(el('span', { class: 'corrected', text: ' · corrected by your team', title: 'from the translation memory' }));
    if (state.onSuggest && !showOriginal) {
      const suggest = el('button', { type: 'button', class: 'link-button suggest-translation', text: 'suggest a translation' });
      suggest.addEventListener('click', () => state.onSuggest(m));
      note.append(' · ', suggest);
    }
    node.append(note);
  }
  return node;
}

/** The excerpt of the message `m` answers, in the reader's language as held; a click jumps there. */
function replyQuote(m, session, state) {
  const original = session.store.messages.get(m.conversation)?.get(m.replyTo);
  let excerpt = `message #${m.replyTo}`;
  let who = '';
  if (original) {
    who = original.sender?.name || original.sender?.id || '';
    excerpt = original.deleted ? 'message deleted' : String(original.text || '').replace(/\s+/g, ' ');
    if (excerpt.length > 90) excerpt = `${excerpt.slice(0, 89)}…`;
  }
  const quote = el('button', { type: 'button', class: 'reply-quote', 'data-reply-to': String(m.replyTo), lang: original?.lang || '',
    'aria-label': `reply to ${who}: ${excerpt}; go to the message` }, [
    who ? el('span', { class: 'reply-sender', text: who }) : null, el('span', { class: 'reply-excerpt', text: excerpt })]);
  quote.addEventListener('click', () => state.onJump && state.onJump(m.conversation, m.replyTo));
  return quote;
}

/** One chip per emoji with its count; pressed when the reader reacted; a click toggles it. */
function reactionChips(m, session, state) {
  const entries = Object.entries(m.reactions || {}).filter(([, who]) => who.length > 0);
  if (entries.length === 0) return null;
  const me = `${session.user.id}@${session.user.tenant}`;
  const row = el('div', { class: 'reactions', role: 'group', 'aria-label': 'reactions' });
  for (const [emoji, who] of entries) {
    const mine = who.includes(me);
    const chip = el('button', { type: 'button', class: `reaction-chip${mine ? ' mine' : ''}`, 'data-emoji': emoji,
      'aria-pressed': mine ? 'true' : 'false', title: who.join(', '), 'aria-label': `${emoji} ${who.length}: ${who.join(', ')}` },
    [el('span', { class: 'emoji', text: emoji }), el('span', { class: 'count', text: String(who.length) })]);
    chip.addEventListener('click', () => state.onReact(m, emoji));
    row.append(chip);
  }
  return row;
}

/** Reactions the menu offers (any single emoji is accepted by the server). */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '👀'];

/** The hover menu (also reached with Tab): Edit and Delete for what the reader may change, Reply, React. */
function actionMenu(m, session, state) {
  const menu = el('div', { class: 'message-actions', role: 'toolbar', 'aria-label': 'message actions' });
  const add = (action, text, handler) => {
    const b = el('button', { type: 'button', class: 'message-action', 'data-action': action, text });
    b.addEventListener('click', handler);
    menu.append(b);
  };
  const mine = session.isMine(m);
  if (mine && (!m.kind || m.kind === 'text')) add('edit', 'Edit', () => state.onEdit(m));
  if (mine || state.isAdmin) add('delete', 'Delete', () => state.onDelete(m));
  add('reply', 'Reply', () => state.onReply(m));
  const palette = el('div', { class: 'reaction-palette', hidden: true });
  for (const emoji of QUICK_REACTIONS) {
    const b = el('button', { type: 'button', class: 'react-pick', 'data-emoji': emoji, text: emoji, 'aria-label': `react ${emoji}` });
    b.addEventListener('click', () => { palette.hidden = true; state.onReact(m, emoji); });
    palette.append(b);
  }
  add('react', 'React', () => {
    palette.hidden = !palette.hidden;
    if (!palette.hidden) palette.querySelector('button').focus();
  });
  menu.append(palette);
  return menu;
}

export function renderTopics(list, session, conversation, state) {
  const topics = [...(session.topics.get(conversation) || [])].sort((a, b) => b.lastAt - a.lastAt);
  const followed = session.followed(conversation);
  const all = el('button', { type: 'button', class: 'topic-select', 'data-topic': '', text: 'All followed' });
  if (!state.topic) all.setAttribute('aria-current', 'true');
  all.addEventListener('click', () => state.onSelectTopic(null));
  const items = [el('li', { class: 'topic-item' }, [all])];
  for (const t of topics) {
    const following = followed === null || followed.includes(t.name);
    const select = el('button', { type: 'button', class: 'topic-select', 'data-topic': t.name }, [
      el('span', { class: 'topic-name', text: `#${t.name}` }),
      el('time', { class: 'topic-last', datetime: new Date(t.lastAt).toISOString(), text: t.lastAt ? `last ${formatWhen(t.lastAt)}` : '' }),
    ]);
    if (state.topic === t.name) select.setAttribute('aria-current', 'true');
    select.addEventListener('click', () => state.onSelectTopic(t.name));
    const box = el('input', { type: 'checkbox', class: 'follow-topic', 'data-topic': t.name, 'aria-label': `follow #${t.name}` });
    box.checked = following;
    box.addEventListener('change', () => state.onToggleFollow(t.name, topics.map((x) => x.name)));
    items.push(el('li', { class: `topic-item${following ? '' : ' unfollowed'}` }, [el('label', { class: 'follow' }, [box, ' follow']), select]));
  }
  list.replaceChildren(...items);
}
