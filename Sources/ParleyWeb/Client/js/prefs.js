// What survives a reload in localStorage: drafts per conversation and followed topics.
// Keys carry the user (two people may share a browser profile).

export class Prefs {
  constructor(user, storage = globalThis.localStorage) {
    this.user = user;
    this.storage = storage;
  }

  key(kind, id) { return `parley.${kind}.${this.user}.${id}`; }

  draft(conversation) { return this.storage.getItem(this.key('draft', conversation)) ?? ''; }

  setDraft(conversation, text) {
    if (text) this.storage.setItem(this.key('draft', conversation), text);
    else this.storage.removeItem(this.key('draft', conversation));
  }

  /** Followed topics of a topic group, or null when following all of them. */
  followed(conversation) {
    const raw = this.storage.getItem(this.key('follow', conversation));
    if (!raw) return null;
    try {
      const list = JSON.parse(raw);
      return Array.isArray(list) ? list : null;
    } catch {
      return null;
    }
  }

  setFollowed(conversation, topics) {
    if (topics === null) this.storage.removeItem(this.key('follow', conversation));
    else this.storage.setItem(this.key('follow', conversation), JSON.stringify([...topics].sort()));
  }

  /** Meetings whose minutes reached this user here, newest first, to ask for them after a reload. */
  meetings() {
    try {
      const list = JSON.parse(this.storage.getItem(`parley.meetings.${this.user}`) || '[]');
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }

  rememberMeeting(meeting) {
    const list = this.meetings().filter((m) => m !== meeting);
    list.unshift(meeting);
    this.storage.setItem(`parley.meetings.${this.user}`, JSON.stringify(list.slice(0, 50)));
  }
}

/** Toggles one topic in a follow set; `known` is every topic of the group (null = all followed). */
export function toggleFollow(followed, topic, known) {
  const set = new Set(followed ?? known);
  if (set.has(topic)) set.delete(topic); else set.add(topic);
  const all = known.every((t) => set.has(t));
  return all ? null : [...set].sort();
}
