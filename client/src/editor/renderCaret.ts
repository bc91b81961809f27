/**
 * Draws another person's caret with a name label, for CollaborationCaret's `render` option. It
 * matches Tiptap's default caret, with one change: the caret sits inside the editable text, so it
 * is hidden from assistive technology. Otherwise a screen reader reads the other person's name
 * as if it were part of the sentence; the presence list says who is in the document instead.
 * The caret extension has already replaced an invalid colour with `transparent`.
 */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const name = typeof user['name'] === 'string' ? user['name'] : '';
  const color = typeof user['color'] === 'string' ? user['color'] : 'transparent';
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.setAttribute('aria-hidden', 'true');
  caret.style.borderColor = color;
  const label = document.createElement('div');
  label.className = 'collaboration-carets__label';
  label.style.backgroundColor = color;
  // A text node, never markup: the name comes from another client's awareness state.
  label.textContent = name;
  caret.append(label);
  return caret;
}
