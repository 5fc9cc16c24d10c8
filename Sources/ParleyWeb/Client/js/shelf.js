// Meeting minutes the user received, one entry per meeting holding its newest version. A version
// arrives more than once (the `minutes` frame, its re-delivery after a reconnect, the group
// message); `offer` says whether it is new, so no version is shown twice. Pure.

export class MinutesShelf {
  constructor() {
    /** @type {Map<string, object>} meeting id → newest minutes frame */
    this.meetings = new Map();
  }

  /** Returns true when this frame is a meeting or version not seen before. */
  offer(frame) {
    const held = this.meetings.get(frame.meeting);
    if (held && held.version >= frame.version) return false;
    this.meetings.set(frame.meeting, frame);
    return true;
  }

  get(meeting) { return this.meetings.get(meeting) ?? null; }

  /** Newest first. */
  list() {
    return [...this.meetings.values()].sort((a, b) => (b.endedAt || 0) - (a.endedAt || 0));
  }
}
