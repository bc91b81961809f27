import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';
import { BLOCK_ID_ATTRIBUTE } from '../../../../shared/editor/blockTypes.ts';
import type { AnchorSource } from './anchorSource.ts';
import { ySyncState } from './ySyncState.ts';

/** A thread's passage in the current ProseMirror document: `[from, to)`. */
export interface AnchorRange {
  from: number;
  to: number;
  /** A whole block grows with text typed at its edges; a passage does not. */
  kind: 'passage' | 'block';
}

function blockPositions(doc: ProseMirrorNode): Map<string, { pos: number; node: ProseMirrorNode }> {
  const blocks = new Map<string, { pos: number; node: ProseMirrorNode }>();
  doc.descendants((node, pos) => {
    const id: unknown = node.attrs[BLOCK_ID_ATTRIBUTE];
    // The first block with an id wins, as on the server (flattenText).
    if (typeof id === 'string' && id !== '' && !blocks.has(id)) blocks.set(id, { pos, node });
    return !node.isTextblock;
  });
  return blocks;
}

/**
 * Maps every anchor to its place in the editor's document. Passages go through y-tiptap's
 * `relativePositionToAbsolutePosition` with the sync binding's mapping, the way remote carets
 * are placed, so they follow concurrent edits exactly as the server resolves them. Whole blocks
 * follow their block id, as on the server. Anchors that do not resolve (the text is gone, or
 * this client has not received it yet) are left out.
 */
export function resolveAnchors(
  state: EditorState,
  sources: readonly AnchorSource[],
): Map<string, AnchorRange> {
  const ranges = new Map<string, AnchorRange>();
  const sync = ySyncState(state);
  if (!sync || sync.binding.mapping.size === 0) return ranges;
  const size = state.doc.content.size;
  let blocks: Map<string, { pos: number; node: ProseMirrorNode }> | null = null;

  for (const source of sources) {
    if (source.kind === 'block' && source.blockId !== null) {
      blocks ??= blockPositions(state.doc);
      const block = blocks.get(source.blockId);
      if (block && block.node.content.size > 0) {
        ranges.set(source.threadId, {
          from: block.pos + 1,
          to: block.pos + block.node.nodeSize - 1,
          kind: 'block',
        });
      }
      continue;
    }
    if (!source.start || !source.end) continue;
    const from = relativePositionToAbsolutePosition(
      sync.doc,
      sync.type,
      source.start,
      sync.binding.mapping,
    );
    const to = relativePositionToAbsolutePosition(
      sync.doc,
      sync.type,
      source.end,
      sync.binding.mapping,
    );
    if (from === null || to === null) continue;
    const clampedFrom = Math.max(0, Math.min(from, size));
    const clampedTo = Math.max(0, Math.min(to, size));
    // Both ends collapse onto one place when everything between them was deleted.
    if (clampedFrom < clampedTo) {
      ranges.set(source.threadId, { from: clampedFrom, to: clampedTo, kind: 'passage' });
    }
  }
  return ranges;
}
