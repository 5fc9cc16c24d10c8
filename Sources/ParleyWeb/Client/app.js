// Parley's web client: boots from the token, connects, and wires the page to the session.
// Modules, one job each: token (sign-in), connection (socket, reconnect), session (protocol,
// resume), store/outbox/shelf (state), view/minutes/markdown (drawing), panels (settings, direct
// messages, transcript upload, administration), corrections (suggested translations), keys/prefs
// (input, storage).

import { adoptToken, forgetToken, claims, STORAGE_KEY } from './js/token.js';
import { Connection } from './js/connection.js';
import { ChatSession } from './js/session.js';
import { Prefs, toggleFollow } from './js/prefs.js';
import { composerAction, navigationStep } from './js/keys.js';
import { renderConversationList, renderMessages, renderTopics, conversationName } from './js/view.js';
import { showMinutes } from './js/minutes.js';
import { openPanel, closePanels, wirePanels } from './js/panels.js';
import { api } from './js/api.js';
import { mentionsIn } from './js/outbox.js';
import { FileLinks, PendingUploads, renderAttachments } from './js/attachments.js';
import { wireSearch } from './js/search.js';
import { wireFollowUps } from './js/followups.js';
import { wireCorrections } from './js/corrections.js';
import { wireWebhooks } from './js/webhooks.js';
import { languageName } from './js/languages.js';
import { providers, refreshAccess, renewDelay, signOut, drawProviders } from './js/signin.js';

const $ = (id) => document.getElementById(id);

const ui = {
  active: null, // conversation id on screen
  topic: null, // selected topic in a topic group
  originals: new Set(), // "conv:seq" showing the original
  mentions: new Map(), // conversation → Set of member ids
  minutesOriginal: false,
  minutesOpen: null,
  editing: null, // {conversation, seq}: the composer edits this message
  replyTo: null, // {conversation, seq}: the next message answers this one
};

let session = null;
let connection = null;
let prefs = null;
let token = null;
// Signed in through an identity provider: the token lives in memory and is renewed by /auth/refresh.
let renewing = null;
let providerSession = false;

function showSignIn(reason) {
  $('app').hidden = true;
  $('signin').hidden = false;
  const r = $('signin-reason');
  r.hidden = !reason;
  r.textContent = reason ? `Signed out: ${reason}. Sign in again.` : '';
  document.title = 'Sign in · Parley';
  providers().then((list) => {
    drawProviders($('signin-providers'), list);
    // With a provider, pasted tokens are an administrator's tool only.
    $('signin-form').hidden = list.length > 0;
    document.querySelector('#signin .hint').hidden = list.length > 0;
    if (list.length === 0) $('signin-token').focus();
  });
}

/** Renews the access token a minute before it expires; an ended session shows the sign-in page. */
function scheduleRenewal() {
  clearTimeout(renewing);
  const exp = (claims(token) || {}).exp;
  if (!exp) return;
  renewing = setTimeout(async () => {
    const grant = await refreshAccess();
    if (grant.token) {
      token = grant.token;
      scheduleRenewal();
    } else if (grant.retry) {
      // Offline: try again soon; the open socket keeps working meanwhile.
      renewing = setTimeout(scheduleRenewal, 5000);
    } else {
      if (connection) connection.stop();
      connection = null;
      showSignIn(grant.message);
    }
  }, renewDelay(exp));
}

async function boot() {
  token = adoptToken();
  if (!token) {
    const grant = await refreshAccess();
    if (!grant.token) return showSignIn(null);
    token = grant.token;
    providerSession = true;
    scheduleRenewal();
  }
  const c = claims(token) || {};
  prefs = new Prefs(`${c.sub || 'user'}@${c.tenant || ''}`);
  $('signin').hidden = true;
  $('app').hidden = false;
  $('open-admin').hidden = !c.admin;
  session = new ChatSession({
    send: (f) => connection.send(f),
    prefs,
    onChange: changed,
    onNotify: notify,
    onSearch: (frame) => search.handle(frame),
    onTranslation: (frame) => corrections.handle(frame),
    onFollowUp: (frame) => followUps.handle(frame),
    onError: (frame, failed) => {
      if (failed) flash(`Not sent: ${frame.message}`);
      else if (frame.code !== 'unauthorized') console.warn('parley error', frame);
    },
  });
  session.visible = document.visibilityState === 'visible';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  connection = new Connection({
    url: `${scheme}://${location.host}/ws`,
    token: () => token,
    onFrame: (f) => session.handle(f),
    onStatus: status,
    onUnauthorized: async (reason) => {
      // An expired access token (a laptop that slept): one refresh, then the socket again.
      // A deactivated account is told so, not refreshed.
      if (providerSession && !/deactivated/.test(reason || '')) {
        const grant = await refreshAccess();
        if (grant.token) {
          token = grant.token;
          scheduleRenewal();
          connection.start();
          return;
        }
        reason = grant.message || reason;
      }
      forgetToken();
      connection = null;
      showSignIn(reason);
    },
  });
  connection.start();
}

