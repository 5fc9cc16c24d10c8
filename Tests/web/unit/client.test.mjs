// Unit tests of the web client's pure modules, under Debian's node: `node --test Tests/web/unit`.
import test from 'node:test';
import assert from 'node:assert/strict';

const js = '../../../Sources/ParleyWeb/Client/js';
const { ChatStore } = await import(`${js}/store.js`);
const { Outbox, newClientId } = await import(`${js}/outbox.js`);
const { backoffDelay, closeAction } = await import(`${js}/policy.js`);
const { layout } = await import(`${js}/grouping.js`);
const { composerAction, navigationStep } = await import(`${js}/keys.js`);
const { Prefs, toggleFollow } = await import(`${js}/prefs.js`);
const { MinutesShelf } = await import(`${js}/shelf.js`);
const { tokenFromFragment, claims } = await import(`${js}/token.js`);
const { ChatSession } = await import(`${js}/session.js`);
const { translationLabel } = await import(`${js}/languages.js`);
const { searchFrame, snippetParts } = await import(`${js}/search.js`);
const { suggestFrame, isSuggestionReply } = await import(`${js}/corrections.js`);
const { actionsFor, followUpRows, reminderFrame, addDays, editFrame } = await import(`${js}/followups.js`);
const { formatSize, FileLinks } = await import(`${js}/attachments.js`);

const msg = (seq, extra = {}) => ({ type: 'message', conversation: 'g-1', seq, at: 1764097200000 + seq * 1000,
  sender: { id: 'bob', name: 'Bob' }, text: `m${seq}`, lang: 'en', ...extra });

class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

test('store: a duplicate seq is kept once, history does not move the resume cursor', () => {
  const s = new ChatStore();
  s.setConversations([{ id: 'g-1', kind: 'group', title: 'Ops', tenant: 'acme', lastSeq: 5, unread: 0 }]);
  assert.equal(s.resumePoint('g-1'), null);
  s.subscribed('g-1', 5);
  assert.equal(s.resumePoint('g-1'), 5);
  for (const m of [msg(3), msg(4), msg(5)]) s.addMessage(m, { live: false });
  assert.equal(s.resumePoint('g-1'), 5);
  assert.equal(s.addMessage(msg(6)), true);
  assert.equal(s.addMessage(msg(6)), false);
  assert.equal(s.addMessage(msg(7)), true);
  assert.deepEqual(s.list('g-1').map((m) => m.seq), [3, 4, 5, 6, 7]);
  assert.equal(s.resumePoint('g-1'), 7);
  assert.equal(s.oldestSeq('g-1'), 3);
});

test('store: an acked own message is replaced by its message frame, not doubled', () => {
  const s = new ChatStore();
  s.setConversations([{ id: 'g-1', kind: 'group', title: 'Ops', tenant: 'acme', lastSeq: 0, unread: 0 }]);
  s.subscribed('g-1', 0);
  assert.equal(s.addAcked({ conversation: 'g-1', seq: 1, at: 1, text: 'hi', sender: { id: 'me' } }), true);
  assert.equal(s.resumePoint('g-1'), 0, 'an ack is not the stream: resuming must still ask for seq 1');
  s.addMessage(msg(1, { text: 'hi (server)' }));
  assert.equal(s.list('g-1').length, 1);
  assert.equal(s.list('g-1')[0].text, 'hi (server)');
  assert.equal(s.list('g-1')[0].local, undefined);
});

test('store: conversations are ordered by newest activity', () => {
  const s = new ChatStore();
  s.setConversations([{ id: 'a', title: 'A', kind: 'group' }, { id: 'b', title: 'B', kind: 'group' }]);
  s.addMessage({ ...msg(1), conversation: 'b', at: 100 });
  s.addMessage({ ...msg(1), conversation: 'a', at: 200 });
  assert.deepEqual(s.ordered().map((c) => c.id), ['a', 'b']);
  s.addMessage({ ...msg(2), conversation: 'b', at: 300 });
  assert.deepEqual(s.ordered().map((c) => c.id), ['b', 'a']);
});

