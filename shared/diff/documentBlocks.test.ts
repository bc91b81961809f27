import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { numberBlocks } from '../editor/numbering.ts';
import { documentBlocks } from './documentBlocks.ts';
import { parseDocument } from './parseDocument.ts';
import { seededRandom } from '../random/seededRandom.ts';
import { syntheticDocument } from './syntheticDocument.ts';

const p = (text: string, id?: string): JSONContent => ({
  type: 'paragraph',
  ...(id ? { attrs: { id } } : {}),
  content: [{ type: 'text', text }],
});
const h = (level: number, text: string, id?: string): JSONContent => ({
  type: 'heading',
  attrs: { level, ...(id ? { id } : {}) },
  content: [{ type: 'text', text }],
});
const doc = (...content: JSONContent[]) => parseDocument({ type: 'doc', content });

describe('documentBlocks', () => {
  it('lists text blocks in reading order, looking through lists, quotes and tables', () => {
    const blocks = documentBlocks(
      doc(
        h(1, 'Titel', 't'),
        h(2, 'Avsnitt', 'h'),
        p('Stycke.', 'p'),
        {
          type: 'orderedList',
          content: [
            {
              type: 'listItem',
              content: [
                p('Punkt ett.', 'li1'),
                {
                  type: 'bulletList',
                  content: [{ type: 'listItem', content: [p('Underpunkt.', 'li2')] }],
                },
              ],
            },
          ],
        },
        { type: 'blockquote', content: [p('Citat.', 'q')] },
        {
          type: 'table',
          content: [
            {
              type: 'tableRow',
              content: [
                { type: 'tableHeader', content: [p('Rubrikcell', 'th')] },
                { type: 'tableCell', content: [p('Cell', 'td')] },
              ],
            },
          ],
        },
      ),
    );
    expect(
      blocks.map(({ index, id, kind, level, label, text }) => ({
        index,
        id,
        kind,
        level,
        label,
        text,
      })),
    ).toEqual([
      { index: 0, id: 't', kind: 'heading', level: 1, label: null, text: 'Titel' },
      { index: 1, id: 'h', kind: 'heading', level: 2, label: '1', text: 'Avsnitt' },
      { index: 2, id: 'p', kind: 'paragraph', level: null, label: '1 ¶1', text: 'Stycke.' },
      { index: 3, id: 'li1', kind: 'listItem', level: null, label: '1 ¶2', text: 'Punkt ett.' },
      { index: 4, id: 'li2', kind: 'listItem', level: null, label: '1 ¶2', text: 'Underpunkt.' },
      { index: 5, id: 'q', kind: 'paragraph', level: null, label: '1 ¶3', text: 'Citat.' },
      { index: 6, id: 'th', kind: 'tableHeader', level: null, label: '1 ¶4', text: 'Rubrikcell' },
      { index: 7, id: 'td', kind: 'tableCell', level: null, label: '1 ¶4', text: 'Cell' },
    ]);
    expect(blocks[4]?.ancestors).toEqual(['orderedList', 'listItem', 'bulletList', 'listItem']);
    expect(blocks[5]?.ancestors).toEqual(['blockquote']);
  });

  it('labels every block with the number numbering.ts gives its top-level block', () => {
    const node = parseDocument(syntheticDocument({ random: seededRandom(3), paragraphs: 300 }));
    const topLevelLabels = new Map<number, string>();
    numberBlocks(node).forEach((number) => topLevelLabels.set(number.pos, number.label));
    const expected: (string | null)[] = [];
    node.forEach((child, offset) => {
      let textblocks = 0;
      child.descendants((inner) => {
        if (inner.isTextblock) textblocks += 1;
        return !inner.isTextblock;
      });
      for (let k = 0; k < (child.isTextblock ? 1 : textblocks); k += 1) {
        expected.push(topLevelLabels.get(offset) ?? null);
      }
    });
    expect(documentBlocks(node).map((block) => block.label)).toEqual(expected);
  });

  it('reads a hard break as a line break, and tells formatting apart from text', () => {
    const plain = documentBlocks(doc(p('Rad ett', 'a')))[0];
    const bold = documentBlocks(
      doc({
        type: 'paragraph',
        attrs: { id: 'a' },
        content: [
          { type: 'text', text: 'Rad', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' ett' },
        ],
      }),
    )[0];
    const broken = documentBlocks(
      doc({
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Rad' },
          { type: 'hardBreak' },
          { type: 'text', text: 'ett' },
        ],
      }),
    )[0];
    expect(bold?.text).toBe(plain?.text);
    expect(bold?.formatKey).not.toBe(plain?.formatKey);
    expect(broken?.text).toBe('Rad\nett');
    expect(broken?.id).toBeNull();
  });

  it('sees a changed link target as a change of formatting', () => {
    const linked = (href: string) =>
      documentBlocks(
        doc({
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Se vägledningen', marks: [{ type: 'link', attrs: { href } }] },
          ],
        }),
      )[0];
    expect(linked('https://www.digg.se/a')?.text).toBe(linked('https://www.digg.se/b')?.text);
    expect(linked('https://www.digg.se/a')?.formatKey).not.toBe(
      linked('https://www.digg.se/b')?.formatKey,
    );
  });

  it('gives an empty document no blocks, and an empty paragraph an empty text', () => {
    expect(documentBlocks(doc())).toEqual([]);
    expect(documentBlocks(doc({ type: 'paragraph' }))[0]?.text).toBe('');
  });
});
