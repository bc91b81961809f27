import type { Extensions } from '@tiptap/core';
import { TableKit } from '@tiptap/extension-table';
import { StarterKit } from '@tiptap/starter-kit';

/**
 * The extensions of a plain Tiptap editor that can hold the bench document: StarterKit for its
 * paragraphs, headings, lists and marks, and the table nodes, because about one block in a
 * hundred of the fixture is a table and a schema without them would drop those blocks. Nothing
 * of Remiss' own: no block ids, numbering, comment highlights or carets.
 *
 * @param collaborative With Yjs, ProseMirror's own undo history must go: y-tiptap keeps its own.
 */
export function baseExtensions(collaborative: boolean): Extensions {
  return [
    StarterKit.configure(collaborative ? { undoRedo: false } : {}),
    TableKit.configure({ table: { resizable: false } }),
  ];
}

/** Where the editor mounts; index.html and static.html both have it. */
export function editorElement(): HTMLElement {
  const element = document.getElementById('editor');
  if (!element) throw new Error('the bench page has no #editor element');
  return element;
}

/**
 * Tells the bench the document is in the editor: it waits for this attribute, as it waits for
 * Remiss' "saved" status, before it counts the page as open.
 */
export function markSynced(): void {
  document.body.dataset['benchState'] = 'synced';
}
