import { getSchema, type JSONContent } from '@tiptap/core';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { schemaExtensions } from '../../../shared/editor/extensions.ts';
import { numberBlocks } from '../../../shared/editor/numbering.ts';
import { seededRandom, type SeededRandom } from '../../../shared/random/seededRandom.ts';
import { numberingKey, numberingPlugin } from './NumberingExtension.ts';

const schema = getSchema(schemaExtensions());
const p = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const h = (level: number, text: string): JSONContent => ({
  type: 'heading',
  attrs: { level },
  content: [{ type: 'text', text }],
});

function start(): EditorState {
  const doc = schema.nodeFromJSON({
    type: 'doc',
    content: [
      h(1, 'Remiss'),
      h(2, 'Bakgrund'),
      p('Kommunen ska samverka med regionen.'),
      p('Avgifterna bestäms av fullmäktige.'),
      h(3, 'Tillsyn'),
      p('Tillsynen utövas av länsstyrelsen.'),
    ],
  });
  return EditorState.create({ doc, plugins: [numberingPlugin()] });
}

/** What is drawn: each decorated block and its number. */
function drawn(state: EditorState): [number, number, string][] {
  return (numberingKey.getState(state)?.find() ?? [])
    .map((decoration): [number, number, string] => [
      decoration.from,
      decoration.to,
      (decoration.spec as { label: string }).label,
    ])
    .sort((a, b) => a[0] - b[0]);
}

/** What the shared numbering says should be drawn. */
function expected(state: EditorState): [number, number, string][] {
  return numberBlocks(state.doc).map((entry): [number, number, string] => [
    entry.pos,
    entry.pos + (state.doc.nodeAt(entry.pos)?.nodeSize ?? 0),
    entry.label,
  ]);
}

/** Mostly typing inside a block; sometimes a change that renumbers. */
function randomEdit(state: EditorState, random: SeededRandom): Transaction {
  const size = state.doc.content.size;
  const at = 1 + random.int(size - 1);
  const $at = state.doc.resolve(at);
  const kind = random.int(10);
  if (kind < 5 && $at.parent.isTextblock) return state.tr.insertText('ord ', at);
  if (kind < 7) return state.tr.delete(at, Math.min(size - 1, at + 1 + random.int(20)));
  if (kind < 8 && $at.parent.isTextblock) return state.tr.split(at);
  if (kind < 9) {
    const index = random.int(state.doc.childCount);
    let pos = 0;
    for (let child = 0; child < index; child += 1) pos += state.doc.child(child).nodeSize;
    const node = state.doc.child(index);
    return node.isTextblock
      ? state.tr.setNodeMarkup(pos, schema.nodes['heading'], { level: 2 + random.int(2) })
      : state.tr.insertText('x', 1);
  }
  return state.tr.insert(0, schema.nodeFromJSON(p('Inledning.')));
}

describe('numberingPlugin', () => {
  it('numbers every block as the shared numbering does, through seeded random edits', () => {
    for (let seed = 1; seed <= 60; seed += 1) {
      const random = seededRandom(seed);
      let state = start();
      expect(drawn(state)).toEqual(expected(state));
      for (let step = 0; step < 40; step += 1) {
        state = state.apply(randomEdit(state, random));
        expect(drawn(state), `seed ${seed}, step ${step}`).toEqual(expected(state));
      }
    }
  });

  it('keeps the drawn numbers when typing inside a paragraph', () => {
    const before = start();
    const after = before.apply(before.tr.insertText('Nya ord ', 20));
    expect(drawn(after)).toEqual(expected(after));
    expect(drawn(after).map(([, , label]) => label)).toEqual(drawn(before).map(([, , l]) => l));
    // The paragraph typed in grew by the eight characters, and every later block moved by them.
    const grown = drawn(after).filter(([from], index) => from !== drawn(before)[index]?.[0]);
    expect(grown.map(([from]) => from)).toEqual(
      drawn(before)
        .filter(([from]) => from > 20)
        .map(([from]) => from + 8),
    );
  });
});