test('outbox: pending sends keep their client id across re-sends and match their ack', () => {
  const o = new Outbox();
  const id = newClientId();
  assert.notEqual(id, newClientId());
  o.add({ id, conversation: 'g-1', text: 'hello', topic: 'eu' });
  const first = o.frames();
  const again = o.frames();
  assert.deepEqual(first, again);
  assert.deepEqual(first[0], { type: 'send', id, conversation: 'g-1', text: 'hello', topic: 'eu' });
  assert.equal(o.acked({ id: 'other', seq: 9 }), null);
  const done = o.acked({ id, seq: 9, at: 5 });
  assert.equal(done.seq, 9);
  assert.equal(o.size, 0);
  assert.equal(o.acked({ id, seq: 9 }), null, 'a second ack for the same id is ignored');
});

test('outbox: a refused send is dropped, an internal error keeps it for the retry', () => {
  const o = new Outbox();
  o.add({ id: 'c-1', conversation: 'g-1', text: 'x' });
  assert.equal(o.failed({ id: 'c-1', code: 'internal' }), null);
  assert.equal(o.size, 1);
  assert.equal(o.failed({ id: 'c-1', code: 'forbidden' }).id, 'c-1');
  assert.equal(o.size, 0);
});

test('policy: 4001 signs out, 4008 and 1001 reconnect, backoff grows with jitter under a cap', () => {
  assert.equal(closeAction(4001), 'signin');
  assert.equal(closeAction(4008), 'reconnect');
  assert.equal(closeAction(1001), 'reconnect');
  assert.equal(closeAction(1006), 'reconnect');
  assert.equal(closeAction(4029), 'backoff');
  assert.equal(backoffDelay(0, { random: () => 0 }), 250);
  assert.equal(backoffDelay(0, { random: () => 1 }), 500);
  assert.equal(backoffDelay(3, { random: () => 0 }), 2000);
  assert.equal(backoffDelay(30, { random: () => 1 }), 8000);
  assert.ok(backoffDelay(2, { random: () => 0.5 }) > backoffDelay(1, { random: () => 0.5 }));
});

test('grouping: runs by sender within five minutes, broken by day and by another sender', () => {
  const t0 = Date.UTC(2026, 0, 5, 10, 0, 0);
  const m = (seq, id, at) => ({ seq, at, sender: { id, name: id } });
  const blocks = layout([m(1, 'a', t0), m(2, 'a', t0 + 60e3), m(3, 'b', t0 + 120e3), m(4, 'b', t0 + 120e3 + 6 * 60e3),
    m(5, 'b', t0 + 24 * 3600e3)], { timeZone: 'UTC' });
  assert.deepEqual(blocks.map((b) => (b.type === 'day' ? `day:${b.day}` : b.messages.map((x) => x.seq).join(','))),
    ['day:2026-01-05', '1,2', '3', '4', 'day:2026-01-06', '5']);
});

test('grouping: a partner with the same id in another tenant is another sender', () => {
  const t0 = Date.UTC(2026, 0, 5, 10);
  const blocks = layout([{ seq: 1, at: t0, sender: { id: 'sam' } }, { seq: 2, at: t0 + 1, sender: { id: 'sam', tenant: 'partner' } }], { timeZone: 'UTC' });
  assert.equal(blocks.filter((b) => b.type === 'run').length, 2);
});

test('keys: Enter sends, Shift+Enter is a newline, Enter during IME composition never sends', () => {
  assert.equal(composerAction({ key: 'Enter' }), 'send');
  assert.equal(composerAction({ key: 'Enter', shiftKey: true }), 'newline');
  assert.equal(composerAction({ key: 'Enter', isComposing: true }), 'none');
  assert.equal(composerAction({ key: 'Enter', keyCode: 229 }), 'none');
  assert.equal(composerAction({ key: 'a' }), 'none');
  assert.equal(navigationStep({ key: 'ArrowUp', altKey: true }), -1);
  assert.equal(navigationStep({ key: 'ArrowDown', altKey: true }), 1);
  assert.equal(navigationStep({ key: 'ArrowDown' }), 0);
});

