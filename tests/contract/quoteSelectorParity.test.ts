import { getSchema, type JSONContent } from '@tiptap/core';
import { prosemirrorToYDoc } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import { createAnchor } from '../../server/comments/anchors/createAnchor.ts';
import { flattenText } from '../../server/comments/anchors/flattenText.ts';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { schemaExtensions } from '../../shared/editor/extensions.ts';
import { blockRequest, passageRequest } from '../../client/src/editor/comments/commentRequests.ts';
import { quoteSelector } from '../../client/src/editor/comments/quoteSelector.ts';

const schema = getSchema(schemaExtensions());
const text = (value: string): JSONContent => ({ type: 'text', text: value });
const paragraph = (id: string, ...content: JSONContent[]): JSONContent => ({
  type: 'paragraph',
  attrs: { id },
  content,
});

// Every kind of block the flattening treats specially: headings, a hard break, a list, a quote,
// a table, an empty paragraph, an emoji (two UTF-16 units) and a phrase that occurs twice.
const content: JSONContent = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2, id: 'h1' }, content: [text('Syfte och mål')] },
    paragraph('p1', text('Öppna data 📄 ska vara fria.'), { type: 'hardBreak' }, text('Ny rad.')),
    paragraph('p2'),
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          attrs: { id: 'li1' },
          content: [paragraph('p3', text('fria licenser'))],
        },
        {
          type: 'listItem',
          attrs: { id: 'li2' },
          content: [paragraph('p4', text('öppen källkod'))],
        },
      ],
    },
    { type: 'blockquote', content: [paragraph('p5', text('Citat om fria licenser här.'))] },
    {
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: [
            { type: 'tableHeader', attrs: { id: 'th1' }, content: [paragraph('p6', text('A'))] },
            { type: 'tableCell', attrs: { id: 'td1' }, content: [paragraph('p7', text('B'))] },
          ],
        },
      ],
    },
    paragraph('p8', text('Slutord.')),
  ],
};

const doc = schema.nodeFromJSON(content);
const ydoc = prosemirrorToYDoc(doc, YJS_FRAGMENT);

/** Document positions of the first occurrence of `needle` (within one text node). */
function find(needle: string, occurrence = 0): { from: number; to: number } {
  const hits: number[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText || node.text === undefined) return;
    for (let at = node.text.indexOf(needle); at !== -1; at = node.text.indexOf(needle, at + 1)) {
      hits.push(pos + at);
    }
  });
  const from = hits[occurrence];
  if (from === undefined) throw new Error(`"${needle}" not found`);
  return { from, to: from + needle.length };
}

describe('quoteSelector', () => {
  it('flattens the document exactly as the server does', () => {
    const flat = flattenText(ydoc).text;
    const selector = quoteSelector(doc, 0, doc.content.size);
    expect(typeof selector).toBe('object');
    if (typeof selector === 'string') return;
    expect(`${selector.prefix ?? ''}${selector.exact}${selector.suffix ?? ''}`).toBe(flat);
  });

  it('builds selectors the server anchors to the same text, even for a repeated phrase', () => {
    const cases = [
      find('fria licenser', 0),
      find('fria licenser', 1),
      find('📄'),
      find('Ny rad'),
      { from: find('fria.').from, to: find('öppen').to },
      { from: find('A').from, to: find('Slutord').to },
    ];
    for (const { from, to } of cases) {
      const selector = quoteSelector(doc, from, to);
      if (typeof selector === 'string') throw new Error(selector);
      const anchored = createAnchor(ydoc, selector);
      expect(anchored.ok, selector.exact).toBe(true);
      if (anchored.ok) expect(anchored.anchor.quote).toBe(selector.exact);
      expect(selector.prefix?.length ?? 0).toBeLessThanOrEqual(32);
      expect(selector.suffix?.length ?? 0).toBeLessThanOrEqual(32);
    }
  });

  it('leaves line breaks at the edges out, and refuses a selection of nothing', () => {
    const p1 = find('Ny rad.');
    const p8 = find('Slutord.');
    const selector = quoteSelector(doc, p1.to, p8.from);
    if (typeof selector === 'string') throw new Error(selector);
    expect(selector.exact.startsWith('\n')).toBe(false);
    expect(selector.exact.endsWith('\n')).toBe(false);
    expect(quoteSelector(doc, p8.from, p8.from)).toBe('empty');
  });
});

describe('comment requests', () => {
  it('targets a paragraph by its block id, and a list by its whole text', () => {
    const first = find('Öppna data').from - 1;
    const paragraphRequest = blockRequest(doc, { pos: first, label: '1 ¶1' });
    expect(paragraphRequest).toMatchObject({
      target: { selector: { type: 'FragmentSelector', value: 'p1' } },
      label: '1 ¶1',
    });

    let listPos = -1;
    doc.forEach((node, offset) => {
      if (node.type.name === 'bulletList') listPos = offset;
    });
    const listRequest = blockRequest(doc, { pos: listPos, label: '1 ¶3' });
    if (typeof listRequest === 'string') throw new Error(listRequest);
    expect(listRequest.quote).toBe('fria licenser\nöppen källkod');
    expect(listRequest.target.selector.type).toBe('TextQuoteSelector');
    const anchored = createAnchor(ydoc, listRequest.target.selector);
    expect(anchored.ok).toBe(true);
  });

  it('labels a passage with the number of the block it starts in', () => {
    const { from, to } = find('Slutord');
    const request = passageRequest(doc, from, to);
    if (typeof request === 'string') throw new Error(request);
    expect(request.label).toBe('1 ¶6');
  });
});
