// Files in messages: uploads with progress and cancel (XMLHttpRequest, whose upload reports
// progress), and attachments drawn as image previews or file cards. Images and links use
// short-lived signed URLs (`GET /api/v1/files/{id}/link`): an <img src> cannot send the token,
// and the URL holds no long-lived credential (docs/protocol.md, "Files").

/** Types the server serves inline, so they preview in an <img>. */
export const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** 1536 → "1.5 KB". Pure. */
export function formatSize(bytes) {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i += 1; }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/**
 * Uploads one file to a conversation. Returns {promise, cancel}: the promise resolves to the
 * server's {id, name, size, type} or rejects with an Error whose message is the server's.
 */
export function uploadFile(token, conversation, file, onProgress = () => {}) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    const name = file.name || `pasted-${Date.now()}.${(file.type.split('/')[1] || 'bin').replace(/[^a-z0-9]/g, '')}`;
    xhr.open('POST', `/api/v1/conversations/${encodeURIComponent(conversation)}/files?filename=${encodeURIComponent(name)}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { body = null; }
      if (xhr.status === 201 && body && body.id) resolve(body);
      else reject(new Error((body && body.message) || `upload failed (${xhr.status})`));
    });
    xhr.addEventListener('error', () => reject(new Error('upload failed: the connection broke')));
    xhr.addEventListener('abort', () => reject(new Error('cancelled')));
    xhr.send(file);
  });
  return { promise, cancel: () => xhr.abort() };
}

/** Signed links by file id, fetched once and again shortly before they expire. */
export class FileLinks {
  constructor(fetchLink, now = Date.now) {
    this.fetchLink = fetchLink; // id → Promise<{url, expires}>
    this.now = now;
    this.links = new Map();
  }

  /** A promise of a URL good for at least a minute. */
  url(id) {
    const held = this.links.get(id);
    if (held && held.expires - this.now() > 60_000) return held.promise;
    const promise = this.fetchLink(id).then((link) => {
      this.links.set(id, { promise, expires: link.expires });
      return link.url;
    });
    this.links.set(id, { promise, expires: this.now() + 120_000 });
    promise.catch(() => this.links.delete(id));
    return promise;
  }
}

function el(tag, props = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** The attachments of message `m`: images as previews (click: full size), other files as cards. */
export function renderAttachments(m, links) {
  const box = el('div', { class: 'attachments' });
  for (const a of m.attachments || []) {
    if (PREVIEWABLE.has(a.type)) {
      const img = el('img', { class: 'attachment-image', alt: a.name, title: `${a.name} (${formatSize(a.size)})`, 'data-file': a.id });
      const full = el('a', { class: 'attachment-preview', target: '_blank', rel: 'noopener', 'aria-label': `${a.name}, full size` }, [img]);
      links.url(a.id).then((url) => { img.src = url; full.href = url; }).catch(() => { img.alt = `${a.name} (not available)`; });
      box.append(full);
    } else {
      const download = el('a', { class: 'attachment-download', download: a.name, text: 'Download' });
      links.url(a.id).then((url) => { download.href = url; }).catch(() => { download.textContent = 'not available'; });
      box.append(el('div', { class: 'attachment-card', 'data-file': a.id }, [
        el('span', { class: 'attachment-name', text: a.name }),
        el('span', { class: 'attachment-size', text: `${formatSize(a.size)} · ${a.type}` }),
        download,
      ]));
    }
  }
  return box;
}

/**
 * The composer's uploads: each file shows its name, a progress bar and a cancel button until it
 * is sent. `ids()` are the uploaded ones; `busy` while any is still on its way.
 */
export class PendingUploads {
  constructor(list, { token, onError }) {
    this.list = list;
    this.token = token; // () => current token
    this.onError = onError;
    this.items = [];
  }

  add(conversation, files) {
    for (const file of files) {
      const item = { file, progress: 0, id: null, cancel: null };
      const bar = el('progress', { max: '1', value: '0', 'aria-label': `uploading ${file.name || 'pasted image'}` });
      const cancel = el('button', { type: 'button', class: 'link-button cancel-upload', text: 'cancel', 'aria-label': `cancel ${file.name || 'pasted image'}` });
      item.node = el('li', { class: 'upload' }, [el('span', { class: 'upload-name', text: file.name || 'pasted image' }), bar, cancel]);
      this.list.append(item.node);
      const { promise, cancel: abort } = uploadFile(this.token(), conversation, file, (p) => { bar.value = p; });
      item.cancel = abort;
      cancel.addEventListener('click', () => { abort(); this.remove(item); });
      this.items.push(item);
      promise.then((answer) => {
        item.id = answer.id;
        item.answer = answer;
        bar.value = 1;
        item.node.classList.add('uploaded');
      }).catch((e) => {
        if (e.message !== 'cancelled') this.onError(`${file.name || 'file'}: ${e.message}`);
        this.remove(item);
      });
    }
  }

  remove(item) {
    this.items = this.items.filter((i) => i !== item);
    item.node.remove();
  }

  get busy() { return this.items.some((i) => !i.id); }
  /** The uploaded files as the server named them: {id, name, size, type}. */
  files() { return this.items.filter((i) => i.id).map((i) => i.answer); }

  clear() {
    for (const i of this.items) { if (!i.id) i.cancel(); i.node.remove(); }
    this.items = [];
  }
}
