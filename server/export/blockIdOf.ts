import type { JSONContent } from '@tiptap/core';
import { BLOCK_ID_ATTRIBUTE } from '../../shared/editor/blockTypes.ts';

/** The block id of a Tiptap JSON node, or null when it has none. */
export function blockIdOf(node: JSONContent): string | null {
  const id: unknown = node.attrs?.[BLOCK_ID_ATTRIBUTE];
  return typeof id === 'string' && id !== '' ? id : null;
}
