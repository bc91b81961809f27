import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../../shared/diff/diffDocuments.ts';
import { navigableChanges } from './navigableChanges.ts';

const p = (text: string, id: string): JSONContent => ({
  type: 'paragraph',
  attrs: { id },
  content: [{ type: 'text', text }],
});
const h = (text: string, id: string): JSONContent => ({
  type: 'heading',
  attrs: { level: 2, id },
  content: [{ type: 'text', text }],
});
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });

describe('navigableChanges', () => {
  it('stops at every edited, inserted, deleted and moved block, in the order of the new text', () => {
    const before = doc(
      h('Syfte', 'h1'),
      p('Myndigheten ska publicera data.', 'a'),
      p('Detta stycke tas bort helt och hållet.', 'b'),
      p('Oförändrat stycke om licenser.', 'c'),
      p('Ett stycke som flyttas till slutet av texten.', 'd'),
      p('Ännu ett oförändrat stycke.', 'e'),
      p('Ett tredje oförändrat stycke.', 'g'),
    );
    const after = doc(
      h('Syfte', 'h1'),
      p('Myndigheten ska publicera öppna data.', 'a'),
      p('Oförändrat stycke om licenser.', 'c'),
      p('Ännu ett oförändrat stycke.', 'e'),
      p('Ett tredje oförändrat stycke.', 'g'),
      p('Ett helt nytt stycke.', 'f'),
      p('Ett stycke som flyttas till slutet av texten.', 'd'),
    );
    const diff = diffDocuments(before, after);

    const stops = navigableChanges(diff);

    expect(stops.map((stop) => stop.change.type)).toEqual([
      'changed',
      'deleted',
      'inserted',
      'moved',
    ]);
    // Each stop points at its own block, so the view can focus it.
    for (const stop of stops) expect(diff.blocks[stop.blockIndex]).toBe(stop.change);
    expect(stops.map((stop) => stop.blockIndex)).toEqual(
      [...stops.map((stop) => stop.blockIndex)].sort((x, y) => x - y),
    );
  });

  it('has no stops when nothing changed', () => {
    const text = doc(h('Syfte', 'h1'), p('Myndigheten ska publicera data.', 'a'));
    expect(navigableChanges(diffDocuments(text, text))).toEqual([]);
  });
});