test('prefs: drafts and followed topics persist per user; following every topic is stored as "all"', () => {
  const storage = new MemoryStorage();
  const p = new Prefs('carol@acme', storage);
  p.setDraft('g-1', 'half a thought');
  assert.equal(new Prefs('carol@acme', storage).draft('g-1'), 'half a thought');
  assert.equal(new Prefs('dave@acme', storage).draft('g-1'), '');
  const known = ['asia', 'eu', 'us'];
  let f = toggleFollow(null, 'asia', known);
  assert.deepEqual(f, ['eu', 'us']);
  f = toggleFollow(f, 'us', known);
  assert.deepEqual(f, ['eu']);
  p.setFollowed('g-2', f);
  assert.deepEqual(new Prefs('carol@acme', storage).followed('g-2'), ['eu']);
  assert.equal(toggleFollow(['eu', 'us'], 'asia', known), null);
});

test('shelf: each minutes version is offered once; an older version never replaces a newer', () => {
  const s = new MinutesShelf();
  assert.equal(s.offer({ meeting: 'm-1', version: 1 }), true);
  assert.equal(s.offer({ meeting: 'm-1', version: 1 }), false);
  assert.equal(s.offer({ meeting: 'm-1', version: 2 }), true);
  assert.equal(s.offer({ meeting: 'm-1', version: 1 }), false);
  assert.equal(s.get('m-1').version, 2);
});

test('token: read from the fragment; claims decoded for display', () => {
  assert.equal(tokenFromFragment('#token=abc.def.ghi'), 'abc.def.ghi');
  assert.equal(tokenFromFragment('#other=1'), null);
  assert.equal(tokenFromFragment(''), null);
  const payload = Buffer.from(JSON.stringify({ sub: 'alice', tenant: 'acme', admin: true })).toString('base64url');
  assert.deepEqual(claims(`x.${payload}.y`), { sub: 'alice', tenant: 'acme', admin: true });
  assert.equal(claims('garbage'), null);
});

test('translation label names the original language and marks fallback engines', () => {
  assert.equal(translationLabel({ text: 'hi' }), null);
  assert.equal(translationLabel({ original: { lang: 'zh', text: '你好' }, engine: 'dictionary' }).from, 'Chinese');
  assert.equal(translationLabel({ original: { lang: 'zh', text: '你好' }, engine: 'fallback:dictionary' }).fallback, true);
});

function sessionWithWire() {
  const sent = [];
  const session = new ChatSession({ send: (f) => { sent.push(f); return true; }, prefs: new Prefs('alice@acme', new MemoryStorage()) });
  return { session, sent };
}

const welcome = { type: 'welcome', user: { id: 'alice', tenant: 'acme', name: 'Alice', lang: 'zh' }, translate: true,
  conversations: [{ id: 'g-1', kind: 'group', title: 'Ops', tenant: 'acme', lastSeq: 2, unread: 1 }] };

test('session: after a reconnect every conversation resumes from its cursor and pending sends go again with the same id', () => {
  const { session, sent } = sessionWithWire();
  session.handle(welcome);
  assert.deepEqual(sent.map((f) => f.type), ['subscribe', 'subscribe', 'history']);
  assert.equal(sent[0].conversation, '*');
  assert.equal(sent[1].since, undefined);
  session.handle({ type: 'subscribed', conversation: 'g-1', lastSeq: 2 });
  session.handle({ type: 'history', conversation: 'g-1', messages: [msg(1), msg(2)], more: false });
  session.handle(msg(3));
  const p = session.post({ conversation: 'g-1', text: '你好' });
  // The connection drops; the server restarts; a new welcome arrives.
  sent.length = 0;
  session.handle(welcome);
  const resume = sent.find((f) => f.type === 'subscribe' && f.conversation === 'g-1');
  assert.equal(resume.since, 3);
  assert.equal(sent.some((f) => f.type === 'history'), false, 'a resumed conversation needs no history page');
  const resent = sent.filter((f) => f.type === 'send');
  assert.deepEqual(resent.map((f) => f.id), [p.id]);
  // Catch-up overlapping what was seen, then the ack of the retried send.
  session.handle(msg(3));
  session.handle(msg(4));
  session.handle({ type: 'ack', id: p.id, conversation: 'g-1', seq: 5, at: 1 });
  session.handle({ type: 'ack', id: p.id, conversation: 'g-1', seq: 5, at: 1 });
  session.handle(msg(5, { sender: { id: 'alice', name: 'Alice' }, text: '你好', clientId: p.id }));
  assert.deepEqual(session.store.list('g-1').map((m) => m.seq), [1, 2, 3, 4, 5]);
  assert.equal(session.outbox.size, 0);
});