// MARK: connection state

function status(s) {
  const node = $('status');
  node.dataset.state = s.status;
  if (s.status === 'online') node.textContent = 'connected';
  else if (s.status === 'connecting') node.textContent = 'connecting…';
  else node.textContent = `offline — reconnecting in ${Math.ceil(s.retryIn / 1000)} s`;
  document.body.classList.toggle('offline', s.status !== 'online');
}

let flashTimer = null;
function flash(text) {
  const node = $('status');
  node.dataset.flash = text;
  node.textContent = text;
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => { delete node.dataset.flash; }, 4000);
}

// MARK: drawing

function changed(what) {
  if (what.welcome) {
    const me = session.user;
    $('me').textContent = `${me.name} (${me.id}@${me.tenant}, ${me.lang})`;
    if (!ui.active) {
      const first = session.store.ordered()[0];
      if (first) open(first.id, { focus: false });
      else $('messages').querySelector('.empty').textContent = 'No conversations yet: an administrator adds you to groups, or start a direct message.';
    }
  }
  if (what.opened) open(what.opened);
  drawList();
  if (what.minutes || what.welcome) drawMeetings();
  // A corrected version of the minutes on screen replaces them there.
  if (what.minutes && ui.minutesOpen && ui.minutesOpen.meeting === what.minutes && !$('minutes-panel').hidden) {
    ui.minutesOpen = session.shelf.get(what.minutes);
    drawMinutes();
  }
  if (ui.active && (!what.conversation || what.conversation === ui.active || what.settings)) drawConversation();
  if (ui.active && what.conversation === ui.active && what.message && session.visible) session.markRead(ui.active);
  document.title = titleWithUnread();
}

function titleWithUnread() {
  const n = session.store.totalUnread();
  return n > 0 ? `(${n}) Parley` : 'Parley';
}

function drawList() {
  renderConversationList($('conversation-list'), session, ui.active);
}

function drawMeetings() {
  const items = session.shelf.list().map((f) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'meeting-item';
    b.dataset.meeting = f.meeting;
    b.textContent = f.title || f.minutes?.title || f.meeting;
    b.addEventListener('click', () => openMinutes(f));
    const li = document.createElement('li');
    li.append(b);
    return li;
  });
  $('meeting-list').replaceChildren(...items);
}

function drawConversation() {
  const c = session.store.conversations.get(ui.active);
  if (!c) return;
  $('conv-title').textContent = conversationName(c, session.user);
  const kind = c.kind === 'topics' ? 'topic group' : c.kind === 'direct' ? 'direct message' : 'group';
  $('conv-meta').textContent = `${kind}${c.tenant && c.tenant !== session.user.tenant ? ` · owned by ${c.tenant}` : ''}`;
  const isTopics = c.kind === 'topics';
  $('topic-bar').hidden = !isTopics;
  $('topic-input').hidden = !isTopics;
  $('topic-label').hidden = !isTopics;
  if (isTopics) {
    renderTopics($('topic-list'), session, c.id, {
      topic: ui.topic,
      onSelectTopic: (t) => { ui.topic = t; if (t) $('topic-input').value = t; drawConversation(); },
      onToggleFollow: (t, known) => session.setFollowed(c.id, toggleFollow(session.followed(c.id), t, known)),
    });
  }
  renderMessages($('messages'), session, c.id, {
    originals: ui.originals,
    topic: isTopics ? ui.topic : null,
    mentions: ui.mentions.get(c.id) || new Set([session.user.id]),
    scrollToBottom: ui.scrollToBottom,
    onToggle: (key) => { if (ui.originals.has(key)) ui.originals.delete(key); else ui.originals.add(key); drawConversation(); },
    onOpenMinutes: (m) => openMinutesMessage(m),
    onSuggest: (m) => corrections.suggest(m),
    onReminder: (action, payload) => followUps.remind(action, payload),
    isAdmin: !!(claims(token) || {}).admin,
    onEdit: (m) => startEdit(m),
    onDelete: (m) => {
      if (confirm('Delete this message for everyone?')) session.act('delete', m.conversation, m.seq);
    },
    onReply: (m) => {
      ui.editing = null;
      ui.replyTo = { conversation: m.conversation, seq: m.seq };
      showContext(`Replying to ${m.sender?.name || m.sender?.id || ''}: ${String(m.text || '').slice(0, 60)}`);
      $('composer-text').focus();
    },
    onReact: (m, emoji) => session.act('react', m.conversation, m.seq, emoji),
    onJump: (conversation, seq) => openAt(conversation, seq),
    renderAttachments: (m) => renderAttachments(m, fileLinks),
  });
  ui.scrollToBottom = false;
  drawTyping();
}

