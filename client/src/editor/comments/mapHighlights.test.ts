import { getSchema, type JSONContent } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { DecorationSet } from '@tiptap/pm/view';
import { describe, expect, it } from 'vitest';
import { schemaExtensions } from '../../../../shared/editor/extensions.ts';
import { seededRandom, type SeededRandom } from '../../../../shared/random/seededRandom.ts';
import { highlightDecoration, mapHighlights, mapRanges } from './mapHighlights.ts';
import type { AnchorRange } from './resolveAnchors.ts';

const schema = getSchema(schemaExtensions());
const p = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] });

function startDoc(): ProseMirrorNode {
  return schema.nodeFromJSON({
    type: 'doc',
    content: [
      p('Kommunen ska samverka med regionen om vården.'),
      p('Avgifterna bestäms av fullmäktige varje år.'),
      p('Tillsynen utövas av länsstyrelsen i länet.'),
    ],
  });
}

/** Which thread covers each position of the text, as the decorations draw it. */
function coverage(set: DecorationSet, doc: ProseMirrorNode): string[] {
  const covered: string[][] = Array.from({ length: doc.content.size }, () => []);
  for (const decoration of set.find()) {
    const threadId = (decoration.spec as { threadId: string }).threadId;
    for (let pos = decoration.from; pos < decoration.to; pos += 1) covered[pos]?.push(threadId);
  }
  const text: string[] = [];
  doc.nodesBetween(0, doc.content.size, (node, pos) => {
    if (node.isText) {
      for (let offset = 0; offset < node.nodeSize; offset += 1) {
        text.push(`${pos + offset}:${(covered[pos + offset] ?? []).sort().join(',')}`);
      }
    }
  });
  return text;
}

function built(doc: ProseMirrorNode, ranges: ReadonlyMap<string, AnchorRange>): DecorationSet {
  return DecorationSet.create(
    doc,
    [...ranges].map(([threadId, range]) => highlightDecoration(threadId, range)),
  );
}

/** A random local edit: typing a few letters, deleting a span, or splitting a paragraph. */
function randomEdit(state: EditorState, random: SeededRandom): Transaction {
  const size = state.doc.content.size;
  const at = 1 + random.int(size - 1);
  const $at = state.doc.resolve(at);
  const tr = state.tr;
  const kind = random.int(10);
  if (kind < 6 && $at.parent.isTextblock) return tr.insertText(random.pick(['a', 'ö ', 'xy']), at);
  if (kind < 9) {
    const to = Math.min(size - 1, at + 1 + random.int(12));
    return tr.delete(at, to);
  }
  if ($at.parent.isTextblock) return tr.setSelection(TextSelection.create(tr.doc, at)).split(at);
  return tr.insertText('z', 1);
}

describe('mapHighlights', () => {
  it('draws exactly what a rebuild would draw, through seeded random local edits', () => {
    for (let seed = 1; seed <= 60; seed += 1) {
      const random = seededRandom(seed);
      let state = EditorState.create({ doc: startDoc() });
      // A passage inside the first paragraph, a whole second paragraph, and a passage that runs
      // from the second paragraph into the third (drawn as one piece per paragraph).
      let ranges: ReadonlyMap<string, AnchorRange> = new Map<string, AnchorRange>([
        ['inside', { from: 10, to: 24, kind: 'passage' }],
        ['block', { from: 49, to: 92, kind: 'block' }],
        ['across', { from: 70, to: 110, kind: 'passage' }],
      ]);
      let decorations = built(state.doc, ranges);
      for (let step = 0; step < 40; step += 1) {
        const tr = randomEdit(state, random);
        if (!tr.docChanged) continue;
        state = state.apply(tr);
        ranges = mapRanges(tr, ranges);
        decorations = mapHighlights(tr, decorations);
        expect(
          coverage(decorations, state.doc),
          `seed ${seed}, step ${step}: ${JSON.stringify(state.doc.toJSON())}`,
        ).toEqual(coverage(built(state.doc, ranges), state.doc));
      }
    }
  });

  it('keeps text typed at the end of an inner paragraph inside a passage that spans it', () => {
    let state = EditorState.create({ doc: startDoc() });
    const ranges = new Map<string, AnchorRange>([
      ['across', { from: 70, to: 110, kind: 'passage' }],
    ]);
    const decorations = built(state.doc, ranges);
    // Position 92 is the end of the second paragraph's text, inside the passage.
    const tr = state.tr.insertText(' Ny mening.', 92);
    state = state.apply(tr);
    const mapped = mapRanges(tr, ranges);
    const drawn = mapHighlights(tr, decorations);
    const typed = drawn.find(93, 102);
    expect(typed.length).toBeGreaterThan(0);
    expect(coverage(drawn, state.doc)).toEqual(coverage(built(state.doc, mapped), state.doc));
  });

  it('keeps typing at a passage edge out of it and drops a passage whose text is deleted', () => {
    let state = EditorState.create({ doc: startDoc() });
    let ranges: ReadonlyMap<string, AnchorRange> = new Map<string, AnchorRange>([
      ['inside', { from: 10, to: 24, kind: 'passage' }],
    ]);
    let decorations = built(state.doc, ranges);
    const typed = state.tr.insertText('X', 10);
    state = state.apply(typed);
    ranges = mapRanges(typed, ranges);
    decorations = mapHighlights(typed, decorations);
    expect(ranges.get('inside')).toEqual({ from: 11, to: 25, kind: 'passage' });
    expect(decorations.find().map(({ from, to }) => [from, to])).toEqual([[11, 25]]);

    const deleted = state.tr.delete(11, 25);
    state = state.apply(deleted);
    ranges = mapRanges(deleted, ranges);
    decorations = mapHighlights(deleted, decorations);
    expect(ranges.size).toBe(0);
    expect(decorations.find()).toHaveLength(0);
  });
});
