import { getSchema, type JSONContent } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { schemaExtensions } from '../../../../shared/editor/extensions.ts';
import { seededRandom, type SeededRandom } from '../../../../shared/random/seededRandom.ts';
import {
  highlightDecorations,
  mapHighlights,
  mapRanges,
  type Highlights,
} from './mapHighlights.ts';
import type { AnchorRange } from './resolveAnchors.ts';

const schema = getSchema(schemaExtensions());
const p = (text: string, id?: string): JSONContent => ({
  type: 'paragraph',
  ...(id ? { attrs: { id } } : {}),
  content: [{ type: 'text', text }],
});

/** Three paragraphs, with block ids (as UniqueID gives them) or without (an older document). */
function startDoc(withIds = false): ProseMirrorNode {
  return schema.nodeFromJSON({
    type: 'doc',
    content: [
      p('Kommunen ska samverka med regionen om vården.', withIds ? 'b1' : undefined),
      p('Avgifterna bestäms av fullmäktige varje år.', withIds ? 'b2' : undefined),
      p('Tillsynen utövas av länsstyrelsen i länet.', withIds ? 'b3' : undefined),
    ],
  });
}

/** Which thread covers each position of the text, as the decorations draw it. */
function coverage(highlights: Highlights, doc: ProseMirrorNode): string[] {
  const covered: string[][] = Array.from({ length: doc.content.size }, () => []);
  for (const decoration of [...highlights.drawn.find(), ...highlights.styled.find()]) {
    const spec = decoration.spec as { threadId?: string; threadIds?: string[] };
    // A block's highlight is on the block's element: it covers the block's text.
    const [from, to] = spec.threadIds
      ? [decoration.from + 1, decoration.to - 1]
      : [decoration.from, decoration.to];
    const threadIds = spec.threadIds ?? [spec.threadId ?? ''];
    for (let pos = from; pos < to; pos += 1) covered[pos]?.push(...threadIds);
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

function built(doc: ProseMirrorNode, ranges: ReadonlyMap<string, AnchorRange>): Highlights {
  return highlightDecorations(doc, ranges);
}

/** Block id → threads, sorted, for comparing `blocks` by content. */
function blockList(highlights: Highlights): [string, string[]][] {
  return [...highlights.blocks]
    .map(([blockId, threadIds]): [string, string[]] => [blockId, [...threadIds].sort()])
    .sort(([a], [b]) => a.localeCompare(b));
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
      // Half the seeds with block ids (styled by id), half without (drawn by ProseMirror).
      let state = EditorState.create({ doc: startDoc(seed % 2 === 0) });
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
        decorations = mapHighlights(tr, decorations, ranges);
        expect(
          coverage(decorations, state.doc),
          `seed ${seed}, step ${step}: ${JSON.stringify(state.doc.toJSON())}`,
        ).toEqual(coverage(built(state.doc, ranges), state.doc));
        expect(blockList(decorations), `seed ${seed}, step ${step}`).toEqual(
          blockList(built(state.doc, ranges)),
        );
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
    const drawn = mapHighlights(tr, decorations, mapped);
    const typed = drawn.drawn.find(93, 102);
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
    decorations = mapHighlights(typed, decorations, ranges);
    expect(ranges.get('inside')).toEqual({ from: 11, to: 25, kind: 'passage' });
    expect(decorations.drawn.find().map(({ from, to }) => [from, to])).toEqual([[11, 25]]);

    const deleted = state.tr.delete(11, 25);
    state = state.apply(deleted);
    ranges = mapRanges(deleted, ranges);
    decorations = mapHighlights(deleted, decorations, ranges);
    expect(ranges.size).toBe(0);
    expect(decorations.drawn.find()).toHaveLength(0);
  });

  it('draws a block without an id on the block itself, naming every thread on it, and keeps it while typing', () => {
    let state = EditorState.create({ doc: startDoc() });
    // The second paragraph's text is 48..91; its node is 47..92.
    let ranges: ReadonlyMap<string, AnchorRange> = new Map<string, AnchorRange>([
      ['one', { from: 48, to: 91, kind: 'block' }],
      ['two', { from: 48, to: 91, kind: 'block' }],
    ]);
    let decorations = built(state.doc, ranges);
    const drawn = decorations.drawn.find();
    expect(drawn.map(({ from, to, spec }): unknown[] => [from, to, spec])).toEqual([
      [47, 92, { kind: 'block', threadIds: ['one', 'two'], blockId: null }],
    ]);
    expect(decorations.styled.find()).toEqual([]);
    expect(decorations.blocks.size).toBe(0);

    // Typing at the block's end grows the block, and the highlight stays the same decoration.
    const typed = state.tr.insertText('!', 91);
    state = state.apply(typed);
    ranges = mapRanges(typed, ranges);
    const mapped = mapHighlights(typed, decorations, ranges);
    expect(ranges.get('one')).toEqual({ from: 48, to: 92, kind: 'block' });
    expect(mapped.drawn.find().map(({ from, to }) => [from, to])).toEqual([[47, 93]]);
    expect(mapped.drawn.find()[0]?.spec).toBe(drawn[0]?.spec);
    decorations = mapped;

    // Splitting the block draws both halves, as a rebuild from the ranges would.
    const split = state.tr.split(70);
    state = state.apply(split);
    ranges = mapRanges(split, ranges);
    decorations = mapHighlights(split, decorations, ranges);
    expect(decorations.drawn.find()).toHaveLength(2);
    expect(coverage(decorations, state.doc)).toEqual(coverage(built(state.doc, ranges), state.doc));
  });

  it('leaves a block with an id to the style rules, and keeps its blocks while typing', () => {
    let state = EditorState.create({ doc: startDoc(true) });
    let ranges: ReadonlyMap<string, AnchorRange> = new Map<string, AnchorRange>([
      ['one', { from: 48, to: 91, kind: 'block' }],
      ['passage', { from: 10, to: 24, kind: 'passage' }],
    ]);
    let decorations = built(state.doc, ranges);
    // ProseMirror draws only the passage; the block is named with its id.
    expect(decorations.drawn.find().map(({ from, to }) => [from, to])).toEqual([[10, 24]]);
    expect(decorations.styled.find().map(({ from, to }) => [from, to])).toEqual([[47, 92]]);
    expect(blockList(decorations)).toEqual([['b2', ['one']]]);
    const blocks = decorations.blocks;

    // Typing inside the block keeps the same blocks object: the style rules are not written.
    for (const at of [91, 60, 48]) {
      const typed = state.tr.insertText('x', at);
      state = state.apply(typed);
      ranges = mapRanges(typed, ranges);
      decorations = mapHighlights(typed, decorations, ranges);
      expect(decorations.blocks).toBe(blocks);
    }
    // A rebuild that finds the same blocks (a remote change) keeps the object too.
    expect(highlightDecorations(state.doc, ranges, blocks).blocks).toBe(blocks);

    // Splitting the block and giving the new half an id of its own, as UniqueID does.
    const split = state.tr.split(70);
    state = state.apply(split);
    ranges = mapRanges(split, ranges);
    decorations = mapHighlights(split, decorations, ranges);
    const second = state.doc.child(2);
    const renamed = state.tr.setNodeMarkup(
      state.doc.child(0).nodeSize + state.doc.child(1).nodeSize,
      undefined,
      {
        ...second.attrs,
        id: 'b2-new',
      },
    );
    state = state.apply(renamed);
    ranges = mapRanges(renamed, ranges);
    decorations = mapHighlights(renamed, decorations, ranges);
    expect(blockList(decorations)).toEqual([
      ['b2', ['one']],
      ['b2-new', ['one']],
    ]);
    expect(coverage(decorations, state.doc)).toEqual(coverage(built(state.doc, ranges), state.doc));
  });
});
