import type { EditorState } from '@tiptap/pm/state';
import { ySyncPluginKey, type ProsemirrorBinding } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

/** The parts of y-tiptap's sync plugin state that comment anchors need. */
export interface YSyncState {
  /** The Y.Doc the editor is bound to. */
  doc: Y.Doc;
  /** The Y.XmlFragment that holds the text. */
  type: Y.XmlFragment;
  /** Maps Yjs types to the ProseMirror nodes that show them. */
  binding: ProsemirrorBinding;
  /** True for the transaction that applies a change that came from Yjs (a remote edit). */
  isChangeOrigin: boolean;
}

/**
 * The sync plugin's state, or null while it has none. y-tiptap types its key as
 * `PluginKey<any>`; this narrows it to what is read here, in one place.
 */
export function ySyncState(state: EditorState): YSyncState | null {
  const value: unknown = ySyncPluginKey.getState(state);
  if (typeof value !== 'object' || value === null) return null;
  const sync = value as Partial<YSyncState>;
  if (!sync.doc || !sync.type || !sync.binding) return null;
  return sync as YSyncState;
}
