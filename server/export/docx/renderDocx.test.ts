import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { parseXmlStrictly, readZipPackage } from '../../test/readZipPackage.ts';
import { sampleExportDocument } from '../../test/sampleExportDocument.ts';
import type { ExportOptions } from '../ExportDocument.ts';
import { renderDocx } from './renderDocx.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/**
 * The part of the DOM these checks read. xmldom's nodes have it; the server is compiled without
 * the DOM library, so its own types do not resolve here.
 */
interface XmlNode {
  nodeType: number;
  firstChild: XmlNode | null;
  nextSibling: XmlNode | null;
  textContent: string | null;
}
interface XmlElement extends XmlNode {
  localName: string;
  namespaceURI: string | null;
  getAttributeNS(namespace: string, name: string): string | null;
}

/** Parses a part strictly (any XML error fails the test) and returns its document node. */
function parse(text: string, part: string): XmlNode {
  const dom: unknown = parseXmlStrictly(text, part);
  return dom as XmlNode;
}

const plain: ExportOptions = { titlePage: false, numbers: false, comments: 'none' };

/** Renders the sample and reads the package back, every XML part parsed strictly. */
async function render(options: Partial<ExportOptions> = {}, language: 'sv' | 'en' = 'sv') {
  const bytes = await renderDocx(sampleExportDocument({ language }), { ...plain, ...options });
  const pack = readZipPackage(bytes);
  const document = pack.xml['word/document.xml'];
  if (document === undefined) throw new Error('no word/document.xml');
  return { pack, document, dom: parse(document, 'word/document.xml') };
}

