// Where the client's token comes from: the link's fragment (`#token=JWT`, never sent to a server
// and removed from the address bar at once), then sessionStorage for reloads of the tab. Pure
// helpers plus one function that touches `location`/`history`.

export const STORAGE_KEY = 'parley.token';

/** The token in a fragment such as "#token=eyJ…" (other fragment parameters are ignored). */
export function tokenFromFragment(hash) {
  const params = new URLSearchParams((hash || '').replace(/^#/, ''));
  const t = params.get('token');
  return t && t.trim() ? t.trim() : null;
}

/** The claims of a JWT, for display only (the server verifies; the client trusts nothing here). */
export function claims(token) {
  try {
    const part = token.split('.')[1];
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    return JSON.parse(decodeURIComponent(escape(json)));
  } catch {
    return null;
  }
}

/** Takes a token from the fragment into sessionStorage and cleans the address bar; returns the token. */
export function adoptToken(win = window) {
  const fromLink = tokenFromFragment(win.location.hash);
  if (fromLink) {
    win.sessionStorage.setItem(STORAGE_KEY, fromLink);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    return fromLink;
  }
  return win.sessionStorage.getItem(STORAGE_KEY);
}

export function forgetToken(win = window) {
  win.sessionStorage.removeItem(STORAGE_KEY);
}
