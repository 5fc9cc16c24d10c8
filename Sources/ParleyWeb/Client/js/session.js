// The protocol conversation on top of a Connection: what to subscribe after `welcome` (every
// conversation resumed from its cursor), re-sending pending sends with their ids, applying
// server frames to the store. No DOM: the page listens to `onChange`.

import { ChatStore, ACTIONS } from './store.js';
import { Outbox, newClientId } from './outbox.js';
import { MinutesShelf } from './shelf.js';

const TYPING_EVERY_MS = 3000;
const TYPING_SHOWN_MS = 5000;

export class ChatSession {
  constructor({ send, prefs = null, onChange = () => {}, onNotify = () => {}, onError = () => {}, onSearch = () => {},
    onTranslation = () => {}, onFollowUp = () => {} }) {
    this.send = send; // (frame) => bool
    this.prefs = prefs;
    this.onChange = onChange;
    this.onNotify = onNotify;
    this.onError = onError;
    this.onSearch = onSearch;
    this.onTranslation = onTranslation; // translation.* replies and their errors (corrections.js)
    this.onFollowUp = onFollowUp; // followups / followup frames and their errors (followups.js)
    this.store = new ChatStore();
    this.outbox = new Outbox(prefs ? { storage: prefs.storage, key: `parley.outbox.${prefs.user}` } : null);
    this.shelf = new MinutesShelf();
    this.user = null;
    this.translate = true;
    this.topics = new Map(); // conversation → [{name, lastSeq, lastAt, count}]
    this.active = null; // the conversation on screen
    this.visible = true; // the tab is visible
    this.requests = 0;
    this.loadingHistory = new Set();
    this.actions = new Map(); // request id → the edit, delete or react sent, applied at its ack
    this.typists = new Map(); // conversation → Map(name → until (ms))
    this.typingSent = new Map(); // conversation → when this client last said it was typing
  }

  rid(prefix) { this.requests += 1; return `${prefix}-${this.requests}`; }

  followed(id) { return this.prefs ? this.prefs.followed(id) : null; }

  /** Whether a message is shown at all: topic groups show only followed topics. */
  visibleMessage(m) {
    const c = this.store.conversations.get(m.conversation);
    if (!c || c.kind !== 'topics' || !m.topic) return true;
    const f = this.followed(m.conversation);
    return f === null || f.includes(m.topic);
  }

  /** Subscribes one conversation, resuming from its cursor, with its followed topics. */
  subscribe(id) {
    const c = this.store.conversations.get(id);
    const frame = { type: 'subscribe', id: this.rid('sub'), conversation: id };
    const since = this.store.resumePoint(id);
    if (since !== null) frame.since = since;
    const f = c && c.kind === 'topics' ? this.followed(id) : null;
    if (f !== null) frame.topics = f;
    this.send(frame);
    if (since === null) this.loadHistory(id);
    if (c && c.kind === 'topics') this.send({ type: 'topics', id: this.rid('topics'), conversation: id });
  }

  loadHistory(id, before = null) {
    if (this.loadingHistory.has(id)) return;
    const frame = { type: 'history', id: this.rid('hist'), conversation: id, limit: 50 };
    if (before !== null) frame.before = before;
    if (this.send(frame)) this.loadingHistory.add(id);
  }

  /** Scrolling up: the page before the oldest message held. */
  loadOlder(id) {
    if (this.store.more.get(id) === false) return;
    const oldest = this.store.oldestSeq(id);
    if (oldest !== null && oldest > 1) this.loadHistory(id, oldest);
  }

  /**
   * `edit`, `delete` or `react` on message `seq`. The server sends the event to everyone but this
   * session, which applies it at the ack (with the event's seq).
   */
  act(kind, conversation, seq, value) {
    const id = newClientId();
    const frame = { type: kind, id, conversation, seq };
    if (kind === 'edit') frame.text = value;
    if (kind === 'react') frame.emoji = value;
    this.actions.set(id, frame);
    if (!this.send(frame)) { this.actions.delete(id); return false; }
    return true;
  }

  /** The event an acked action stands for, as the other readers receive it. */
  ackedAction(frame, ack) {
    const kind = frame.type === 'react' ? 'reaction' : frame.type;
    const e = { conversation: frame.conversation, seq: ack.seq, at: ack.at, kind, target: frame.seq,
      sender: { id: this.user.id, name: this.user.name, tenant: this.user.tenant }, lang: this.user.lang, text: '' };
    if (kind === 'edit') e.text = frame.text;
    if (kind === 'reaction') {
      e.text = frame.emoji;
      const target = this.store.messages.get(frame.conversation)?.get(frame.seq);
      const me = `${this.user.id}@${this.user.tenant}`;
      e.payload = { on: !((target?.reactions || {})[frame.emoji] || []).includes(me) };
    }
    return e;
  }

