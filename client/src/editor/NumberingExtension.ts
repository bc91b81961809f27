import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { numberBlocks } from '../../../shared/editor/numbering.ts';

/** Plugin key of the numbering decorations, for tests and other plugins. */
export const numberingKey = new PluginKey<DecorationSet>('remiss-numbering');

function decorate(doc: ProseMirrorNode): DecorationSet {
  const decorations = numberBlocks(doc).flatMap((entry) => {
    const node = doc.nodeAt(entry.pos);
    if (!node) return [];
    return [
      Decoration.node(entry.pos, entry.pos + node.nodeSize, {
        'data-number': entry.label,
        class: entry.kind === 'section' ? 'numbered-section' : 'numbered-paragraph',
      }),
    ];
  });
  return DecorationSet.create(doc, decorations);
}

/**
 * Shows section numbers before headings and paragraph numbers ("3.2 ¶4") in the margin, computed
 * by the shared numbering so the app, exports and comment reports agree. The numbers are view
 * decorations: they are never written into the document.
 */
export const NumberingExtension = Extension.create({
  name: 'remissNumbering',

  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: numberingKey,
        state: {
          init: (_config, state) => decorate(state.doc),
          apply: (tr, previous) => (tr.docChanged ? decorate(tr.doc) : previous),
        },
        props: {
          decorations: (state) => numberingKey.getState(state),
        },
      }),
    ];
  },
});
