// Sign-in with the company's identity provider: the buttons on the sign-in page (from
// GET /auth/providers), the access token from POST /auth/refresh (the refresh credential is an
// HttpOnly cookie this page never sees), renewal before the token expires, and sign-out.
// Access tokens stay in memory only; a reload asks /auth/refresh again.

/** Milliseconds until a token expiring at `exp` (seconds) should be renewed: a minute before it
 * expires, or at half its remaining life when less than two minutes remain; at least one second. */
export function renewDelay(exp, nowMs = Date.now()) {
  const left = exp * 1000 - nowMs;
  return Math.max(1000, left > 120_000 ? left - 60_000 : left / 2);
}

/** The configured providers, `[{name, login}]`; empty when the server has none or cannot say. */
export async function providers(fetchImpl = fetch) {
  try {
    const r = await fetchImpl('/auth/providers', { credentials: 'same-origin' });
    if (!r.ok) return [];
    const body = await r.json();
    return Array.isArray(body.providers) ? body.providers : [];
  } catch {
    return [];
  }
}

/** Trades the refresh cookie for an access token: `{token, expires_in, user, name}`, or
 * `{error, message}` when the session ended. One tab at a time (Web Locks), because a refresh
 * credential presented twice ends the session. */
export async function refreshAccess(fetchImpl = fetch, locks = globalThis.navigator?.locks) {
  const run = async () => {
    try {
      const r = await fetchImpl('/auth/refresh', { method: 'POST', credentials: 'same-origin' });
      const body = await r.json().catch(() => ({}));
      return r.ok ? body : { error: body.error || `status ${r.status}`, message: body.message || 'the session ended' };
    } catch {
      return { error: 'offline', message: 'the server cannot be reached', retry: true };
    }
  };
  return locks ? locks.request('parley-refresh', run) : run();
}

export async function signOut(fetchImpl = fetch) {
  try {
    const r = await fetchImpl('/auth/logout', { method: 'POST', credentials: 'same-origin' });
    const body = await r.json();
    // The provider's end-session page, to sign out there too (RP-initiated logout); http(s) only.
    return typeof body.provider_logout === 'string' && /^https?:\/\//.test(body.provider_logout) ? body.provider_logout : null;
  } catch { return null; /* signed out locally anyway */ }
}

/** Draws "Sign in with <name>" links into `container` (a document node). */
export function drawProviders(container, list, doc = document) {
  container.replaceChildren(...list.map((p) => {
    const a = doc.createElement('a');
    a.className = 'provider-button';
    a.href = p.login;
    a.textContent = `Sign in with ${p.name}`;
    return a;
  }));
  container.hidden = list.length === 0;
}
