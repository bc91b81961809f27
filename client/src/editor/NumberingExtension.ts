import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { numberBlocks } from '../../../shared/editor/numbering.ts';

/** Plugin key of the numbering decorations, for tests and other plugins. */
export const numberingKey = new PluginKey<DecorationSet>('remiss-numbering');

function decorate(doc: ProseMirrorNode): DecorationSet {
  const decorations = numberBlocks(doc).flatMap((entry) => {
    const node = doc.nodeAt(entry.pos);
    if (!node) return [];
    return [
      Decoration.node(
        entry.pos,
        entry.pos + node.nodeSize,
        {
          'data-number': entry.label,
          class: entry.kind === 'section' ? 'numbered-section' : 'numbered-paragraph',
        },
        { label: entry.label },
      ),
    ];
  });
  return DecorationSet.create(doc, decorations);
}

/**
 * Whether two documents number the same: the same top-level blocks, in the same order, with
 * the same heading levels. Typing inside a paragraph keeps this, and is by far the most common
 * change.
 */
function sameNumbering(a: ProseMirrorNode, b: ProseMirrorNode): boolean {
  if (a.childCount !== b.childCount) return false;
  for (let index = 0; index < a.childCount; index += 1) {
    const left = a.child(index);
    const right = b.child(index);
    if (left.type !== right.type) return false;
    if (left.type.name === 'heading' && left.attrs['level'] !== right.attrs['level']) return false;
  }
  return true;
}

/**
 * The numbering after a transaction. When the numbers cannot have changed, the decorations are
 * mapped through it (the numbers of a long document would otherwise be computed and drawn anew
 * on every keystroke); a step that replaced a whole block drops its decoration, and then they
 * are built afresh.
 */
function next(tr: Transaction, previous: DecorationSet, before: ProseMirrorNode): DecorationSet {
  if (!tr.docChanged) return previous;
  if (!sameNumbering(before, tr.doc)) return decorate(tr.doc);
  const mapped = previous.map(tr.mapping, tr.doc);
  return mapped.find().length === previous.find().length ? mapped : decorate(tr.doc);
}

/**
 * Shows section numbers before headings and paragraph numbers ("3.2 ¶4") in the margin, computed
 * by the shared numbering so the app, exports and comment reports agree. The numbers are view
 * decorations: they are never written into the document.
 */
export const NumberingExtension = Extension.create({
  name: 'remissNumbering',

  addProseMirrorPlugins() {
    return [numberingPlugin()];
  },
});

/** The ProseMirror plugin behind {@link NumberingExtension}. */
export function numberingPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: numberingKey,
    state: {
      init: (_config, state) => decorate(state.doc),
      apply: (tr, previous, oldState) => next(tr, previous, oldState.doc),
    },
    props: {
      decorations: (state) => numberingKey.getState(state),
    },
  });
}
