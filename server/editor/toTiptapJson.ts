import type { JSONContent } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';

/**
 * A ProseMirror node as Tiptap JSON. ProseMirror types `toJSON()` as `any`; its result is
 * exactly the `{ type, attrs, content, marks, text }` shape Tiptap's JSONContent describes, so
 * the one conversion lives here instead of an `any` leaking into every caller.
 */
export function toTiptapJson(node: ProseMirrorNode): JSONContent {
  const json: unknown = node.toJSON();
  return json as JSONContent;
}