  /** `files`: the uploads' {id, name, size, type}, sent as their ids and shown on the acked message. */
  post({ conversation, text, topic, replyTo = null, mentions = [], files }) {
    const p = this.outbox.add({ id: newClientId(), conversation, text, topic: topic || undefined, replyTo: replyTo ?? undefined,
      mentions: mentions.length ? mentions : undefined,
      attachments: files && files.length ? files.map((f) => f.id) : undefined, files: files && files.length ? files : undefined,
      createdAt: Date.now() });
    this.send(this.outbox.frames().find((f) => f.id === p.id));
    this.onChange({ conversation });
    return p;
  }

  markRead(id) {
    const c = this.store.conversations.get(id);
    if (!c) return;
    const seq = Math.max(c.cursor || 0, c.lastSeq || 0);
    if (seq > 0 && (c.unread || 0) > 0) this.send({ type: 'read', id: this.rid('read'), conversation: id, seq });
    c.unread = 0;
    c.mentioned = false;
  }

  handle(frame) {
    switch (frame.type) {
      case 'welcome': return this.welcome(frame);
      case 'subscribed':
        if (frame.conversation !== '*') this.store.subscribed(frame.conversation, frame.lastSeq);
        return;
      case 'message': return this.message(frame, true);
      case 'history': {
        this.loadingHistory.delete(frame.conversation);
        for (const m of frame.messages) this.store.addMessage(m, { live: false });
        this.store.more.set(frame.conversation, !!frame.more);
        return this.onChange({ conversation: frame.conversation, history: true });
      }
      case 'ack': {
        const action = this.actions.get(frame.id);
        if (action) {
          this.actions.delete(frame.id);
          this.store.addMessage(this.ackedAction(action, frame), { live: false });
          return this.onChange({ conversation: frame.conversation });
        }
        const p = this.outbox.acked(frame);
        if (p) {
          this.store.addAcked({ conversation: p.conversation, seq: p.seq, at: p.at, topic: p.topic, text: p.text,
            sender: { id: this.user.id, name: this.user.name }, lang: this.user.lang, clientId: p.id, replyTo: p.replyTo, attachments: p.files });
        }
        return this.onChange({ conversation: frame.conversation });
      }
      case 'conversation': {
        // The reply to `direct`: the summary is nested, so its id never collides with the request id.
        const c = frame.conversation;
        this.store.upsertConversation(c);
        this.subscribe(c.id);
        return this.onChange({ list: true, opened: c.id });
      }
      case 'conversations':
        for (const c of frame.conversations) {
          const held = this.store.conversations.get(c.id);
          const known = held && !held.placeholder;
          this.store.upsertConversation({ ...c, placeholder: false });
          if (!known) {
            this.subscribe(c.id);
            if (this.store.resumePoint(c.id) !== null) this.loadHistory(c.id);
          }
        }
        return this.onChange({ list: true });
      case 'topics':
        this.topics.set(frame.conversation, frame.topics);
        return this.onChange({ conversation: frame.conversation, topics: true });
      case 'read': {
        const c = this.store.conversations.get(frame.conversation);
        if (c) c.unread = frame.unread;
        return this.onChange({ list: true });
      }
      case 'settings':
        if (frame.lang) this.user.lang = frame.lang;
        if (typeof frame.translate === 'boolean') this.translate = frame.translate;
        // Renderings held are in the old language: read everything again.
        this.store.clearMessages();
        for (const id of this.store.conversations.keys()) this.subscribe(id);
        return this.onChange({ settings: true, list: true });
      case 'minutes':
        // Minutes stay in the server's inbox until acknowledged; the shelf shows each version once.
        if (frame.version) this.send({ type: 'meeting.ack', id: this.rid('ack'), meeting: frame.meeting, version: frame.version });
        if (this.prefs) this.prefs.rememberMeeting(frame.meeting);
        if (this.shelf.offer(frame)) {
          this.onNotify({ kind: 'minutes', frame });
          this.onChange({ minutes: frame.meeting });
        }
        return;
      case 'typing': {
        const who = frame.user?.name || frame.user?.id || '';
        const list = this.typists.get(frame.conversation) || new Map();
        list.set(who, Date.now() + TYPING_SHOWN_MS);
        this.typists.set(frame.conversation, list);
        return this.onChange({ conversation: frame.conversation, typing: true });
      }
      case 'search':
        this.onSearch(frame);
        return;
      case 'followups':
      case 'followup':
        this.onFollowUp(frame);
        return;
      case 'translation.suggested':
      case 'translation.suggestions':
      case 'translation.decided':
        this.onTranslation(frame);
        return;
      case 'error': {
        if (typeof frame.id === 'string' && frame.id.startsWith('search-')) { this.onSearch(frame); return; }
        if (typeof frame.id === 'string' && frame.id.startsWith('tr-')) { this.onTranslation(frame); return; }
        if (typeof frame.id === 'string' && frame.id.startsWith('fu-')) { this.onFollowUp(frame); return; }
        if (typeof frame.id === 'string' && this.actions.has(frame.id)) {
          this.actions.delete(frame.id);
          this.onError(frame, true);
          return;
        }
        const failed = this.outbox.failed(frame);
        this.onError(frame, failed);
        if (failed) this.onChange({ conversation: failed.conversation });
        return;
      }
      default:
        return;
    }
  }

