import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import {
  numberingCss,
  sameSections,
  sectionNumbers,
  type SectionNumber,
} from './numberingStyle.ts';

/** Plugin key of the numbering; its state is the document's sections, for tests. */
export const numberingKey = new PluginKey<readonly SectionNumber[]>('remiss-numbering');

/**
 * Whether two documents have the same headings in the same places among the top-level blocks.
 * Typing inside a paragraph keeps this, and is by far the most common change.
 */
function sameHeadings(a: ProseMirrorNode, b: ProseMirrorNode): boolean {
  if (a.childCount !== b.childCount) return false;
  for (let index = 0; index < a.childCount; index += 1) {
    const left = a.child(index);
    const right = b.child(index);
    const heading = left.type.name === 'heading';
    if (heading !== (right.type.name === 'heading')) return false;
    if (heading && left.attrs['level'] !== right.attrs['level']) return false;
  }
  return true;
}

/**
 * The sections after a transaction. The list keeps its identity while the headings stay as
 * they were, so the view writes its style sheet only when a heading changed.
 */
function next(
  tr: Transaction,
  previous: readonly SectionNumber[],
  before: ProseMirrorNode,
): readonly SectionNumber[] {
  if (!tr.docChanged || sameHeadings(before, tr.doc)) return previous;
  const sections = sectionNumbers(tr.doc);
  return sameSections(previous, sections) ? previous : sections;
}

/** Tells editors on one page apart, as each has a style sheet of its own. */
let editors = 0;

/**
 * Shows section numbers before headings and paragraph numbers ("3.2 ¶4") in the margin, as the
 * shared numbering counts them, so the app, exports and comment reports agree.
 *
 * The numbers are CSS generated content (styles.css and numberingStyle.ts), not decorations:
 * thousands of node decorations on the top-level blocks made every view update scan all of
 * them for every block, and a paragraph added or removed re-rendered all those below it. They
 * are never written into the document. Chromium puts generated content in the accessibility
 * tree as text, as it did for the decorations' `attr()` numbers, so screen readers read the
 * same; the margin buttons name the block by its number as well (MarginColumn).
 */
export const NumberingExtension = Extension.create({
  name: 'remissNumbering',

  addProseMirrorPlugins() {
    return [numberingPlugin()];
  },
});

/** The ProseMirror plugin behind {@link NumberingExtension}. */
export function numberingPlugin(): Plugin<readonly SectionNumber[]> {
  editors += 1;
  const id = String(editors);
  return new Plugin<readonly SectionNumber[]>({
    key: numberingKey,
    state: {
      init: (_config, state) => sectionNumbers(state.doc),
      apply: (tr, previous, oldState) => next(tr, previous, oldState.doc),
    },
    props: {
      attributes: { 'data-numbering': id },
    },
    view: (view) => {
      // A constructed sheet, not a <style> element or inline style, so the Content-Security-Policy
      // has nothing to say about it.
      const sheet = new CSSStyleSheet();
      const owner = view.dom.ownerDocument;
      owner.adoptedStyleSheets = [...owner.adoptedStyleSheets, sheet];
      let drawn = numberingKey.getState(view.state);
      let version = 0;
      if (drawn) sheet.replaceSync(numberingCss(id, drawn, version));
      return {
        update: (updated) => {
          const sections = numberingKey.getState(updated.state);
          if (!sections || sections === drawn) return;
          drawn = sections;
          version += 1;
          sheet.replaceSync(numberingCss(id, sections, version));
        },
        destroy: () => {
          owner.adoptedStyleSheets = owner.adoptedStyleSheets.filter((known) => known !== sheet);
        },
      };
    },
  });
}