test('session: unread counts rise for others\' messages off screen, not for one\'s own or unfollowed topics', () => {
  const { session } = sessionWithWire();
  session.handle({ ...welcome, conversations: [...welcome.conversations, { id: 'g-2', kind: 'topics', title: 'Regions', tenant: 'acme', lastSeq: 0, unread: 0 }] });
  session.prefs.setFollowed('g-2', ['eu']);
  session.handle(msg(3));
  assert.equal(session.store.conversations.get('g-1').unread, 2);
  session.handle(msg(4, { sender: { id: 'alice', name: 'Alice' } }));
  assert.equal(session.store.conversations.get('g-1').unread, 2);
  session.handle({ ...msg(1), conversation: 'g-2', topic: 'asia' });
  session.handle({ ...msg(2), conversation: 'g-2', topic: 'eu' });
  assert.equal(session.store.conversations.get('g-2').unread, 1);
  assert.equal(session.store.totalUnread(), 3);
  assert.equal(session.visibleMessage({ conversation: 'g-2', topic: 'asia' }), false);
});

test('session: a topic group subscribes with its followed topics', () => {
  const { session, sent } = sessionWithWire();
  session.prefs.setFollowed('g-2', ['eu']);
  session.handle({ ...welcome, conversations: [{ id: 'g-2', kind: 'topics', title: 'Regions', tenant: 'acme', lastSeq: 0, unread: 0 }] });
  const sub = sent.find((f) => f.type === 'subscribe' && f.conversation === 'g-2');
  assert.deepEqual(sub.topics, ['eu']);
  assert.ok(sent.some((f) => f.type === 'topics' && f.conversation === 'g-2'));
});

test('session: scrolling up asks for the page before the oldest message held, and stops when there is no more', () => {
  const { session, sent } = sessionWithWire();
  session.handle(welcome);
  session.handle({ type: 'history', conversation: 'g-1', messages: [msg(51), msg(52)], more: true });
  sent.length = 0;
  session.loadOlder('g-1');
  assert.deepEqual(sent.map((f) => [f.type, f.before]), [['history', 51]]);
  session.loadOlder('g-1');
  assert.equal(sent.length, 1, 'one page at a time');
  session.handle({ type: 'history', conversation: 'g-1', messages: [msg(49), msg(50)], more: false });
  session.loadOlder('g-1');
  assert.equal(sent.length, 1);
  assert.deepEqual(session.store.list('g-1').map((m) => m.seq), [49, 50, 51, 52]);
});

test('search: a query becomes one search frame; blank asks nothing; the cursor is passed back', () => {
  assert.equal(searchFrame('   ', 's1'), null);
  assert.deepEqual(searchFrame(' excavadora ', 's1'), { type: 'search', id: 's1', query: 'excavadora', limit: 20 });
  assert.equal(searchFrame('x', 's2', 'n~1~g~2').cursor, 'n~1~g~2');
});

