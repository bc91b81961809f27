import { Awareness } from 'y-protocols/awareness';

/** The awareness field y-tiptap keeps the local caret in (its cursor plugin's default). */
const CARET_FIELD = 'cursor';

/** Whether `a` and `b` hold the same values in every field but `except`. */
function sameExcept(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
  except: string,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete(except);
  for (const key of keys) if (!Object.is(a[key], b[key])) return false;
  return true;
}

/**
 * Awareness that does not announce the local caret's own moves as a `change`; they still go out
 * to the other clients as an `update`, as every local state does.
 *
 * y-tiptap's cursor plugin answers every `change` with a transaction of the editor's own, so
 * each key typed made a second editor update (its sync plugin diffing the document against Yjs
 * and working out the caret's Yjs position again), only to redraw the other people's carets,
 * which the local caret's move does not touch. Nothing on the page shows the local caret from
 * awareness: the presence list shows names and colours, which are announced as before.
 */
export class LocalCaretAwareness extends Awareness {
  /** Set while a local state that differs from the last only in its caret is being set. */
  private caretOnly = false;

  override setLocalState(state: Record<string, unknown> | null): void {
    const previous = this.getLocalState();
    this.caretOnly =
      previous !== null && state !== null && sameExcept(previous, state, CARET_FIELD);
    try {
      super.setLocalState(state);
    } finally {
      this.caretOnly = false;
    }
  }

  override emit(name: string, args: unknown[]): void {
    if (this.caretOnly && name === 'change') return;
    super.emit(name, args);
  }
}
