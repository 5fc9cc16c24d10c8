// The HTTP API (docs/protocol.md, "HTTP") with the session's token.

/** Returns {ok, status, body} where body is the parsed JSON answer (or null). */
export async function api(token, method, path, body) {
  const init = { method, headers: { Authorization: `Bearer ${token}` } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  let parsed = null;
  try { parsed = await response.json(); } catch { parsed = null; }
  return { ok: response.ok, status: response.status, body: parsed };
}
