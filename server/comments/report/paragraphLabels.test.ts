import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { yDocToProseMirror } from '../../editor/yDocToProseMirror.ts';
import { parseContent } from '../../editor/schema.ts';
import { buildDoc } from '../../test/yEdits.ts';
import { paragraphLabels } from './paragraphLabels.ts';

const h = (level: number, id: string, text: string): JSONContent => ({
  type: 'heading',
  attrs: { level, id },
  content: [{ type: 'text', text }],
});
const p = (id: string, text: string): JSONContent => ({
  type: 'paragraph',
  attrs: { id },
  content: [{ type: 'text', text }],
});
const li = (id: string, paragraphId: string, text: string): JSONContent => ({
  type: 'listItem',
  attrs: { id },
  content: [p(paragraphId, text)],
});
const cell = (type: 'tableCell' | 'tableHeader', id: string, paragraphId: string): JSONContent => ({
  type,
  attrs: { id },
  content: [p(paragraphId, id)],
});

/** A small remiss draft: a title, two numbered sections, a list, a quote and a table. */
const draft: JSONContent = {
  type: 'doc',
  content: [
    h(1, 'title', 'Promemoria om öppna data'),
    p('intro', 'Inledande stycke före första avsnittet.'),
    h(2, 's1', 'Bakgrund'),
    p('s1p1', 'Första stycket.'),
    {
      type: 'bulletList',
      content: [li('li1', 'li1p', 'Första punkten'), li('li2', 'li2p', 'Andra punkten')],
    },
    h(3, 's1-1', 'Tidigare utredningar'),
    p('s11p1', 'Ett stycke i 1.1.'),
    { type: 'blockquote', content: [p('q1', 'Ett citat ur lagen.')] },
    h(2, 's2', 'Förslag'),
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'th1', 'th1p')] },
        { type: 'tableRow', content: [cell('tableCell', 'td1', 'td1p')] },
      ],
    },
    p('s2p2', 'Stycke efter tabellen.'),
  ],
};

describe('paragraphLabels', () => {
  const labels = paragraphLabels(parseContent(draft));

  it('numbers headings as sections and paragraphs within them, as the margin does', () => {
    expect(labels.get('intro')).toBe('¶1');
    expect(labels.get('s1')).toBe('1');
    expect(labels.get('s1p1')).toBe('1 ¶1');
    expect(labels.get('s1-1')).toBe('1.1');
    expect(labels.get('s11p1')).toBe('1.1 ¶1');
    expect(labels.get('s2')).toBe('2');
    expect(labels.get('s2p2')).toBe('2 ¶2');
  });

  it('gives every block inside a list, quote or table the number of the whole block', () => {
    for (const id of ['li1', 'li1p', 'li2', 'li2p']) expect(labels.get(id)).toBe('1 ¶2');
    expect(labels.get('q1')).toBe('1.1 ¶2');
    for (const id of ['th1', 'th1p', 'td1', 'td1p']) expect(labels.get(id)).toBe('2 ¶1');
  });

  it('gives the unnumbered title no label', () => {
    expect(labels.has('title')).toBe(false);
  });

  it('keeps the first block when an id occurs twice, as anchors do', () => {
    const twice = paragraphLabels(
      parseContent({ type: 'doc', content: [p('same', 'a'), p('same', 'b')] }),
    );
    expect(twice.get('same')).toBe('¶1');
  });

  it('reads the same numbers out of a Y.Doc, as the report route does', () => {
    const ydoc = buildDoc(draft);
    expect(paragraphLabels(yDocToProseMirror(ydoc))).toEqual(labels);
    ydoc.destroy();
  });
});