/** "Ana is typing…" under the messages, while typing frames keep coming (they last 5 s). */
function drawTyping() {
  const names = ui.active ? session.typingNames(ui.active) : [];
  $('typing-line').textContent = names.length === 0 ? '' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
  clearTimeout(ui.typingTimer);
  if (names.length) ui.typingTimer = setTimeout(drawTyping, 1000);
}

function open(id, { focus = true } = {}) {
  if (ui.active && ui.active !== id) {
    cancelContext();
    prefs.setDraft(ui.active, $('composer-text').value);
  }
  const changedConversation = ui.active !== id;
  ui.active = id;
  session.active = id;
  if (changedConversation) {
    ui.topic = null;
    if (uploads) uploads.clear(); // they were uploaded to the conversation left
    $('composer-text').value = prefs.draft(id);
    $('topic-input').value = '';
    ui.scrollToBottom = true;
    loadMembers(id);
  }
  $('composer').hidden = false;
  session.markRead(id);
  document.body.classList.remove('sidebar-open');
  $('menu-button').setAttribute('aria-expanded', 'false');
  drawList();
  drawConversation();
  document.title = titleWithUnread();
  if (focus) $('composer-text').focus();
}

async function loadMembers(id) {
  try {
    const r = await api(token, 'GET', `/api/v1/conversations/${encodeURIComponent(id)}/members`);
    if (r.ok) {
      ui.mentions.set(id, new Set(r.body.members.map((m) => m.id)));
      if (ui.active === id) drawConversation();
    }
  } catch { /* mentions stay limited to the reader's own id */ }
}

// MARK: minutes

function openMinutes(frame) {
  ui.minutesOpen = frame;
  ui.minutesOriginal = false;
  drawMinutes();
  followUps.showMeeting(frame.meeting);
  openPanel('minutes-panel');
}

function drawMinutes() {
  showMinutes($('minutes-view'), ui.minutesOpen, {
    original: ui.minutesOriginal,
    onToggle: (o) => { ui.minutesOriginal = o; drawMinutes(); },
  });
}

/** A minutes message in a group: the localized minutes frame when held, else its payload as sent. */
function openMinutesMessage(m) {
  const title = m.payload?.title;
  const held = session.shelf.list().find((f) => (f.minutes?.title || f.title) === title || f.original?.minutes?.title === title);
  openMinutes(held || { meeting: `msg-${m.seq}`, version: 1, lang: m.payload?.language || m.lang, minutes: m.payload, title });
}

// MARK: notifications

function notify(event) {
  if (!session.visible || event.kind === 'minutes') {
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.visibilityState === 'hidden') {
      const body = event.kind === 'minutes' ? `Minutes: ${event.frame.title || ''}` : `${event.message.sender?.name}: ${event.message.text}`;
      try { new Notification('Parley', { body, tag: event.kind === 'minutes' ? event.frame.meeting : event.message.conversation }); } catch { /* not allowed here */ }
    }
  }
  if (event.kind === 'minutes') flash(`New minutes: ${event.frame.title || event.frame.meeting}`);
  if (event.kind === 'mention') {
    flash(`${event.message.sender?.name || event.message.sender?.id} mentioned you`);
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && session.visible) {
      try { new Notification('Parley', { body: `${event.message.sender?.name}: ${event.message.text}`, tag: `mention-${event.message.seq}` }); } catch { /* not allowed here */ }
    }
  }
}

