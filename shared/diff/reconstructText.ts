import type { DiffOp } from './diffWords.ts';

/**
 * The text of one side of a diff: the old text is every equal and deleted piece, the new text
 * every equal and inserted piece. A diff is correct exactly when both come back unchanged, which
 * is what the tests check, and what a renderer relies on.
 */
export function reconstructText(ops: readonly DiffOp[], side: 'old' | 'new'): string {
  const skipped = side === 'old' ? 'insert' : 'delete';
  let text = '';
  for (const op of ops) if (op.type !== skipped) text += op.text;
  return text;
}
