import { randomUUID } from 'node:crypto';
import type { JSONContent } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { prosemirrorToYXmlFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import {
  BLOCK_ID_ATTRIBUTE,
  BLOCK_ID_TYPES,
  YJS_FRAGMENT,
} from '../../shared/editor/blockTypes.ts';
import { parseContent } from './schema.ts';

/**
 * Gives every block that should have an id, and has none or a duplicate, a fresh one. The
 * browser's UniqueID extension does the same for edits; content created on the server (the demo
 * seed, imports) must arrive with ids already, because read-only clients may not add them.
 */
export function withBlockIds(doc: ProseMirrorNode): ProseMirrorNode {
  const seen = new Set<string>();
  const assign = (node: ProseMirrorNode): ProseMirrorNode => {
    const children: ProseMirrorNode[] = [];
    node.forEach((child) => children.push(assign(child)));
    let attrs = node.attrs;
    if (BLOCK_ID_TYPES.includes(node.type.name)) {
      const id: unknown = attrs[BLOCK_ID_ATTRIBUTE];
      if (typeof id !== 'string' || id === '' || seen.has(id)) {
        attrs = { ...attrs, [BLOCK_ID_ATTRIBUTE]: randomUUID() };
      }
      seen.add(String(attrs[BLOCK_ID_ATTRIBUTE]));
    }
    if (node.isText) return node;
    return node.type.create(attrs, children, node.marks);
  };
  return assign(doc);
}

/**
 * Turns Tiptap JSON into the Yjs update that creates it in an empty document: validated against
 * the shared schema, with block ids assigned, in the `default` fragment the editor binds to.
 */
export function contentToYUpdate(json: JSONContent): Uint8Array {
  const node = withBlockIds(parseContent(json));
  const ydoc = new Y.Doc();
  prosemirrorToYXmlFragment(node, ydoc.getXmlFragment(YJS_FRAGMENT));
  const update = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return update;
}

/** The Yjs update of an empty document: one empty paragraph with an id, ready to type into. */
export function emptyDocumentUpdate(): Uint8Array {
  return contentToYUpdate({ type: 'doc', content: [{ type: 'paragraph' }] });
}
