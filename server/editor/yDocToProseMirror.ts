import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { schema } from './schema.ts';

/**
 * Reads a document's text out of its Y.Doc as a ProseMirror node with the shared schema, exactly
 * as the editor binds to it (the `default` fragment). Read-only: the Y.Doc is not changed.
 */
export function yDocToProseMirror(ydoc: Y.Doc): ProseMirrorNode {
  return yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(YJS_FRAGMENT), schema);
}
