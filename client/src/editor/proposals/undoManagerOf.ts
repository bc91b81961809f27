import type { Editor } from '@tiptap/core';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/** The editor's Yjs undo manager (from y-tiptap's undo plugin), or null when it has none. */
export function undoManagerOf(editor: Editor): Y.UndoManager | null {
  const state: unknown = yUndoPluginKey.getState(editor.state);
  if (typeof state !== 'object' || state === null || !('undoManager' in state)) return null;
  return state.undoManager instanceof Y.UndoManager ? state.undoManager : null;
}
