// Unit tests of the sign-in module's pure parts (node --test unit/signin.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renewDelay, refreshAccess, providers } from '../../../Sources/ParleyWeb/Client/js/signin.js';

test('renewal a minute before expiry, or at half the remaining life', () => {
  const now = 1_000_000_000;
  assert.equal(renewDelay(now / 1000 + 600, now), 540_000);
  assert.equal(renewDelay(now / 1000 + 60, now), 30_000);
  assert.equal(renewDelay(now / 1000 - 5, now), 1000);
});

test('refresh answers the grant, or the reason the session ended', async () => {
  const ok = async () => ({ ok: true, status: 200, json: async () => ({ token: 't', expires_in: 600 }) });
  assert.equal((await refreshAccess(ok, null)).token, 't');
  const ended = async () => ({ ok: false, status: 401, json: async () => ({ error: 'session_reused', message: 'used twice' }) });
  assert.deepEqual(await refreshAccess(ended, null), { error: 'session_reused', message: 'used twice' });
  const offline = async () => { throw new TypeError('network'); };
  assert.equal((await refreshAccess(offline, null)).retry, true);
});

test('refreshes run one at a time under a Web Lock', async () => {
  const names = [];
  const locks = { request: async (name, f) => { names.push(name); return f(); } };
  const ok = async () => ({ ok: true, status: 200, json: async () => ({ token: 't' }) });
  await refreshAccess(ok, locks);
  assert.deepEqual(names, ['parley-refresh']);
});

test('providers: empty when the server has none or fails', async () => {
  assert.deepEqual(await providers(async () => ({ ok: true, json: async () => ({ providers: [{ name: 'Acme', login: '/auth/login?provider=Acme' }] }) })),
    [{ name: 'Acme', login: '/auth/login?provider=Acme' }]);
  assert.deepEqual(await providers(async () => { throw new Error('down'); }), []);
});
