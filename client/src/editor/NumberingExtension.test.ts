import { getSchema, type JSONContent } from '@tiptap/core';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { schemaExtensions } from '../../../shared/editor/extensions.ts';
import { numberBlocks } from '../../../shared/editor/numbering.ts';
import { seededRandom, type SeededRandom } from '../../../shared/random/seededRandom.ts';
import { numberingKey, numberingPlugin } from './NumberingExtension.ts';
import { countedLabels, numberingCss, sectionNumbers } from './numberingStyle.ts';

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

/** What the page shows: each top-level block's number, as the CSS counters count it. */
function drawn(state: EditorState): string[] {
  return countedLabels(state.doc, numberingKey.getState(state) ?? []);
}

/** What the shared numbering says should be shown. */
function expected(state: EditorState): string[] {
  return numberBlocks(state.doc).map((entry) => entry.label);
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

  it('keeps its sections, and so its style sheet, when typing or adding a paragraph', () => {
    const before = start();
    const typed = before.apply(before.tr.insertText('Nya ord ', 20));
    expect(numberingKey.getState(typed)).toBe(numberingKey.getState(before));
    // Splitting a paragraph renumbers the ones after it by the counters alone.
    const split = typed.apply(typed.tr.split(22));
    expect(numberingKey.getState(split)).toBe(numberingKey.getState(before));
    expect(drawn(split)).toEqual(['1', '1 ¶1', '1 ¶2', '1 ¶3', '1.1', '1.1 ¶1']);
  });

  it('labels the sections when a heading changes', () => {
    const before = start();
    // The fourth block ("Avgifterna …") becomes a level-2 heading: a section of its own.
    let pos = 0;
    for (let index = 0; index < 3; index += 1) pos += before.doc.child(index).nodeSize;
    const after = before.apply(before.tr.setNodeMarkup(pos, schema.nodes['heading'], { level: 2 }));
    expect(numberingKey.getState(after)).not.toBe(numberingKey.getState(before));
    expect(drawn(after)).toEqual(['1', '1 ¶1', '2', '2.1', '2.1 ¶1']);
    expect(drawn(after)).toEqual(expected(after));
  });
});

describe('numberingCss', () => {
  it('gives each section its label as a symbol of the editor’s own counter styles', () => {
    const css = numberingCss('4', sectionNumbers(start().doc), 2);
    // Before any heading, the title, "Bakgrund" (1) and "Tillsyn" (1.1).
    expect(css).toContain(
      '@counter-style remiss-numbering-4-2-prefix { system: fixed 0; symbols: "¶" "¶" "1 ¶" "1.1 ¶"; }',
    );
    expect(css).toContain(
      '@counter-style remiss-numbering-4-2-heading { system: fixed 0; symbols: " " " " "1" "1.1"; }',
    );
    expect(css).toContain('[data-numbering="4"] > :is(h2, h3, h4)::before');
  });
});
