import { getSchema, type JSONContent } from '@tiptap/core';
import type { Node as ProseMirrorNode, Schema } from '@tiptap/pm/model';
import { schemaExtensions } from '../editor/extensions.ts';

// Built on first use, not on import: building the schema instantiates every extension, and most
// importers of shared/ never compare documents.
let sharedSchema: Schema | undefined;

/**
 * Reads Tiptap JSON into a ProseMirror document with the shared editor schema, so the diff sees
 * documents exactly as the editor and numbering.ts do (default attributes filled in, adjacent
 * text with the same marks joined). Needs no DOM: it runs in the browser and on the server.
 *
 * Content is not checked against the content model (`node.check()`): a comparison should still
 * show an old version that a later schema would no longer allow, as long as its node and mark
 * types exist.
 * @throws RangeError when the JSON names a node or mark type the schema does not have.
 */
export function parseDocument(json: JSONContent): ProseMirrorNode {
  sharedSchema ??= getSchema(schemaExtensions({ assignBlockIds: false }));
  return sharedSchema.nodeFromJSON(json);
}
