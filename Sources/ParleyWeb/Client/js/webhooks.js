// The admin page's webhooks: endpoints of the admin's tenant (/api/v1/webhooks), their secrets
// (shown once), the delivery log with each attempt's answer, and redelivery. Everything drawn with
// textContent: URLs and receivers' error texts are untrusted.
import { api } from './api.js';

const $ = (id) => document.getElementById(id);

function button(text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

export function wireWebhooks(ctx) {
  let shown = null; // the endpoint whose log is open

  const say = (text) => { $('webhook-status').textContent = text; };

  async function load() {
    const r = await api(ctx.token(), 'GET', '/api/v1/webhooks');
    if (!r.ok) return say(`Webhooks not listed: ${r.body?.message || r.status}`);
    const list = $('webhook-list');
    list.replaceChildren(...r.body.webhooks.map(item));
    if (shown) await showLog(r.body.webhooks.find((w) => w.id === shown.id) || null);
  }

  function item(w) {
    const li = document.createElement('li');
    li.className = w.enabled ? 'webhook' : 'webhook disabled';
    li.dataset.id = w.id;
    const url = document.createElement('span');
    url.className = 'webhook-url';
    url.textContent = w.url;
    const meta = document.createElement('small');
    meta.textContent = ` ${w.events.join(', ')} · ${w.enabled ? 'enabled' : `disabled: ${w.disabled_reason || ''}`}`;
    const actions = document.createElement('span');
    actions.className = 'webhook-actions';
    actions.append(button('Deliveries', () => showLog(w)), button('Send test', () => ping(w)));
    if (!w.enabled) actions.append(button('Enable', () => act(w, 'POST', `/api/v1/webhooks/${w.id}/enable`, 'Enabled.')));
    actions.append(button('Delete', () => act(w, 'DELETE', `/api/v1/webhooks/${w.id}`, 'Deleted.')));
    li.append(url, meta, ' ', actions);
    return li;
  }

  async function act(w, method, path, done) {
    const r = await api(ctx.token(), method, path);
    say(r.ok ? done : `Refused: ${r.body?.message || r.status}`);
    if (method === 'DELETE' && shown?.id === w.id) shown = null;
    await load();
  }

  async function ping(w) {
    const r = await api(ctx.token(), 'POST', `/api/v1/webhooks/${w.id}/test`);
    say(r.ok ? `Test event queued for ${w.url}.` : `Refused: ${r.body?.message || r.status}`);
  }

  async function showLog(w) {
    shown = w;
    $('webhook-log').hidden = !w;
    if (!w) return;
    $('webhook-log-url').textContent = w.url;
    const r = await api(ctx.token(), 'GET', `/api/v1/webhooks/${w.id}/deliveries`);
    if (!r.ok) return say(`Deliveries not listed: ${r.body?.message || r.status}`);
    const rows = r.body.deliveries.map((d) => {
      const tr = document.createElement('tr');
      tr.className = `delivery ${d.status}`;
      tr.dataset.id = d.id;
      for (const text of [d.type, d.status, String(d.attempts), d.response ? String(d.response) : '—', d.error || '']) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      const td = document.createElement('td');
      if (d.status === 'failed') {
        td.append(button('Redeliver', async () => {
          const a = await api(ctx.token(), 'POST', `/api/v1/webhooks/${w.id}/deliveries/${d.id}/redeliver`);
          say(a.ok ? 'Queued again.' : `Refused: ${a.body?.message || a.status}`);
          await showLog(w);
        }));
      }
      tr.append(td);
      return tr;
    });
    $('delivery-table').tBodies[0].replaceChildren(...rows);
    $('webhook-log').scrollIntoView({ block: 'nearest' });
  }

  $('redeliver-failed').addEventListener('click', async () => {
    if (!shown) return;
    const r = await api(ctx.token(), 'POST', `/api/v1/webhooks/${shown.id}/redeliver`);
    say(r.ok ? `${r.body.count} failed deliveries queued again.` : `Refused: ${r.body?.message || r.status}`);
    await showLog(shown);
  });

  $('webhook-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const events = [...$('webhook-events').querySelectorAll('input:checked')].map((i) => i.value);
    const r = await api(ctx.token(), 'POST', '/api/v1/webhooks', { url: $('webhook-url').value.trim(), events });
    if (r.ok) {
      say(`Added. Its signing secret, shown only now: ${r.body.secret}`);
      $('webhook-url').value = '';
    } else {
      say(`Refused: ${r.body?.message || r.status}`);
    }
    await load();
  });

  return { load };
}