// MARK: edit and reply

function showContext(text) {
  $('composer-context').hidden = !text;
  $('composer-context-text').textContent = text || '';
}

/** Puts message `m` (one's own) into the composer; Enter saves the edit, Esc cancels. */
function startEdit(m) {
  ui.replyTo = null;
  ui.editing = { conversation: m.conversation, seq: m.seq, draft: $('composer-text').value };
  $('composer-text').value = m.original ? m.original.text : m.text;
  showContext('Editing your message');
  $('composer-text').focus();
}

function cancelContext() {
  if (!ui.editing && !ui.replyTo) return false;
  if (ui.editing) $('composer-text').value = ui.editing.draft || '';
  ui.editing = null;
  ui.replyTo = null;
  showContext(null);
  return true;
}

// MARK: events

// MARK: files

const fileLinks = new FileLinks(async (id) => {
  const r = await api(token, 'GET', `/api/v1/files/${encodeURIComponent(id)}/link`);
  if (!r.ok) throw new Error((r.body && r.body.message) || `link failed (${r.status})`);
  return r.body;
});
let uploads = null;

function attach(files) {
  if (!ui.active || !files || files.length === 0) return;
  uploads.add(ui.active, [...files]);
}

function wireFiles() {
  uploads = new PendingUploads($('composer-files'), { token: () => token, onError: (m) => flash(m) });
  $('attach-button').addEventListener('click', () => $('attach-input').click());
  $('attach-input').addEventListener('change', () => { attach($('attach-input').files); $('attach-input').value = ''; });
  for (const zone of [$('messages'), $('composer')]) {
    zone.addEventListener('dragover', (e) => { if (e.dataTransfer && [...e.dataTransfer.types].includes('Files')) { e.preventDefault(); zone.classList.add('dropping'); } });
    zone.addEventListener('dragleave', () => zone.classList.remove('dropping'));
    zone.addEventListener('drop', (e) => {
      zone.classList.remove('dropping');
      if (!e.dataTransfer || e.dataTransfer.files.length === 0) return;
      e.preventDefault();
      attach(e.dataTransfer.files);
    });
  }
  $('composer-text').addEventListener('paste', (e) => {
    const images = [...(e.clipboardData?.files || [])].filter((f) => f.type.startsWith('image/'));
    if (images.length) { e.preventDefault(); attach(images); }
  });
}