test('search: snippet highlights become marked parts (UTF-16 offsets), bad ranges are ignored', () => {
  const parts = snippetParts('…the 挖掘机 and the Excavator', [[5, 8], [17, 26], [3, 99]]);
  assert.deepEqual(parts.filter((p) => p.mark).map((p) => p.text), ['挖掘机', 'Excavator']);
  assert.equal(parts.map((p) => p.text).join(''), '…the 挖掘机 and the Excavator');
  assert.deepEqual(snippetParts('<img src=x onerror=alert(1)>', []), [{ text: '<img src=x onerror=alert(1)>', mark: false }]);
});

test('session: pushed minutes are acknowledged (they stay in the inbox until then), each version shown once', () => {
  const sent = [];
  let shown = 0;
  const s = new ChatSession({ send: (f) => { sent.push(f); return true; }, onNotify: () => { shown += 1; } });
  const frame = { type: 'minutes', meeting: 'm-1', version: 1, lang: 'en', title: 'T', minutes: {}, markdown: '# T' };
  s.handle(frame);
  s.handle({ ...frame });
  assert.deepEqual(sent.filter((f) => f.type === 'meeting.ack').map((f) => [f.meeting, f.version]), [['m-1', 1], ['m-1', 1]]);
  assert.equal(shown, 1);
});

test('outbox: pending sends survive a reload with their ids, and leave storage once acked', () => {
  const storage = new MemoryStorage();
  const persist = { storage, key: 'parley.outbox.alice@acme' };
  const first = new Outbox(persist);
  first.add({ id: 'c-9', conversation: 'g-1', text: 'typed offline' });
  const reloaded = new Outbox(persist);
  assert.deepEqual(reloaded.frames(), [{ type: 'send', id: 'c-9', conversation: 'g-1', text: 'typed offline' }]);
  reloaded.acked({ id: 'c-9', seq: 4, at: 1 });
  assert.equal(storage.getItem('parley.outbox.alice@acme'), null);
  assert.equal(new Outbox(persist).size, 0);
});

test('a direct conversation is named after the other person, with the tenant only when it is another', async () => {
  const { conversationName } = await import(`${js}/view.js`);
  const me = { id: 'alice', tenant: 'acme' };
  assert.equal(conversationName({ kind: 'direct', id: 'd:alice@acme:bob@acme' }, me), 'bob');
  assert.equal(conversationName({ kind: 'direct', id: 'd:alice@acme:pat@partner' }, me), 'pat@partner');
  assert.equal(conversationName({ kind: 'group', id: 'g-1', title: 'Ops' }, me), 'Ops');
});

test('corrections: a suggestion names the message and the reader\'s language, and only when the text changed', () => {
  const m = msg(4, { text: 'Li Na please send list', lang: 'en', engine: 'dictionary', original: { text: '请李娜发名单', lang: 'zh' } });
  assert.deepEqual(suggestFrame(m, 'en', '  Li Na, please send the list. ', 'tr-suggest-1'),
    { type: 'translation.suggest', id: 'tr-suggest-1', conversation: 'g-1', seq: 4, lang: 'en', text: 'Li Na, please send the list.' });
  assert.equal(suggestFrame(m, 'en', 'Li Na please send list', 'x'), null, 'unchanged');
  assert.equal(suggestFrame(m, 'en', '   ', 'x'), null, 'empty');
  assert.equal(suggestFrame(msg(5), 'en', 'other', 'x'), null, 'an untranslated message has nothing to correct');
  assert.equal(isSuggestionReply({ type: 'translation.decided' }), true);
  assert.equal(isSuggestionReply({ type: 'error', id: 'tr-decide-2' }), true);
  assert.equal(isSuggestionReply({ type: 'error', id: 'search-1' }), false);
  assert.equal(translationLabel({ ...m, engine: 'memory' }).corrected, true);
  assert.equal(translationLabel(m).corrected, false);
});

