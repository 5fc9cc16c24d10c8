// My follow-ups: the panel that lists the follow-ups the user owns or asked for (a `followups`
// frame), due soonest first with overdue ones marked, and the buttons each one allows this user
// (`followup.update`). Pushed `followup` frames (a new one, the other party's answer) refresh it.
// `followUpRows` and `actionsFor` are pure (tested under node).

/** The actions `me` ("id@tenant") may take on `item`, in the order the buttons show. */
export function actionsFor(item, me) {
  const owner = item.owner === me, requester = item.requester === me;
  if (!owner && !requester) return [];
  switch (item.status) {
    case 'proposed': return [...(owner ? ['accept'] : []), 'done', 'reassign', 'due', 'drop'];
    case 'open': return ['done', 'reassign', 'due', 'drop'];
    case 'done': return requester ? ['accept', 'reopen'] : [];
    default: return [];
  }
}

/** Open follow-ups first (due soonest, no date last), closed ones after; `overdue` against `today` (YYYY-MM-DD). */
export function followUpRows(items, today) {
  const closed = (i) => i.status === 'accepted' || i.status === 'dropped';
  const key = (i) => [closed(i) ? 1 : 0, i.due || '9999-99-99', i.createdAt || 0, i.id];
  return [...items]
    .sort((a, b) => { const x = key(a), y = key(b); for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k] < y[k] ? -1 : 1; return 0; })
    .map((item) => ({ item, overdue: !closed(item) && item.status !== 'done' && !!item.due && item.due < today }));
}

/** YYYY-MM-DD `days` after `day` (calendar days, UTC). */
export function addDays(day, days) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The `followup.update` a reminder's button sends: done, or a new due day a day or a week from `today`. */
export function reminderFrame(action, followup, today, id) {
  if (action === 'done') return { type: 'followup.update', id, followup, action: 'done' };
  const days = action === 'snooze-day' ? 1 : action === 'snooze-week' ? 7 : 0;
  if (!days) return null;
  return { type: 'followup.update', id, followup, action: 'due', due: addDays(today, days) };
}

const LABELS = { accept: 'Accept', done: 'Done', drop: 'Drop', reopen: 'Reopen', reassign: 'Reassign…', due: 'Change date…' };

/** The `followup.update` an edit form sends: `reassign` to a user id, or `due` to a day (empty: no date). */
export function editFrame(action, followup, value, id) {
  const v = value.trim();
  if (action === 'reassign') return v ? { type: 'followup.update', id, followup, action: 'reassign', owner: v } : null;
  if (action === 'due') return v ? { type: 'followup.update', id, followup, action: 'due', due: v } : { type: 'followup.update', id, followup, action: 'due' };
  return null;
}
const $ = (id) => document.getElementById(id);

/**
 * ctx: { send(frame), me(), openPanel(id), flash(text) }
 * Returns { handle(frame) } for `followups` and `followup` frames and errors with a follow-up id.
 */
