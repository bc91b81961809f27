import { getSchema, type JSONContent } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { schemaExtensions } from './extensions.ts';
import { numberBlocks } from './numbering.ts';

const schema = getSchema(schemaExtensions());

function doc(...content: JSONContent[]): ProseMirrorNode {
  const node = schema.nodeFromJSON({ type: 'doc', content });
  node.check();
  return node;
}

const h = (level: number, text: string, id?: string): JSONContent => ({
  type: 'heading',
  attrs: { level, ...(id ? { id } : {}) },
  content: [{ type: 'text', text }],
});
const p = (text: string, id?: string): JSONContent => ({
  type: 'paragraph',
  ...(id ? { attrs: { id } } : {}),
  content: [{ type: 'text', text }],
});
const li = (text: string, id?: string): JSONContent => ({
  type: 'listItem',
  ...(id ? { attrs: { id } } : {}),
  content: [p(text)],
});
const bulletList = (...items: JSONContent[]): JSONContent => ({
  type: 'bulletList',
  content: items,
});
const quote = (...content: JSONContent[]): JSONContent => ({ type: 'blockquote', content });
const table = (firstCellId: string): JSONContent => ({
  type: 'table',
  content: [
    {
      type: 'tableRow',
      content: [
        { type: 'tableHeader', attrs: { id: firstCellId }, content: [p('Begrepp')] },
        { type: 'tableHeader', content: [p('Förklaring')] },
      ],
    },
    {
      type: 'tableRow',
      content: [
        { type: 'tableCell', content: [p('CC0')] },
        { type: 'tableCell', content: [p('Avstående')] },
      ],
    },
  ],
});

const labels = (node: ProseMirrorNode) => numberBlocks(node).map((block) => block.label);

describe('numberBlocks', () => {
  it('numbers sections and paragraphs the way a consultation refers to them', () => {
    const draft = doc(
      h(1, 'Vägledning'),
      p('Inledande text.'),
      h(2, 'Bakgrund'),
      p('Första.'),
      p('Andra.'),
      h(3, 'Upphovsrätt'),
      p('Första i underavsnittet.'),
      bulletList(li('Ett'), li('Två')),
      h(3, 'Databasrätt'),
      p('Text.'),
      h(2, 'Rekommendationer'),
      p('Text.'),
      quote(p('Citat.')),
      table('cell-1'),
    );
    expect(labels(draft)).toEqual([
      '¶1',
      '1',
      '1 ¶1',
      '1 ¶2',
      '1.1',
      '1.1 ¶1',
      '1.1 ¶2',
      '1.2',
      '1.2 ¶1',
      '2',
      '2 ¶1',
      '2 ¶2',
      '2 ¶3',
    ]);
  });

  it('reports each block as a section or a paragraph, with its section and number', () => {
    const blocks = numberBlocks(doc(h(2, 'A'), p('x'), h(3, 'B'), p('y'), p('z')));
    expect(blocks.map(({ kind, section, paragraph }) => ({ kind, section, paragraph }))).toEqual([
      { kind: 'section', section: '1', paragraph: null },
      { kind: 'paragraph', section: '1', paragraph: 1 },
      { kind: 'section', section: '1.1', paragraph: null },
      { kind: 'paragraph', section: '1.1', paragraph: 1 },
      { kind: 'paragraph', section: '1.1', paragraph: 2 },
    ]);
  });

  it('keeps a paragraph number when text is added in another section', () => {
    const before = doc(h(2, 'A'), p('a1'), h(2, 'B'), p('b1'), p('b2', 'target'));
    const after = doc(
      h(2, 'A'),
      p('a1'),
      p('new'),
      p('another'),
      h(2, 'B'),
      p('b1'),
      p('b2', 'target'),
    );
    const find = (node: ProseMirrorNode) =>
      numberBlocks(node).find((block) => block.blockId === 'target')?.label;
    expect(find(before)).toBe('2 ¶2');
    expect(find(after)).toBe('2 ¶2');
  });

  it('starts again after a new title, and gives distinct numbers when a level is skipped', () => {
    const blocks = labels(doc(h(2, 'A'), h(4, 'Djup'), p('x'), h(1, 'Bilaga'), p('y'), h(2, 'C')));
    expect(blocks[0]).toBe('1');
    expect(blocks[1]).toMatch(/^1\.\d+\.\d+$/);
    expect(blocks[2]).toBe(`${blocks[1] ?? ''} ¶1`);
    expect(blocks.slice(3)).toEqual(['¶1', '1']);
  });

  it('points each number at its block and its stable id', () => {
    const draft = doc(
      h(2, 'A', 'h-a'),
      p('x', 'p-x'),
      bulletList(li('Ett', 'li-1'), li('Två', 'li-2')),
      quote(p('Citat', 'q-p')),
      table('th-1'),
      p('utan id'),
    );
    const blocks = numberBlocks(draft);
    expect(blocks.map((block) => block.blockId)).toEqual([
      'h-a',
      'p-x',
      'li-1',
      'q-p',
      'th-1',
      null,
    ]);
    const types = blocks.map((block) => draft.nodeAt(block.pos)?.type.name);
    expect(types).toEqual([
      'heading',
      'paragraph',
      'bulletList',
      'blockquote',
      'table',
      'paragraph',
    ]);
  });

  it('leaves the title unnumbered, so a document with only a title has no numbers', () => {
    expect(numberBlocks(doc(h(1, 'Vägledning')))).toEqual([]);
  });
});