test('session: translation replies and their errors go to the corrections handler, others do not', () => {
  const seen = [];
  const s = new ChatSession({ send: () => true, onTranslation: (f) => seen.push(f.type), onError: (f) => seen.push(`other ${f.id}`) });
  s.handle({ type: 'translation.suggested', id: 'tr-suggest-1', suggestion: { state: 'pending' } });
  s.handle({ type: 'translation.suggestions', id: 'tr-list-2', suggestions: [] });
  s.handle({ type: 'error', id: 'tr-decide-3', code: 'conflict', message: 'already accepted' });
  s.handle({ type: 'error', id: 'x-1', code: 'forbidden', message: 'no' });
  assert.deepEqual(seen, ['translation.suggested', 'translation.suggestions', 'error', 'other x-1']);
});

test('follow-ups: each party gets the buttons its rules allow', () => {
  const item = { id: 'f-1', owner: 'ana@acme', requester: 'host@acme', status: 'proposed' };
  assert.deepEqual(actionsFor(item, 'ana@acme'), ['accept', 'done', 'reassign', 'due', 'drop']);
  assert.deepEqual(actionsFor(item, 'host@acme'), ['done', 'reassign', 'due', 'drop']);
  assert.deepEqual(actionsFor({ ...item, status: 'open' }, 'ana@acme'), ['done', 'reassign', 'due', 'drop']);
  assert.deepEqual(actionsFor(item, 'bob@acme'), []);
  assert.deepEqual(actionsFor({ ...item, status: 'done' }, 'host@acme'), ['accept', 'reopen']);
  assert.deepEqual(actionsFor({ ...item, status: 'done' }, 'ana@acme'), []);
  assert.deepEqual(actionsFor({ ...item, status: 'accepted' }, 'host@acme'), []);
});

test('follow-ups: open ones due soonest first, overdue marked, closed ones last', () => {
  const rows = followUpRows([
    { id: 'a', status: 'open', due: '2026-12-20', createdAt: 1 },
    { id: 'b', status: 'accepted', due: '2026-12-01', createdAt: 2 },
    { id: 'c', status: 'proposed', createdAt: 3 },
    { id: 'd', status: 'open', due: '2026-12-01', createdAt: 4 },
    { id: 'e', status: 'done', due: '2026-12-02', createdAt: 5 },
  ], '2026-12-08');
  assert.deepEqual(rows.map((r) => r.item.id), ['d', 'e', 'a', 'c', 'b']);
  assert.deepEqual(rows.map((r) => r.overdue), [true, false, false, false, false]);
});

test('follow-ups: a reminder\'s buttons mark it done or move its due day', () => {
  assert.deepEqual(reminderFrame('done', 'f-1', '2026-12-08', 'fu-1'), { type: 'followup.update', id: 'fu-1', followup: 'f-1', action: 'done' });
  assert.equal(reminderFrame('snooze-day', 'f-1', '2026-12-31', 'fu-2').due, '2027-01-01');
  assert.equal(reminderFrame('snooze-week', 'f-1', '2026-02-26', 'fu-3').due, '2026-03-05');
  assert.equal(reminderFrame('bogus', 'f-1', '2026-12-08', 'fu-4'), null);
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
});

test('follow-ups: the edit form sends reassign with an owner, or due with a day (none clears it)', () => {
  assert.deepEqual(editFrame('reassign', 'f-1', ' li ', 'x'), { type: 'followup.update', id: 'x', followup: 'f-1', action: 'reassign', owner: 'li' });
  assert.equal(editFrame('reassign', 'f-1', '  ', 'x'), null);
  assert.deepEqual(editFrame('due', 'f-1', '2026-12-24', 'x'), { type: 'followup.update', id: 'x', followup: 'f-1', action: 'due', due: '2026-12-24' });
  assert.deepEqual(editFrame('due', 'f-1', '', 'x'), { type: 'followup.update', id: 'x', followup: 'f-1', action: 'due' });
});

