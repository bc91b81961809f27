import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { DecorationSet } from '@tiptap/pm/view';
import { highlightDecorations, mapHighlights, mapRanges } from './mapHighlights.ts';
import type { AnchorSource } from './anchorSource.ts';
import { resolveAnchors, type AnchorRange } from './resolveAnchors.ts';
import { ySyncState } from './ySyncState.ts';

/** The highlight plugin's state: the anchors it draws and where they are now. */
export interface CommentHighlightState {
  sources: readonly AnchorSource[];
  /** Where each drawn thread's passage is in the current document. */
  ranges: ReadonlyMap<string, AnchorRange>;
  decorations: DecorationSet;
}

/** What a transaction may tell the plugin through its meta: new anchors to draw. */
export interface CommentHighlightMeta {
  sources: readonly AnchorSource[];
}

/** Plugin key of the comment highlights; read `ranges` from its state. */
export const commentHighlightKey = new PluginKey<CommentHighlightState>('remiss-comment-highlight');

/** Options of {@link CommentHighlightExtension}. */
export interface CommentHighlightOptions {
  /**
   * Called when someone clicks highlighted text, with the thread to activate. A function that
   * reads the current handler, so the editor need not be rebuilt when the handler changes.
   * @default () => undefined
   */
  onActivate: (threadId: string) => void;
}

function build(state: EditorState, sources: readonly AnchorSource[]): CommentHighlightState {
  const ranges = resolveAnchors(state, sources);
  return { sources, ranges, decorations: highlightDecorations(state.doc, ranges) };
}

function apply(
  tr: Transaction,
  previous: CommentHighlightState,
  newState: EditorState,
): CommentHighlightState {
  const meta = tr.getMeta(commentHighlightKey) as CommentHighlightMeta | undefined;
  const remote = ySyncState(newState)?.isChangeOrigin === true;
  if (meta || remote) return build(newState, meta?.sources ?? previous.sources);
  if (!tr.docChanged) return previous;
  // A local edit is followed through the transaction's mapping (see mapRanges); the next
  // remote change or thread update resolves the anchors afresh from Yjs.
  const ranges = mapRanges(tr, previous.ranges);
  return { ...previous, ranges, decorations: mapHighlights(tr, previous.decorations, ranges) };
}

/** The thread whose passage holds `pos`; the shortest one when passages overlap. */
export function threadAt(state: EditorState, pos: number): string | null {
  const ranges = commentHighlightKey.getState(state)?.ranges;
  if (!ranges) return null;
  let best: { id: string; length: number } | null = null;
  for (const [threadId, range] of ranges) {
    if (pos < range.from || pos > range.to) continue;
    const length = range.to - range.from;
    if (!best || length < best.length) best = { id: threadId, length };
  }
  return best?.id ?? null;
}

/**
 * Highlights the passages that threads are about, following live typing: a passage as a `<mark>`
 * over its text, a whole block as a class on the block (see blockHighlights). Clicking highlighted
 * text activates its thread. Threads whose text was removed, or whose positions do not resolve,
 * are not drawn.
 */
export const CommentHighlightExtension = Extension.create<CommentHighlightOptions>({
  name: 'remissCommentHighlight',

  addOptions() {
    return { onActivate: () => undefined };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<CommentHighlightState>({
        key: commentHighlightKey,
        state: {
          init: (_config, state) => build(state, []),
          apply: (tr, previous, _oldState, newState) => apply(tr, previous, newState),
        },
        props: {
          decorations: (state) => commentHighlightKey.getState(state)?.decorations ?? null,
          handleClick: (view, pos) => {
            const threadId = threadAt(view.state, pos);
            if (threadId !== null) options.onActivate(threadId);
            // The click still places the caret or selection as usual.
            return false;
          },
        },
      }),
    ];
  },
});
