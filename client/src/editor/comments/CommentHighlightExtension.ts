import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { HIGHLIGHT_SCOPE_ATTRIBUTE, highlightSheets } from './highlightSheets.ts';
import {
  highlightDecorations,
  mapHighlights,
  mapRanges,
  type Highlights,
} from './mapHighlights.ts';
import type { AnchorSource } from './anchorSource.ts';
import { resolveAnchors, type AnchorRange } from './resolveAnchors.ts';
import { ySyncState } from './ySyncState.ts';

/** The highlight plugin's state: the anchors it draws and where they are now. */
export interface CommentHighlightState {
  sources: readonly AnchorSource[];
  /** Where each drawn thread's passage is in the current document. */
  ranges: ReadonlyMap<string, AnchorRange>;
  highlights: Highlights;
  /** The thread shown as active, marked more strongly (highlightSheets.ts). */
  activeThreadId: string | null;
}

/**
 * What a transaction may tell the plugin through its meta: new anchors to draw, or which thread
 * is active. Only new anchors change where text is; the active thread only its colour.
 */
export type CommentHighlightMeta =
  { sources: readonly AnchorSource[] } | { activeThreadId: string | null };

/** Whether `tr` gave the highlights new anchors, which may lay text out differently. */
export function changesHighlightSources(tr: Transaction): boolean {
  const meta = tr.getMeta(commentHighlightKey) as CommentHighlightMeta | undefined;
  return meta !== undefined && 'sources' in meta;
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

function build(
  state: EditorState,
  sources: readonly AnchorSource[],
  previous: CommentHighlightState | null,
): CommentHighlightState {
  const ranges = resolveAnchors(state, sources);
  return {
    sources,
    ranges,
    // A remote change rebuilds everything; the blocks stay the same object if they did not
    // change, so the style rules are not written again for each key someone else types.
    highlights: highlightDecorations(state.doc, ranges, previous?.highlights.blocks),
    activeThreadId: previous?.activeThreadId ?? null,
  };
}

function apply(
  tr: Transaction,
  previous: CommentHighlightState,
  newState: EditorState,
): CommentHighlightState {
  const meta = tr.getMeta(commentHighlightKey) as CommentHighlightMeta | undefined;
  const current =
    meta && 'activeThreadId' in meta && meta.activeThreadId !== previous.activeThreadId
      ? { ...previous, activeThreadId: meta.activeThreadId }
      : previous;
  const remote = ySyncState(newState)?.isChangeOrigin === true;
  const sources = meta && 'sources' in meta ? meta.sources : null;
  if (sources || remote) return build(newState, sources ?? current.sources, current);
  if (!tr.docChanged) return current;
  // A local edit is followed through the transaction's mapping (see mapRanges); the next
  // remote change or thread update resolves the anchors afresh from Yjs.
  const ranges = mapRanges(tr, current.ranges);
  return { ...current, ranges, highlights: mapHighlights(tr, current.highlights, ranges) };
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
 * over its text, a whole block by a style rule on its id (see Highlights). Clicking highlighted
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
    // Tells this editor's style rules from another editor's on the same page.
    const scope = String((scopes += 1));
    return [
      new Plugin<CommentHighlightState>({
        key: commentHighlightKey,
        state: {
          init: (_config, state) => build(state, [], null),
          apply: (tr, previous, _oldState, newState) => apply(tr, previous, newState),
        },
        view: (view) => {
          const sheets = highlightSheets(scope);
          const show = (state: EditorState) => {
            const current = commentHighlightKey.getState(state);
            if (current) sheets.update({ ...current, blocks: current.highlights.blocks });
          };
          show(view.state);
          return {
            update: (updated) => show(updated.state),
            destroy: () => sheets.remove(),
          };
        },
        props: {
          attributes: { [HIGHLIGHT_SCOPE_ATTRIBUTE]: scope },
          decorations: (state) => commentHighlightKey.getState(state)?.highlights.drawn ?? null,
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

/** How many highlight plugins this page has made, for their scopes. */
let scopes = 0;