test('store: edits, deletions and reactions change their target and are not listed themselves', () => {
  const s = new ChatStore();
  s.setConversations([{ id: 'g-1', kind: 'group', title: 'Ops', tenant: 'acme', lastSeq: 0, unread: 0 }]);
  s.addMessage(msg(1));
  s.addMessage(msg(2, { kind: 'edit', target: 1, text: 'new text', lang: 'zh', original: { text: 'new', lang: 'en' } }));
  assert.deepEqual(s.list('g-1').map((m) => m.seq), [1]);
  assert.equal(s.list('g-1')[0].text, 'new text');
  assert.equal(s.list('g-1')[0].edited, msg(2).at);
  s.addMessage(msg(3, { kind: 'reaction', target: 1, text: '👍', payload: { on: true } }));
  s.addMessage(msg(4, { kind: 'reaction', target: 1, text: '👍', sender: { id: 'ana', tenant: 'acme' }, payload: { on: true } }));
  s.addMessage(msg(5, { kind: 'reaction', target: 1, text: '👍', payload: { on: false } }));
  assert.deepEqual(s.list('g-1')[0].reactions, { '👍': ['ana@acme'] });
  // A replayed event (same seq) is not applied twice.
  s.addMessage(msg(5, { kind: 'reaction', target: 1, text: '👍', payload: { on: false } }));
  assert.deepEqual(s.list('g-1')[0].reactions, { '👍': ['ana@acme'] });
  s.addMessage(msg(6, { kind: 'delete', target: 1, text: '' }));
  assert.equal(s.list('g-1')[0].text, '');
  assert.ok(s.list('g-1')[0].deleted);
  // An edit arriving for a deleted message does not bring the text back.
  s.addMessage(msg(7, { kind: 'edit', target: 1, text: 'again' }));
  assert.equal(s.list('g-1')[0].text, '');
  assert.equal(s.conversations.get('g-1').cursor, 7);
});

test('store: lastOwn is the newest own text message not deleted (the Up arrow edits it)', () => {
  const s = new ChatStore();
  s.setConversations([{ id: 'g-1', kind: 'group', title: 'Ops', tenant: 'acme', lastSeq: 0, unread: 0 }]);
  s.addMessage(msg(1));
  s.addMessage(msg(2, { sender: { id: 'ana' } }));
  s.addMessage(msg(3));
  s.addMessage(msg(4, { kind: 'delete', target: 3, text: '' }));
  assert.equal(s.lastOwn('g-1', { id: 'bob', tenant: 'acme' }).seq, 1);
  assert.equal(s.lastOwn('g-1', { id: 'carol', tenant: 'acme' }), null);
});

test('session: an acked edit or reaction is applied to the sender\'s own view; an action event is not unread', () => {
  const sent = [];
  const session = new ChatSession({ send: (f) => { sent.push(f); return true; } });
  session.handle({ type: 'welcome', user: { id: 'bob', tenant: 'acme', name: 'Bob', lang: 'en' },
    conversations: [{ id: 'g-1', kind: 'group', title: 'Ops', tenant: 'acme', lastSeq: 0, unread: 0 }] });
  session.handle({ ...msg(1), sender: { id: 'ana', name: 'Ana' } });
  const unread = session.store.conversations.get('g-1').unread;
  session.act('react', 'g-1', 1, '🎉');
  const react = sent[sent.length - 1];
  assert.equal(react.type, 'react');
  assert.equal(react.emoji, '🎉');
  session.handle({ type: 'ack', id: react.id, conversation: 'g-1', seq: 2, at: 1 });
  assert.deepEqual(session.store.list('g-1')[0].reactions, { '🎉': ['bob@acme'] });
  session.act('edit', 'g-1', 1, 'x');
  const edit = sent[sent.length - 1];
  session.handle({ type: 'error', id: edit.id, code: 'forbidden', message: 'only its sender (ana@acme) may edit message #1' });
  assert.equal(session.store.list('g-1')[0].text, 'm1');
  session.handle({ ...msg(3, { kind: 'reaction', target: 1, text: '👍', sender: { id: 'ana', name: 'Ana' }, payload: { on: true } }) });
  assert.equal(session.store.conversations.get('g-1').unread, unread);
  // A reply keeps its reply_to through the outbox.
  session.post({ conversation: 'g-1', text: 'answer', replyTo: 1 });
  assert.equal(sent[sent.length - 1].reply_to, 1);
});

