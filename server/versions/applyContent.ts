import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { updateYFragment } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';

/**
 * Turns the document's text into `content` as an ordinary change on top of what is there, the
 * way the editor's own binding writes an edit: y-tiptap's `updateYFragment` compares `content`
 * with the Y.XmlFragment and rewrites only what differs. Text that both have keeps its Yjs items,
 * so the relative positions that comment anchors are stored as keep pointing at it; text only
 * the current document has is deleted, which the anchors on it then report as removed.
 *
 * Call inside a transaction with the origin the change should be attributed to.
 */
export function applyContent(doc: Y.Doc, content: ProseMirrorNode): void {
  // A fresh binding mapping: nothing is known to be equal in advance, so every block is compared.
  updateYFragment(doc, doc.getXmlFragment(YJS_FRAGMENT), content, {
    mapping: new Map(),
    isOMark: new Map(),
  });
}
