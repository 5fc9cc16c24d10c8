// Sends waiting for their ack. Each keeps its client id for life, so a send re-sent after a
// reconnect is stored once (the server answers a retried id with the first ack). Pure.

let counter = 0;

/** A client message id, unique per page load and across page loads. */
export function newClientId(random = Math.random, now = Date.now) {
  counter += 1;
  return `c-${now().toString(36)}-${counter.toString(36)}-${Math.floor(random() * 1e9).toString(36)}`;
}

/**
 * The people `text` mentions as `@id` (or `@all`) among `members` (ids): sent beside the text as
 * `mentions`, so the mention survives translation. Pure.
 */
export function mentionsIn(text, members) {
  const found = [];
  for (const match of String(text).matchAll(/(^|[^\w@])@([\w.-]+)/gu)) {
    const id = match[2].replace(/[.-]+$/, '');
    if ((id === 'all' || (members && members.has(id))) && !found.includes(id)) found.push(id);
  }
  return found;
}

export class Outbox {
  /**
   * @param {object} [persist] where pending sends survive a reload: `{storage, key}` (localStorage);
   *   a send restored after a reload goes out with its first id, so it is still stored once.
   */
  constructor(persist = null) {
    /** @type {Map<string, object>} client id → {id, conversation, text, topic, createdAt} */
    this.pending = new Map();
    this.persist = persist;
    if (persist) {
      try {
        for (const p of JSON.parse(persist.storage.getItem(persist.key) || '[]')) this.pending.set(p.id, p);
      } catch { /* a damaged entry is dropped */ }
    }
  }

  save() {
    if (!this.persist) return;
    if (this.pending.size === 0) this.persist.storage.removeItem(this.persist.key);
    else this.persist.storage.setItem(this.persist.key, JSON.stringify([...this.pending.values()]));
  }

  add(send) {
    this.pending.set(send.id, send);
    this.save();
    return send;
  }

  /** The `send` frames to (re)send, oldest first. */
  frames() {
    return [...this.pending.values()].map((p) => {
      const f = { type: 'send', id: p.id, conversation: p.conversation, text: p.text };
      if (p.topic) f.topic = p.topic;
      if (p.replyTo) f.reply_to = p.replyTo;
      if (p.mentions && p.mentions.length) f.mentions = p.mentions;
      if (p.attachments && p.attachments.length) f.attachments = p.attachments;
      return f;
    });
  }

  /** An ack: returns the pending send it confirms (and forgets it), or null for an unknown id. */
  acked(ack) {
    const p = this.pending.get(ack.id);
    if (!p) return null;
    this.pending.delete(ack.id);
    this.save();
    return { ...p, seq: ack.seq, at: ack.at };
  }

  /** An error naming a pending send's id: the send is dropped and reported. */
  failed(error) {
    const p = error.id ? this.pending.get(error.id) : undefined;
    if (!p) return null;
    if (error.code === 'internal' || error.code === 'rate_limited') return null; // retried on reconnect
    this.pending.delete(error.id);
    this.save();
    return p;
  }

  forConversation(id) {
    return [...this.pending.values()].filter((p) => p.conversation === id);
  }

  get size() { return this.pending.size; }
}