test('mentions: @id of a member and @all are picked out of the text; others are not', async () => {
  const { mentionsIn } = await import(`${js}/outbox.js`);
  assert.deepEqual(mentionsIn('@bob and @all, ping @nobody; mail x@bob.com @bob.', new Set(['bob', 'ana'])), ['bob', 'all']);
  assert.deepEqual(mentionsIn('no one', new Set(['bob'])), []);
  const sent = [];
  const notes = [];
  const session = new ChatSession({ send: (f) => { sent.push(f); return true; }, onNotify: (e) => notes.push(e.kind) });
  session.handle({ type: 'welcome', user: { id: 'bob', tenant: 'acme', name: 'Bob', lang: 'en' },
    conversations: [{ id: 'g-1', kind: 'group', title: 'Ops', tenant: 'acme', lastSeq: 0, unread: 0 }] });
  session.visible = false;
  session.handle({ ...msg(1), sender: { id: 'ana' }, payload: { mentions: ['bob@acme'] } });
  assert.deepEqual(notes, ['mention']);
  assert.equal(session.store.conversations.get('g-1').mentioned, true);
  session.post({ conversation: 'g-1', text: '@ana hi', mentions: ['ana'] });
  assert.deepEqual(sent[sent.length - 1].mentions, ['ana']);
});

test('typing: sent at most every 3 s per conversation; shown for 5 s, ended by the typist’s message', () => {
  const sent = [];
  const session = new ChatSession({ send: (f) => { sent.push(f); return true; } });
  session.handle({ type: 'welcome', user: { id: 'bob', tenant: 'acme', name: 'Bob', lang: 'en' },
    conversations: [{ id: 'g-1', kind: 'group', title: 'Ops', tenant: 'acme', lastSeq: 0, unread: 0 }] });
  const before = sent.length;
  session.typing('g-1', 10_000);
  session.typing('g-1', 11_000);
  session.typing('g-1', 13_500);
  assert.equal(sent.length - before, 2);
  session.handle({ type: 'typing', conversation: 'g-1', user: { id: 'ana', name: 'Ana' } });
  assert.deepEqual(session.typingNames('g-1'), ['Ana']);
  assert.deepEqual(session.typingNames('g-1', Date.now() + 6000), []);
  session.handle({ type: 'typing', conversation: 'g-1', user: { id: 'ana', name: 'Ana' } });
  session.handle({ ...msg(1), sender: { id: 'ana', name: 'Ana' } });
  assert.deepEqual(session.typingNames('g-1'), []);
});

test('attachments: sizes read as people write them; a signed link is fetched once and again shortly before it expires', async () => {
  assert.equal(formatSize(512), '512 B');
  assert.equal(formatSize(1536), '1.5 KB');
  assert.equal(formatSize(25 * 1024 * 1024), '25 MB');
  let now = 0;
  const asked = [];
  const links = new FileLinks(async (id) => { asked.push(id); return { url: `/api/v1/files/${id}?s=${asked.length}`, expires: now + 300_000 }; }, () => now);
  assert.equal(await links.url('fl-1'), '/api/v1/files/fl-1?s=1');
  assert.equal(await links.url('fl-1'), '/api/v1/files/fl-1?s=1');
  now += 250_000; // under a minute left: a new link
  assert.equal(await links.url('fl-1'), '/api/v1/files/fl-1?s=2');
  assert.deepEqual(asked, ['fl-1', 'fl-1']);
});

test('outbox: a send with files carries their ids, also when re-sent', () => {
  const box = new Outbox();
  box.add({ id: 'c1', conversation: 'g', text: 'see', attachments: ['fl-a', 'fl-b'] });
  box.add({ id: 'c2', conversation: 'g', text: 'plain' });
  assert.deepEqual(box.frames(), [
    { type: 'send', id: 'c1', conversation: 'g', text: 'see', attachments: ['fl-a', 'fl-b'] },
    { type: 'send', id: 'c2', conversation: 'g', text: 'plain' },
  ]);
});
