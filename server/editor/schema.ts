import { getSchema, type JSONContent } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { schemaExtensions } from '../../shared/editor/extensions.ts';

/** The editor schema, built once from the shared extension list, for server-side reading. */
export const schema = getSchema(schemaExtensions());

/**
 * Parses Tiptap JSON into a ProseMirror document with the shared schema, and checks it. Throws on
 * content the schema does not allow, so invalid content never reaches a Yjs document.
 */
export function parseContent(json: JSONContent): ProseMirrorNode {
  const node = schema.nodeFromJSON(json);
  node.check();
  return node;
}
