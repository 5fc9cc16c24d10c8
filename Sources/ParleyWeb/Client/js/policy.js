// What the connection does after a close, and how long it waits. Pure.

/** Reconnect delay: exponential from `base` up to `cap`, with equal jitter (half fixed, half random). */
export function backoffDelay(attempt, { base = 500, cap = 8000, random = Math.random } = {}) {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * `signin`: the token is no good (4001), ask for a new one.
 * `backoff`: the server limited us (4029), wait longer.
 * `reconnect`: anything else (1001 restart, 4008 slow consumer, 1006 dropped) resumes with `since`.
 */
export function closeAction(code) {
  if (code === 4001) return 'signin';
  if (code === 4029) return 'backoff';
  return 'reconnect';
}
