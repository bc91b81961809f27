import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { diffSections } from './diffSections.ts';
import { documentBlocks } from './documentBlocks.ts';
import { matchBlocks } from './matchBlocks.ts';
import { parseDocument } from './parseDocument.ts';

const h = (level: number, text: string, id: string): JSONContent => ({
  type: 'heading',
  attrs: { level, id },
  content: [{ type: 'text', text }],
});
const p = (text: string, id: string): JSONContent => ({
  type: 'paragraph',
  attrs: { id },
  content: [{ type: 'text', text }],
});
const sections = (before: JSONContent[], after: JSONContent[]) => {
  const oldBlocks = documentBlocks(parseDocument({ type: 'doc', content: before }));
  const newBlocks = documentBlocks(parseDocument({ type: 'doc', content: after }));
  return diffSections(oldBlocks, newBlocks, matchBlocks(oldBlocks, newBlocks));
};

describe('diffSections', () => {
  it('gives a renamed subsection its number and the extent of its section', () => {
    const before = [h(2, 'A', 'a'), h(3, 'A1', 'a1'), p('x', 'x'), p('y', 'y'), h(3, 'A2', 'a2')];
    const after = [
      h(2, 'A', 'a'),
      h(3, 'A1 nytt', 'a1'),
      p('x', 'x'),
      p('y', 'y'),
      h(3, 'A2', 'a2'),
    ];
    expect(sections(before, after)).toMatchObject([
      {
        type: 'renamed',
        before: { index: 1, label: '1.1', level: 3, title: 'A1', blockCount: 3 },
        after: { index: 1, label: '1.1', level: 3, title: 'A1 nytt', blockCount: 3 },
      },
    ]);
  });

  it('does not call a heading turned into a paragraph a renamed section', () => {
    expect(sections([h(2, 'Rubrik', 'a'), p('x', 'x')], [p('Rubrik', 'a'), p('x', 'x')])).toEqual(
      [],
    );
  });

  it('does not call a heading that moved without its content a moved section', () => {
    const before = [h(2, 'A', 'a'), p('Ett.', 'x'), p('Två.', 'y'), p('Tre.', 'z')];
    const after = [p('Ett.', 'x'), p('Två.', 'y'), h(2, 'A', 'a'), p('Tre.', 'z')];
    expect(sections(before, after)).toEqual([]);
  });
});
