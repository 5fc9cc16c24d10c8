// Composer and navigation keys. Pure: takes a KeyboardEvent-shaped object.

/**
 * Enter sends, Shift+Enter is a new line. While an input method is composing (Chinese, Japanese),
 * Enter confirms the candidate and must never send: `isComposing`, or keyCode 229 that some
 * browsers report for the Enter ending a composition.
 */
export function composerAction(e) {
  if (e.key !== 'Enter') return 'none';
  if (e.isComposing || e.keyCode === 229) return 'none';
  if (e.shiftKey) return 'newline';
  if (e.ctrlKey || e.altKey || e.metaKey) return 'none';
  return 'send';
}

/** Alt+Up / Alt+Down: the previous or next conversation in the list. */
export function navigationStep(e) {
  if (!e.altKey || e.ctrlKey || e.metaKey) return 0;
  if (e.key === 'ArrowUp') return -1;
  if (e.key === 'ArrowDown') return 1;
  return 0;
}