function send() {
  let text = $('composer-text').value;
  if (ui.editing) {
    const { conversation, seq, draft } = ui.editing;
    if (!text.trim()) { flash('An edit needs some text; delete the message instead.'); return; }
    session.act('edit', conversation, seq, text);
    ui.editing = null;
    showContext(null);
    $('composer-text').value = draft || '';
    return;
  }
  if (!ui.active) return;
  if (uploads.busy) { flash('Wait for the files to finish uploading (or cancel them).'); return; }
  const files = uploads.files();
  if (!text.trim() && files.length) text = files.map((f) => f.name).join(', ');
  if (!text.trim()) return;
  const c = session.store.conversations.get(ui.active);
  let topic = null;
  if (c.kind === 'topics') {
    topic = ($('topic-input').value || ui.topic || '').trim().replace(/^#/, '');
    if (!topic) { flash('A topic group needs a topic: type one beside the message.'); $('topic-input').focus(); return; }
  }
  const replyTo = ui.replyTo && ui.replyTo.conversation === ui.active ? ui.replyTo.seq : null;
  ui.replyTo = null;
  showContext(null);
  const mentions = mentionsIn(text, ui.mentions.get(ui.active));
  session.post({ conversation: ui.active, text, topic, replyTo, mentions, files });
  uploads.clear();
  $('composer-text').value = '';
  prefs.setDraft(ui.active, '');
  ui.scrollToBottom = true;
  drawConversation();
}

function wire() {
  $('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const t = $('signin-token').value.trim().replace(/^.*#token=/, '');
    if (!t) return;
    sessionStorage.setItem(STORAGE_KEY, t);
    location.reload();
  });
  $('sign-out').addEventListener('click', async () => {
    forgetToken();
    clearTimeout(renewing);
    if (connection) connection.stop();
    const provider = providerSession ? await signOut() : null;
    if (provider) location.assign(provider); else location.reload();
  });
  $('conversation-list').addEventListener('click', (e) => {
    const b = e.target.closest('.conversation-item');
    if (b) open(b.dataset.id);
  });
  $('composer-text').addEventListener('keydown', (e) => {
    const action = composerAction(e);
    if (action === 'send') { e.preventDefault(); send(); return; }
    // Up in an empty composer edits one's last message (as in Slack and Zulip); Esc leaves the edit or reply.
    if (e.key === 'ArrowUp' && !e.altKey && !e.shiftKey && !e.ctrlKey && !e.metaKey && !$('composer-text').value && ui.active && session) {
      const last = session.store.lastOwn(ui.active, session.user);
      if (last) { e.preventDefault(); startEdit(last); }
      return;
    }
    if (e.key === 'Escape' && cancelContext()) { e.preventDefault(); e.stopPropagation(); }
  });
  $('composer-text').addEventListener('input', () => {
    if (!ui.active) return;
    prefs.setDraft(ui.active, $('composer-text').value);
    if ($('composer-text').value && !ui.editing) session.typing(ui.active);
  });
  $('composer').addEventListener('submit', (e) => { e.preventDefault(); send(); });
  $('composer-context-cancel').addEventListener('click', () => { cancelContext(); $('composer-text').focus(); });
  wireFiles();
  $('messages').addEventListener('scroll', () => {
    if ($('messages').scrollTop < 40 && ui.active) session.loadOlder(ui.active);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      if (closePanels()) { e.preventDefault(); return; }
      if (document.body.classList.contains('sidebar-open')) { document.body.classList.remove('sidebar-open'); e.preventDefault(); }
      return;
    }
    const step = navigationStep(e);
    if (step && session) {
      const list = session.store.ordered();
      const i = list.findIndex((c) => c.id === ui.active);
      const next = list[(i + step + list.length) % list.length];
      if (next) { e.preventDefault(); open(next.id); }
    }
  });
  document.addEventListener('visibilitychange', () => {
    if (!session) return;
    session.visible = document.visibilityState === 'visible';
    if (session.visible && ui.active) { session.markRead(ui.active); drawList(); document.title = titleWithUnread(); }
  });
  $('menu-button').addEventListener('click', () => {
    const open = document.body.classList.toggle('sidebar-open');
    $('menu-button').setAttribute('aria-expanded', String(open));
  });
}

/** Opens a conversation at one message (a search result), loading older pages until it is there. */
function openAt(conversation, seq) {
  closePanels();
  open(conversation, { focus: false });
  let asked = null;
  let tries = 0;
  const look = () => {
    const node = document.querySelector(`#messages [data-seq="${Number(seq)}"]`);
    if (node) {
      node.classList.add('found');
      node.scrollIntoView({ block: 'center' });
      setTimeout(() => node.classList.remove('found'), 4000);
      return;
    }
    const oldest = session.store.oldestSeq(conversation);
    if (oldest !== null && oldest > seq && oldest !== asked) { asked = oldest; session.loadOlder(conversation); }
    if (++tries < 40) setTimeout(look, 150);
    else flash('That message could not be loaded; scroll up to find it.');
  };
  requestAnimationFrame(look);
}

wire();
const search = wireSearch({
  send: (f) => connection && connection.send(f),
  conversationName: (id) => {
    const c = session && session.store.conversations.get(id);
    return c ? conversationName(c, session.user) : id;
  },
  open: openAt,
  openPanel,
  languageName,
});
const followUps = wireFollowUps({
  send: (f) => connection && connection.send(f),
  me: () => (session && session.user ? `${session.user.id}@${session.user.tenant}` : ''),
  openPanel,
  flash,
});
const corrections = wireCorrections({
  send: (f) => connection && connection.send(f),
  session: () => session,
  token: () => token,
  openPanel,
  closePanels,
  flash,
  languageName,
});
const webhooks = wireWebhooks({ token: () => token });
$('open-admin').addEventListener('click', () => webhooks.load());
wirePanels({
  session: () => session,
  connection: () => connection,
  token: () => token,
  flash,
  showMinutes: (frame) => {
    if (session.shelf.offer(frame)) drawMeetings();
    openMinutes(session.shelf.get(frame.meeting));
  },
  resetOriginals: () => ui.originals.clear(),
});
boot();
