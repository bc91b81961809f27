import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { ProposalText, ThreadProposal } from '../../../../shared/api/proposals.ts';
import { proposalRuns } from '../../../../shared/editor/proposalRuns.ts';
import { commentHighlightKey } from '../comments/CommentHighlightExtension.ts';

/** One proposal to draw as a suggestion in the text. */
export interface SuggestionSource {
  threadId: string;
  placement: ThreadProposal['placement'];
  wording: ProposalText;
  /** The proposer's colour (see userColor). */
  color: string;
}

/** The words that tell screen-reader users what the struck and underlined text are. */
export interface SuggestionWords {
  deleted: string;
  inserted: string;
  end: string;
}

interface SuggestionState {
  sources: readonly SuggestionSource[];
  words: SuggestionWords;
}

/** Plugin key of the suggestions; a transaction's meta under it replaces what is drawn. */
export const proposalSuggestionKey = new PluginKey<SuggestionState>('remiss-proposal-suggestion');

const hidden = (text: string): HTMLElement => {
  const span = document.createElement('span');
  span.className = 'visually-hidden proposal-label';
  span.textContent = text;
  return span;
};

/** The proposed text as an <ins> widget, with its formatting and a spoken label around it. */
function insertionWidget(source: SuggestionSource, words: SuggestionWords): HTMLElement {
  const ins = document.createElement('ins');
  ins.className = 'proposal-new';
  ins.dataset.threadId = source.threadId;
  ins.style.setProperty('--proposal-color', source.color);
  ins.append(hidden(words.inserted));
  for (const run of proposalRuns(source.wording)) {
    let node: HTMLElement = document.createElement('span');
    node.textContent = run.text;
    if (run.italic) {
      const em = document.createElement('em');
      em.append(node);
      node = em;
    }
    if (run.bold) {
      const strong = document.createElement('strong');
      strong.append(node);
      node = strong;
    }
    if (run.href !== null) node.classList.add('proposal-link');
    ins.append(node);
  }
  ins.append(hidden(words.end));
  return ins;
}

/**
 * The suggestions: for each open proposal, its passage struck through (<del>, preceded by a
 * spoken "proposed for deletion") and its new wording underlined after it (<ins>, with a spoken
 * label), in the proposer's colour. Decorations only: the document is not changed. Places come
 * from the comment highlights, which already follow each thread's passage through live edits.
 */
function decorate(state: EditorState): DecorationSet {
  const own = proposalSuggestionKey.getState(state);
  const ranges = commentHighlightKey.getState(state)?.ranges;
  if (!own || !ranges || own.sources.length === 0) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  for (const source of own.sources) {
    const range = ranges.get(source.threadId);
    if (!range) continue;
    const style = `--proposal-color: ${source.color}`;
    if (source.placement === 'replace') {
      decorations.push(
        Decoration.widget(range.from, () => hidden(own.words.deleted), {
          side: -1,
          key: `del-label-${source.threadId}`,
        }),
        Decoration.inline(range.from, range.to, {
          nodeName: 'del',
          class: 'proposal-old',
          style,
          'data-thread-id': source.threadId,
        }),
      );
    }
    if (source.wording.text === '') continue;
    const at = source.placement === 'before' ? range.from : range.to;
    decorations.push(
      Decoration.widget(at, () => insertionWidget(source, own.words), {
        side: source.placement === 'before' ? -1 : 1,
        key: `ins-${source.threadId}-${JSON.stringify(source.wording)}-${source.color}`,
        ignoreSelection: true,
      }),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Draws open proposals in the text as suggestions. Feed it with `setSuggestions`. */
export const ProposalSuggestionExtension = Extension.create({
  name: 'remissProposalSuggestion',

  addProseMirrorPlugins() {
    return [
      new Plugin<SuggestionState>({
        key: proposalSuggestionKey,
        state: {
          init: () => ({ sources: [], words: { deleted: '', inserted: '', end: '' } }),
          apply: (tr, previous) =>
            (tr.getMeta(proposalSuggestionKey) as SuggestionState | undefined) ?? previous,
        },
        props: { decorations: decorate },
      }),
    ];
  },
});