export function wireFollowUps(ctx) {
  let counter = 0;
  let items = new Map();
  $('open-followups').addEventListener('click', () => {
    ctx.openPanel('followups-panel');
    $('followups-status').textContent = 'Loading…';
    ctx.send({ type: 'followups', id: `fu-${++counter}` });
  });

  function draw() {
    const today = new Date().toISOString().slice(0, 10);
    const rows = followUpRows([...items.values()], today);
    $('followups-status').textContent = rows.length ? '' : 'Nothing to follow up.';
    $('followup-list').replaceChildren(...rows.map(({ item, overdue }) => {
      const li = document.createElement('li');
      li.className = `followup status-${item.status}${overdue ? ' overdue' : ''}`;
      li.dataset.id = item.id;
      const text = document.createElement('p');
      text.className = 'followup-text';
      text.textContent = item.text;
      if (item.original) text.title = `${item.original.text} (${item.original.lang})`;
      const meta = document.createElement('p');
      meta.className = 'followup-meta';
      const who = item.owner === ctx.me() ? `asked by ${item.requester}` : `owner ${item.owner}`;
      meta.textContent = `${item.status}${item.due ? ` · due ${item.due}` : ''}${overdue ? ' · overdue' : ''} · ${who}`;
      li.append(text, meta);
      for (const action of actionsFor(item, ctx.me())) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = LABELS[action];
        button.dataset.action = action;
        if (action === 'reassign' || action === 'due') {
          button.addEventListener('click', () => edit(li, item, action));
        } else {
          button.addEventListener('click', () => ctx.send({ type: 'followup.update', id: `fu-${++counter}`, followup: item.id, action }));
        }
        li.append(button);
      }
      return li;
    }));
  }

  /** An inline form under `li`: the new owner (a user id of the tenant) or the new due day. */
  function edit(li, item, action) {
    li.querySelector('.followup-edit')?.remove();
    const form = document.createElement('form');
    form.className = 'followup-edit';
    const input = document.createElement('input');
    input.name = action;
    input.setAttribute('aria-label', action === 'reassign' ? 'New owner (user id)' : 'New due date');
    if (action === 'due') {
      input.type = 'date';
      input.value = item.due || '';
    } else {
      input.placeholder = 'user id';
      input.autocomplete = 'off';
    }
    const save = document.createElement('button');
    save.type = 'submit';
    save.textContent = 'Save';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.textContent = 'Cancel';
    cancel.addEventListener('click', () => form.remove());
    form.append(input, ' ', save, ' ', cancel);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const frame = editFrame(action, item.id, input.value, `fu-${++counter}`);
      if (frame) ctx.send(frame);
    });
    li.append(form);
    input.focus();
  }

  // The open minutes' follow-ups (a `followups` frame for one meeting, request ids `fu-m-…`).
  let meeting = null;
  let meetingItems = new Map();

  function drawMeeting() {
    const section = $('minutes-followups');
    section.hidden = !meeting || meetingItems.size === 0;
    const today = new Date().toISOString().slice(0, 10);
    $('minutes-followup-list').replaceChildren(...followUpRows([...meetingItems.values()], today).map(({ item, overdue }) => {
      const li = document.createElement('li');
      li.className = `followup status-${item.status}${overdue ? ' overdue' : ''}`;
      li.dataset.id = item.id;
      const text = document.createElement('p');
      text.className = 'followup-text';
      text.textContent = item.text;
      const meta = document.createElement('p');
      meta.className = 'followup-meta';
      meta.textContent = `${item.owner} · ${item.status}${item.due ? ` · due ${item.due}` : ''}${overdue ? ' · overdue' : ''}`;
      li.append(text, meta);
      return li;
    }));
  }

  return {
    /** The minutes of `id` are open: lists its follow-ups under them (attendees and host only; others see none). */
    showMeeting(id) {
      meeting = id && !id.startsWith('msg-') ? id : null;
      meetingItems = new Map();
      drawMeeting();
      if (meeting) ctx.send({ type: 'followups', id: `fu-m-${++counter}`, meeting });
    },
    /** A reminder's button (view.js): answers for its follow-up. */
    remind(action, payload) {
      const frame = reminderFrame(action, payload.followup, new Date().toISOString().slice(0, 10), `fu-${++counter}`);
      if (frame) ctx.send(frame);
    },
    handle(frame) {
      if (frame.type === 'followups' && String(frame.id).startsWith('fu-m-')) {
        meetingItems = new Map(frame.followups.filter((f) => f.meeting === meeting).map((f) => [f.id, f]));
        drawMeeting();
      } else if (frame.type === 'followups') {
        items = new Map(frame.followups.map((f) => [f.id, f]));
        draw();
      } else if (frame.type === 'followup') {
        const f = frame.followup;
        // Reassigned away from this user: it leaves their list.
        if (f.owner === ctx.me() || f.requester === ctx.me()) items.set(f.id, f); else items.delete(f.id);
        if (meeting && f.meeting === meeting) { meetingItems.set(f.id, f); drawMeeting(); }
        if (frame.id) ctx.flash(frame.followup.status === 'done' ? 'Marked done' : `Follow-up ${frame.followup.status}${frame.followup.due ? `, due ${frame.followup.due}` : ''}`);
        if (frame.event === 'created' && frame.followup.owner === ctx.me()) ctx.flash(`New follow-up for you: ${frame.followup.text}`);
        draw();
      } else if (frame.type === 'error' && String(frame.id).startsWith('fu-m-')) {
        // Not an attendee of that meeting: no follow-ups under its minutes.
      } else if (frame.type === 'error') {
        ctx.flash(`Follow-up: ${frame.message}`);
      }
    },
  };
}
