// The client's model of what the server said: conversations, and each conversation's messages by
// seq. Pure (no DOM, no socket), so tests drive it directly.
//
// Resume bookkeeping: `cursor` is the highest seq the live stream delivered for a conversation.
// The server delivers each subscription in strictly increasing seq order with no gap, so on
// reconnect `subscribe` with `since: cursor` misses nothing; a message seen twice (catch-up after a
// race, a history page overlapping the stream) is recognised by its seq and kept once.

/** Kinds of the events that act on another message (docs/protocol.md, "Edit, delete, reply, react"). */
export const ACTIONS = new Set(['edit', 'delete', 'reaction']);

export class ChatStore {
  constructor() {
    /** @type {Map<string, object>} id → conversation summary (+ cursor, unread, lastAt) */
    this.conversations = new Map();
    /** @type {Map<string, Map<number, object>>} id → seq → message */
    this.messages = new Map();
    /** @type {Map<string, boolean>} id → history has more older messages */
    this.more = new Map();
  }

  /** Replaces the list from `welcome` or `conversations`, keeping cursors already known. */
  setConversations(list) {
    const seen = new Set();
    for (const c of list) {
      seen.add(c.id);
      this.upsertConversation(c);
    }
    for (const id of [...this.conversations.keys()]) {
      if (!seen.has(id)) this.conversations.delete(id);
    }
  }

  upsertConversation(c) {
    const old = this.conversations.get(c.id);
    const merged = { cursor: null, lastAt: 0, unread: 0, ...old, ...c };
    if (old && old.cursor !== null && (c.cursor === undefined)) merged.cursor = old.cursor;
    this.conversations.set(c.id, merged);
    if (!this.messages.has(c.id)) this.messages.set(c.id, new Map());
    return merged;
  }

  /** The `since` for resuming a conversation, or null when nothing was seen yet. */
  resumePoint(id) {
    const c = this.conversations.get(id);
    return c && c.cursor !== null && c.cursor !== undefined ? c.cursor : null;
  }

  /** A `subscribed` reply: without `since` the stream starts after lastSeq. */
  subscribed(id, lastSeq) {
    const c = this.conversations.get(id);
    if (!c) return;
    if (c.cursor === null || c.cursor === undefined) c.cursor = lastSeq;
  }

  /**
   * A message from the live stream (`live: true`) or a history page. Returns true when it is new
   * (false for a duplicate seq). A live message moves the cursor.
   */
  addMessage(m, { live = true } = {}) {
    let c = this.conversations.get(m.conversation);
    // A conversation not listed yet (added while connected): held until `conversations` names it.
    if (!c) c = this.upsertConversation({ id: m.conversation, kind: 'group', title: m.conversation, tenant: '', lastSeq: 0, unread: 0, placeholder: true });
    const byseq = this.messages.get(m.conversation);
    const existing = byseq.get(m.seq);
    if (live && (c.cursor === null || c.cursor === undefined || m.seq > c.cursor)) c.cursor = m.seq;
    if (m.seq > (c.lastSeq || 0)) c.lastSeq = m.seq;
    if (m.at > (c.lastAt || 0)) c.lastAt = m.at;
    if (existing && !existing.local) return false;
    byseq.set(m.seq, m);
    if (ACTIONS.has(m.kind)) this.applyAction(m, c);
    return !existing;
  }

  /**
   * An edit, deletion or reaction (an event of the conversation naming its `target`): changes the
   * message it names. A target not held yet is left alone: `history` gives it in its final state.
   */
  applyAction(e, c = this.conversations.get(e.conversation)) {
    const target = this.messages.get(e.conversation)?.get(e.target);
    if (!target || ACTIONS.has(target.kind)) return;
    if (e.kind === 'edit') {
      if (target.deleted) return;
      target.text = e.text;
      target.lang = e.lang;
      target.engine = e.engine;
      target.original = e.original;
      target.edited = e.at;
    } else if (e.kind === 'delete') {
      target.text = '';
      target.deleted = e.at;
      delete target.original;
      delete target.reactions;
    } else if (e.kind === 'reaction') {
      const who = `${e.sender?.id}@${e.sender?.tenant || c?.tenant || ''}`;
      const reactions = { ...(target.reactions || {}) };
      const list = (reactions[e.text] || []).filter((u) => u !== who);
      if (!e.payload || e.payload.on !== false) list.push(who);
      if (list.length) reactions[e.text] = list; else delete reactions[e.text];
      target.reactions = reactions;
    }
  }

  /** The newest message `user` (`{id, tenant}`) wrote in a conversation that is not deleted (Up arrow edits it). */
  lastOwn(id, user) {
    const c = this.conversations.get(id);
    const mine = this.list(id).filter((m) => !m.deleted && m.sender && m.sender.id === user.id
      && (m.sender.tenant || c?.tenant) === user.tenant && (!m.kind || m.kind === 'text'));
    return mine.length ? mine[mine.length - 1] : null;
  }

  /** The sender's own message, known from its ack before (or instead of) its `message` frame. */
  addAcked(m) {
    const byseq = this.messages.get(m.conversation);
    if (!byseq || byseq.has(m.seq)) return false;
    byseq.set(m.seq, { ...m, local: true });
    const c = this.conversations.get(m.conversation);
    if (m.at > (c.lastAt || 0)) c.lastAt = m.at;
    return true;
  }

  /** Messages in seq order, optionally only those whose topic passes `filter`. */
  list(id, filter = null) {
    const byseq = this.messages.get(id);
    if (!byseq) return [];
    // Events (edits, deletions, reactions) change other messages; they are not shown themselves.
    const all = [...byseq.values()].filter((m) => !ACTIONS.has(m.kind)).sort((a, b) => a.seq - b.seq);
    return filter ? all.filter(filter) : all;
  }

  /** The oldest seq held, for paging history with `before`. */
  oldestSeq(id) {
    const byseq = this.messages.get(id);
    if (!byseq || byseq.size === 0) return null;
    return Math.min(...byseq.keys());
  }

  /** Conversations, newest activity first (then by title). */
  ordered() {
    return [...this.conversations.values()].sort((a, b) =>
      (b.lastAt || 0) - (a.lastAt || 0) || (a.title || a.id).localeCompare(b.title || b.id));
  }

  totalUnread() {
    let n = 0;
    for (const c of this.conversations.values()) n += c.unread || 0;
    return n;
  }

  /** Forgets every message (after a language change the renderings are stale). */
  clearMessages() {
    for (const [id, c] of this.conversations) {
      c.cursor = null;
      this.messages.set(id, new Map());
    }
  }
}
