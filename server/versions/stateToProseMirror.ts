import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { yDocToProseMirror } from '../editor/yDocToProseMirror.ts';

/**
 * Reads a stored Yjs state (a version's) into a ProseMirror document with the shared schema, in
 * a throwaway Y.Doc. The live document is never touched.
 */
export function stateToProseMirror(state: Uint8Array): ProseMirrorNode {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return yDocToProseMirror(doc);
  } finally {
    doc.destroy();
  }
}