/** Every element of `root` in document order. */
function elements(root: XmlNode): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (node: XmlNode) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1) {
        // nodeType 1 is ELEMENT_NODE.
        out.push(child as XmlElement);
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

/** The text of every paragraph, in order. */
function paragraphTexts(dom: XmlNode): string[] {
  return elements(dom)
    .filter((element) => element.namespaceURI === W && element.localName === 'p')
    .map((paragraph) =>
      elements(paragraph)
        .filter((element) => element.localName === 't')
        .map((element) => element.textContent ?? '')
        .join(''),
    );
}

/** Paragraph texts with their style ids. */
function styledParagraphs(dom: XmlNode): { style: string | null; text: string }[] {
  const paragraphs = elements(dom).filter((element) => element.localName === 'p');
  const texts = paragraphTexts(dom);
  return paragraphs.map((paragraph, index) => {
    const style = elements(paragraph).find((element) => element.localName === 'pStyle');
    return { style: style?.getAttributeNS(W, 'val') ?? null, text: texts[index] ?? '' };
  });
}

/** The text inside the comment range `id`: the w:t between its start and its end. */
function commentedText(dom: XmlNode, id: string): string {
  let inside = false;
  let text = '';
  for (const element of elements(dom)) {
    const isId = element.getAttributeNS(W, 'id') === id;
    if (element.localName === 'commentRangeStart' && isId) inside = true;
    else if (element.localName === 'commentRangeEnd' && isId) inside = false;
    else if (inside && element.localName === 't') text += element.textContent ?? '';
  }
  return text;
}

function ids(dom: XmlNode, localName: string): string[] {
  return elements(dom)
    .filter((element) => element.localName === localName)
    .map((element) => element.getAttributeNS(W, 'id') ?? '');
}

describe('renderDocx', () => {
  it('writes a package of well-formed parts with Word headings, lists, a table and a link', async () => {
    const { pack, dom } = await render();
    expect(Object.keys(pack.files)).toEqual(
      expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/numbering.xml']),
    );
    const paragraphs = styledParagraphs(dom);
    expect(paragraphs).toContainEqual({ style: 'Heading1', text: 'Vägledning för öppna licenser' });
    expect(paragraphs).toContainEqual({ style: 'Heading2', text: 'Bakgrund och syfte' });
    expect(paragraphs).toContainEqual({ style: 'Heading3', text: 'Krav på återanvändning' });
    expect(paragraphs.map((one) => one.text).join('\n')).toContain('Ny rad: Å Ä Ö å ä ö.');
    expect(paragraphs).toContainEqual({ style: 'Quote', text: 'Ett citat ur förordningen.' });

    // Real list numbering: the nested numbered list is a deeper level of a numbered definition.
    const levels = elements(dom)
      .filter((element) => element.localName === 'ilvl')
      .map((element) => element.getAttributeNS(W, 'val'));
    expect(levels).toEqual(['0', '0', '1', '1']);
    const numbering = pack.xml['word/numbering.xml'] ?? '';
    expect(numbering).toContain('w:val="bullet"');
    expect(numbering).toContain('w:val="decimal"');

    const cells = elements(dom).filter((element) => element.localName === 'tc');
    expect(cells).toHaveLength(4);
    expect(elements(dom).some((element) => element.localName === 'tblHeader')).toBe(true);

    const links = pack.xml['word/_rels/document.xml.rels'] ?? '';
    expect(links).toMatch(/Target="https:\/\/www\.digg\.se\/\?a=1&amp;b=2" TargetMode="External"/);
    expect(elements(dom).some((element) => element.localName === 'hyperlink')).toBe(true);
  });

  it('starts every list from its own start, a nested list again under each item', async () => {
    const item = (id: string, text: string, ...rest: JSONContent[]): JSONContent => ({
      type: 'listItem',
      attrs: { id },
      content: [
        { type: 'paragraph', attrs: { id: `${id}-p` }, content: [{ type: 'text', text }] },
        ...rest,
      ],
    });
    const ordered = (start: number, ...items: JSONContent[]): JSONContent => ({
      type: 'orderedList',
      attrs: { start },
      content: items,
    });
    const content: JSONContent = {
      type: 'doc',
      content: [
        {
          type: 'bulletList',
          content: [
            item('a', 'Ett', ordered(1, item('a1', 'Ett.ett'))),
            item('b', 'Två', ordered(1, item('b1', 'Två.ett'))),
          ],
        },
        ordered(3, item('c', 'Tre'), item('d', 'Fyra')),
      ],
    };
    const bytes = await renderDocx(sampleExportDocument({ content, threads: [] }), plain);
    const pack = readZipPackage(bytes);
    const dom = parse(pack.xml['word/document.xml'] ?? '', 'word/document.xml');
    const numIds = elements(dom)
      .filter((element) => element.localName === 'numId')
      .map((element) => element.getAttributeNS(W, 'val'));
    const [outer, firstNested, , secondNested, third, fourth] = numIds;
    // The two nested lists are separate lists, so the second counts from 1 again.
    expect(firstNested).not.toBe(secondNested);
    expect(numIds[2]).toBe(outer);
    expect(third).toBe(fourth);
    expect(pack.xml['word/numbering.xml']).toContain('<w:start w:val="3"/>');
  });

  it('sets the title and the text language in the properties', async () => {
    const { pack } = await render();
    expect(pack.xml['docProps/core.xml']).toContain(
      '<dc:title>Vägledning öppna licenser – utkast 2</dc:title>',
    );
    expect(pack.xml['word/styles.xml']).toContain('<w:lang w:val="sv-SE"/>');
  });

  it('numbers sections and paragraphs as the app does, only when asked', async () => {
    const numbered = paragraphTexts((await render({ numbers: true })).dom);
    expect(numbered).toContain('1 Bakgrund och syfte');
    expect(numbered).toContain('1.1 Krav på återanvändning');
    expect(numbered.some((text) => text.startsWith('1 ¶1  Myndigheter ska publicera'))).toBe(true);
    // A whole list is one paragraph: its number stands above it.
    expect(numbered).toContain('1 ¶2');
    const bare = paragraphTexts((await render()).dom);
    expect(bare).toContain('Bakgrund och syfte');
    expect(bare.join('\n')).not.toContain('¶');
  });

  it('adds a title page with the version name and date, in the export language', async () => {
    const { dom } = await render({ titlePage: true });
    const paragraphs = styledParagraphs(dom);
    expect(paragraphs[0]).toEqual({ style: 'Title', text: 'Vägledning öppna licenser – utkast 2' });
    expect(paragraphs.map((one) => one.text)).toContain('Aktuell text');
    // The title page is a section of its own, so the text starts on a new page.
    expect(elements(dom).filter((element) => element.localName === 'sectPr')).toHaveLength(2);

    const english = styledParagraphs((await render({ titlePage: true }, 'en')).dom);
    expect(english.map((one) => one.text)).toContain('Current text');
    expect(english.map((one) => one.text)).toContain('Exported 2025-03-20 13:00');

    const without = styledParagraphs((await render()).dom);
    expect(without.some((one) => one.style === 'Title')).toBe(false);
  });

  it('writes comments as Word comments anchored around their quotes', async () => {
    const { pack, dom } = await render({ comments: 'annotations' });
    const comments = pack.xml['word/comments.xml'];
    if (comments === undefined) throw new Error('no word/comments.xml');
    const commentDom = parse(comments, 'word/comments.xml');
    const defined = ids(commentDom, 'comment');
    expect(defined).toEqual(['0', '1', '2', '3']);
    // Every comment is anchored once, with start, end and reference carrying the same id.
    expect(ids(dom, 'commentRangeStart').sort()).toEqual(defined);
    expect(ids(dom, 'commentRangeEnd').sort()).toEqual(defined);
    expect(ids(dom, 'commentReference').sort()).toEqual(defined);

    // A passage across a bold run is anchored exactly; a whole list item spans its text.
    expect(commentedText(dom, '0')).toBe('ska publicera sin rapport');
    expect(commentedText(dom, '1')).toBe('Andra punkten med underpunkter');
    expect(commentedText(dom, '2')).toBe('BY 4.0');

    // Author with organisation, the reply inside the same comment, and the removed text quoted.
    const authors = elements(commentDom)
      .filter((element) => element.localName === 'comment')
      .map((element) => element.getAttributeNS(W, 'author'));
    expect(authors[0]).toBe('Anna Åström (Länsstyrelsen i Östergötland)');
    const balloons = paragraphTexts(commentDom).join('\n');
    expect(balloons).toContain('Håller med, vi skriver om.');
    expect(balloons).toContain('Svar: Bo Ek (Myndigheten för digital förvaltning)');
    expect(balloons).toContain('Borttagen mening om arkivering.');
    expect(balloons).toContain('Kommentar nummer 1: förtydliga <detta> & "det".');
  });

  it('writes comments as an appendix ordered by paragraph', async () => {
    const { pack, dom } = await render({ comments: 'appendix' });
    expect(pack.xml['word/comments.xml']).toBeUndefined();
    const paragraphs = styledParagraphs(dom);
    const start = paragraphs.findIndex((one) => one.text === 'Kommentarer');
    expect(paragraphs[start]?.style).toBe('Heading1');
    const threadHeadings = paragraphs
      .slice(start)
      .filter((one) => one.style === 'Heading2')
      .map((one) => one.text);
    expect(threadHeadings).toEqual(['Tråd 1 – 1 ¶1', 'Tråd 2 – 1 ¶2', 'Tråd 3 – 1.1 ¶2', 'Tråd 4']);
    const appendix = paragraphs.slice(start).map((one) => one.text);
    expect(appendix).toContain('Ställningstagande: Invänder');
    expect(appendix).toContain('Håller med, vi skriver om.');
    expect(paragraphs.slice(start)).toContainEqual({
      style: 'Quote',
      text: 'ska publicera sin rapport',
    });
  });
});
