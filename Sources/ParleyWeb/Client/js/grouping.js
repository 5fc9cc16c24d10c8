// Lays a conversation's messages out as a reader scans them: a day separator where the local
// date changes, and consecutive messages of one sender within a few minutes as one run. Pure.

export const RUN_GAP_MS = 5 * 60 * 1000;

/** The local calendar day of a timestamp, as a sortable key ("2026-12-01"). */
export function dayKey(at, timeZone) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
  return parts;
}

function senderKey(m) {
  return `${m.sender?.id ?? ''}@${m.sender?.tenant ?? ''}`;
}

/**
 * Returns blocks: `{type: 'day', day}` and `{type: 'run', sender, messages}`.
 * A run breaks on another sender, a gap over `gap` ms, a new day, or a minutes message.
 */
export function layout(messages, { gap = RUN_GAP_MS, timeZone } = {}) {
  const blocks = [];
  let day = null;
  let run = null;
  for (const m of messages) {
    const d = dayKey(m.at, timeZone);
    if (d !== day) {
      blocks.push({ type: 'day', day: d, at: m.at });
      day = d;
      run = null;
    }
    const last = run && run.messages[run.messages.length - 1];
    if (run && senderKey(run) === senderKey(m) && m.at - last.at <= gap && m.kind !== 'minutes' && last.kind !== 'minutes') {
      run.messages.push(m);
    } else {
      run = { type: 'run', sender: m.sender, messages: [m] };
      blocks.push(run);
    }
  }
  return blocks;
}
