// The side panels: settings (the `settings` frame), a new direct message (`direct`), transcript
// upload (POST /api/v1/meetings, showing the server's line-numbered error) and administration
// (groups; sign-in links on a development server). Esc closes them (app.js).

import { LANGUAGES, languageName } from './languages.js';
import { conversationName } from './view.js';
import { api } from './api.js';

const $ = (id) => document.getElementById(id);

let lastFocus = null;
export function openPanel(id) {
  for (const p of document.querySelectorAll('.panel')) if (p.id !== id) p.hidden = true;
  lastFocus = document.activeElement;
  const panel = $(id);
  panel.hidden = false;
  const first = panel.querySelector('input, select, textarea, button');
  if (first) first.focus();
}

export function closePanels() {
  let closed = false;
  for (const p of document.querySelectorAll('.panel')) { if (!p.hidden) closed = true; p.hidden = true; }
  if (closed && lastFocus && lastFocus.focus) lastFocus.focus();
  return closed;
}

function fillLanguages(select, selected) {
  select.replaceChildren(...LANGUAGES.map((code) => {
    const o = document.createElement('option');
    o.value = code;
    o.textContent = `${languageName(code)} (${code})`;
    o.selected = code === selected;
    return o;
  }));
}

/**
 * ctx: { session(), connection(), token(), flash(text), showMinutes(frame), resetOriginals() }
 */
export function wirePanels(ctx) {
  for (const b of document.querySelectorAll('.close-panel')) b.addEventListener('click', closePanels);

  // Settings
  $('open-settings').addEventListener('click', () => {
    fillLanguages($('setting-lang'), ctx.session().user?.lang);
    $('setting-originals').checked = !ctx.session().translate;
    openPanel('settings-panel');
  });
  $('save-settings').addEventListener('click', () => {
    ctx.connection().send({ type: 'settings', id: 'settings', lang: $('setting-lang').value, translate: !$('setting-originals').checked });
    ctx.resetOriginals();
    closePanels();
  });
  $('enable-notifications').addEventListener('click', async () => {
    if (typeof Notification === 'undefined') return ctx.flash('This browser has no notifications.');
    const p = await Notification.requestPermission();
    ctx.flash(p === 'granted' ? 'Notifications on while this tab is hidden.' : 'Notifications not allowed.');
  });

  // Direct messages
  $('new-dm').addEventListener('click', async () => {
    openPanel('dm-panel');
    // People who signed in with the company's provider, by name (the server has none without one).
    const r = await api(ctx.token(), 'GET', '/api/v1/people').catch(() => null);
    const me = ctx.session().user?.id;
    $('dm-people').replaceChildren(...(r && r.ok ? r.body.people : []).filter((p) => p.id !== me).map((p) => {
      const o = document.createElement('option');
      o.value = p.id;
      o.label = p.name;
      return o;
    }));
  });
  $('dm-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const user = $('dm-user').value.trim();
    if (!user) return;
    ctx.connection().send({ type: 'direct', id: 'dm', user });
    $('dm-user').value = '';
    closePanels();
  });

  // Transcript upload
  $('open-upload').addEventListener('click', () => {
    fillLanguages($('upload-lang'), ctx.session().user?.lang);
    const select = $('upload-conversation');
    const keep = select.value;
    select.replaceChildren(new Option('(no group)', ''), ...ctx.session().store.ordered().filter((c) => c.kind !== 'direct')
      .map((c) => new Option(conversationName(c, ctx.session().user), c.id)));
    select.value = keep;
    if (!$('upload-date').value) $('upload-date').value = new Date().toISOString().slice(0, 10);
    $('upload-error').hidden = true;
    openPanel('upload-panel');
  });
  $('upload-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = $('upload-file').files[0];
    if (!file) return;
    const body = {
      title: $('upload-title-input').value.trim(),
      lang: $('upload-lang').value,
      date: $('upload-date').value || undefined,
      attendees: $('upload-attendees').value.split(',').map((s) => s.trim()).filter(Boolean),
      transcript: await file.text(),
    };
    if ($('upload-conversation').value) body.conversation = $('upload-conversation').value;
    const r = await api(ctx.token(), 'POST', '/api/v1/meetings', body);
    if (r.ok) {
      closePanels();
      ctx.showMinutes({ meeting: r.body.meeting, version: 1, lang: r.body.minutes.language, title: r.body.minutes.title,
        minutes: r.body.minutes, endedAt: Date.now() });
    } else {
      $('upload-error').textContent = `${file.name}: ${r.body?.message || r.status}`;
      $('upload-error').hidden = false;
    }
  });

  // Administration (admin tokens; minting only on a development server)
  $('open-admin').addEventListener('click', () => {
    fillLanguages($('mint-lang'), 'en');
    $('mint-tenant').value = $('mint-tenant').value || ctx.session().user.tenant;
    // Sign-in links exist only on a development server (no production secret configured).
    $('mint-form').hidden = true;
    api(ctx.token(), 'GET', '/api/v1/dev').then((r) => { $('mint-form').hidden = !r.ok; });
    openPanel('admin-panel');
  });
  $('group-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
    const r = await api(ctx.token(), 'POST', '/api/v1/groups', { title: $('group-title').value.trim(), kind: $('group-kind').value,
      members: [...list($('group-members').value), `${ctx.session().user.id}`], shares: list($('group-shares').value) });
    $('admin-output').textContent = r.ok ? `Created ${r.body.title} (${r.body.id}) with ${r.body.members.join(', ')}` : `Refused: ${r.body?.message || r.status}`;
  });
  $('mint-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await api(ctx.token(), 'POST', '/api/v1/dev/tokens', { user: $('mint-user').value.trim(), tenant: $('mint-tenant').value.trim(),
      lang: $('mint-lang').value, admin: $('mint-admin').checked });
    const out = $('admin-output');
    out.replaceChildren();
    if (r.ok) {
      const link = `${location.origin}/#token=${r.body.token}`;
      const a = document.createElement('a');
      a.href = link;
      a.className = 'minted-link';
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      a.textContent = `Sign-in link for ${r.body.user} (${r.body.lang})`;
      const copy = document.createElement('button');
      copy.type = 'button';
      copy.textContent = 'Copy';
      copy.addEventListener('click', () => navigator.clipboard?.writeText(link).then(() => ctx.flash('Link copied.')));
      out.append(a, ' ', copy);
    } else {
      out.textContent = `Refused: ${r.body?.message || r.status}`;
    }
  });
}