  welcome(frame) {
    this.user = frame.user;
    this.translate = frame.translate !== false;
    const firstTime = this.store.conversations.size === 0;
    this.store.setConversations(frame.conversations.map((c) => ({ ...c })));
    // New conversations (a direct message, a group the user was added to) arrive on `*`;
    // each known one is then resumed from its own cursor, replacing its `*` subscription.
    this.send({ type: 'subscribe', id: this.rid('sub'), conversation: '*' });
    for (const id of this.store.conversations.keys()) this.subscribe(id);
    for (const f of this.outbox.frames()) this.send(f);
    // Minutes received before (in this browser) are asked for again; the shelf drops versions held.
    if (firstTime && this.prefs) {
      for (const meeting of this.prefs.meetings()) this.send({ type: 'meeting.minutes', id: this.rid('minutes'), meeting });
    }
    this.onChange({ list: true, welcome: true, firstTime });
  }

  message(m, live) {
    const known = this.store.conversations.has(m.conversation);
    const fresh = this.store.addMessage(m, { live });
    if (!known) this.send({ type: 'conversations', id: this.rid('convs') });
    if (!fresh) return;
    // An edit, deletion or reaction changed a message already drawn: not news, not unread.
    if (ACTIONS.has(m.kind)) { this.onChange({ conversation: m.conversation, action: m }); return; }
    this.typists.get(m.conversation)?.delete(m.sender?.name || m.sender?.id || '');
    const mine = this.isMine(m);
    const shown = this.visibleMessage(m);
    if (!mine && shown) {
      const c = this.store.conversations.get(m.conversation);
      const looking = this.active === m.conversation && this.visible;
      const mentioned = this.mentions(m);
      if (looking) this.markRead(m.conversation);
      else {
        c.unread = (c.unread || 0) + 1;
        if (mentioned) c.mentioned = true;
      }
      // A mention notifies even where other messages would not (a topic not followed included).
      if (!this.visible || !looking || mentioned) this.onNotify({ kind: mentioned ? 'mention' : 'message', message: m });
    } else if (!mine && this.mentions(m)) {
      this.onNotify({ kind: 'mention', message: m });
    }
    if (m.kind === 'minutes' && m.payload) this.onChange({ minutesMessage: m });
    if (m.topic) {
      const list = this.topics.get(m.conversation) || [];
      const t = list.find((x) => x.name === m.topic);
      if (t) { t.lastSeq = Math.max(t.lastSeq, m.seq); t.lastAt = Math.max(t.lastAt, m.at); t.count += 1; }
      else list.push({ name: m.topic, lastSeq: m.seq, lastAt: m.at, count: 1 });
      this.topics.set(m.conversation, list);
    }
    this.onChange({ conversation: m.conversation, message: m });
  }

  /** The composer changed: says `typing` at most every few seconds (the server bounds it too). */
  typing(conversation, now = Date.now()) {
    if (now - (this.typingSent.get(conversation) || 0) < TYPING_EVERY_MS) return;
    this.typingSent.set(conversation, now);
    this.send({ type: 'typing', conversation });
  }

  /** Who is typing in `conversation` now (names). */
  typingNames(conversation, now = Date.now()) {
    const list = this.typists.get(conversation);
    if (!list) return [];
    for (const [who, until] of list) if (until <= now) list.delete(who);
    return [...list.keys()];
  }

  /** Whether `m` mentions this user (by id or `all`). */
  mentions(m) {
    const list = m.payload && Array.isArray(m.payload.mentions) ? m.payload.mentions : [];
    return list.includes('all') || list.includes(`${this.user.id}@${this.user.tenant}`);
  }

  /** Whether the user wrote `m` (live frames name the sender's tenant only when it is not the conversation's). */
  isMine(m) {
    const c = this.store.conversations.get(m.conversation);
    const tenant = m.sender?.tenant || c?.tenant;
    return !!m.sender && m.sender.id === this.user.id && tenant === this.user.tenant;
  }

  /** Follow only some topics (null: all); re-subscribes so the server filters too. */
  setFollowed(id, topics) {
    this.prefs.setFollowed(id, topics);
    const frame = { type: 'subscribe', id: this.rid('sub'), conversation: id };
    const since = this.store.resumePoint(id);
    if (since !== null) frame.since = since;
    if (topics !== null) frame.topics = topics;
    this.send(frame);
    this.loadHistory(id);
    this.onChange({ conversation: id, topics: true });
  }
}
