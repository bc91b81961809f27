import { BLOCK_ID_ATTRIBUTE } from '../../../../shared/editor/blockTypes.ts';
import { sheetEdits } from './sheetEdits.ts';

/** The attribute that tells one editor's highlight rules from another's on the same page. */
export const HIGHLIGHT_SCOPE_ATTRIBUTE = 'data-highlight-scope';

const BLOCK_ATTRIBUTE = `data-${BLOCK_ID_ATTRIBUTE}`;

/** Selectors for the blocks with these ids. */
function byId(blockIds: Iterable<string>): string[] {
  return Array.from(blockIds, (blockId) => `[${BLOCK_ATTRIBUTE}="${CSS.escape(blockId)}"]`);
}

/**
 * A highlighted block's look, whether ProseMirror draws it or a rule on its id does: the
 * paragraph background, and a bar down its left edge (outside the text, covering no letter), so
 * the highlight is not colour alone. Neither changes the block's size.
 */
const BLOCK_LOOK = `{
  background: #fff1b8;
  box-shadow: -6px 0 0 #b38600;
  cursor: pointer;
}`;

/** The rules that mark `threadId` as active, within the `scoped` editor. */
function activeRules(
  scoped: string,
  threadId: string,
  blocks: ReadonlyMap<string, readonly string[]>,
): string {
  const escaped = CSS.escape(threadId);
  const itsBlocks = [...blocks].flatMap(([blockId, threadIds]) =>
    threadIds.includes(threadId) ? [blockId] : [],
  );
  const blockSelectors = [
    `.comment-highlight-block[data-thread-ids~="${escaped}"]`,
    ...byId(itsBlocks),
  ];
  return `${scoped} mark.comment-highlight[data-thread-id="${escaped}"] {
      background: #ffd54f;
      border-bottom-color: #5c4500;
      box-shadow: 0 2px 0 #5c4500;
    }
    ${scoped} :is(${blockSelectors.join(', ')}) {
      background: #ffd54f;
      box-shadow: -8px 0 0 #5c4500;
    }`;
}

/** What the sheets draw: which blocks are highlighted, and which thread is active. */
export interface HighlightSheetState {
  /** Block id → its threads (Highlights.blocks). */
  blocks: ReadonlyMap<string, readonly string[]>;
  activeThreadId: string | null;
}

/**
 * The style rules of one editor's comment highlights, in two constructed style sheets.
 *
 * The first highlights whole blocks: those ProseMirror draws as node decorations (blocks with no
 * id, `.comment-highlight-block`) and, by their id, those it does not (see Highlights in
 * mapHighlights.ts), one rule per block. It changes only when a block gains or loses its last
 * thread or a new block appears in a highlighted range, never while someone types inside a
 * block, and then by the rules that changed (see sheetEdits).
 *
 * The second marks the active thread more strongly: its passage's `<mark>` by `data-thread-id`,
 * its blocks by id or `data-thread-ids`. Activating a thread rewrites only this small sheet; the
 * decorations stay the same, so activating never redraws the text (changing a decoration while a
 * click places the caret makes ProseMirror put the caret back where it was).
 *
 * Every rule is scoped to the editor's own element, since a version's text may show the same
 * block ids as the live editor. Constructed sheets are not inline styles, so the
 * Content-Security-Policy has nothing to say about them.
 */
export function highlightSheets(scope: string): {
  update: (state: HighlightSheetState) => void;
  remove: () => void;
} {
  const base = new CSSStyleSheet();
  const active = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, base, active];
  const within = `[${HIGHLIGHT_SCOPE_ATTRIBUTE}="${CSS.escape(scope)}"]`;
  const blockRule = (blockId: string) => `${within} :is(${byId([blockId]).join('')}) ${BLOCK_LOOK}`;
  // The base sheet's rules: the blocks ProseMirror draws first, then one rule per block id, in
  // the order of `ruled`, which mirrors the sheet so a rule can be found without reading it.
  let ruled: string[] | null = null;
  let shown: HighlightSheetState | null = null;

  const showBlocks = (blocks: ReadonlyMap<string, readonly string[]>) => {
    const next = new Set(blocks.keys());
    const edits = sheetEdits(ruled, next);
    if (edits.rewrite) {
      ruled = [...next];
      base.replaceSync(
        [`${within} .comment-highlight-block ${BLOCK_LOOK}`, ...ruled.map(blockRule)].join('\n'),
      );
      return;
    }
    const rules = ruled ?? [];
    for (const blockId of edits.removed) {
      const index = rules.indexOf(blockId);
      base.deleteRule(index + 1);
      rules.splice(index, 1);
    }
    for (const blockId of edits.added) {
      base.insertRule(blockRule(blockId), rules.length + 1);
      rules.push(blockId);
    }
  };

  return {
    update: (state) => {
      if (state.blocks !== shown?.blocks) showBlocks(state.blocks);
      const threadId = state.activeThreadId;
      if (state.blocks !== shown?.blocks || threadId !== shown.activeThreadId) {
        active.replaceSync(threadId === null ? '' : activeRules(within, threadId, state.blocks));
      }
      shown = state;
    },
    remove: () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter(
        (known) => known !== base && known !== active,
      );
    },
  };
}
