import { describe, expect, it } from 'vitest';
import { firstZipEntry, parseXmlStrictly, readZipPackage } from '../../test/readZipPackage.ts';
import { sampleExportDocument } from '../../test/sampleExportDocument.ts';
import type { ExportOptions } from '../ExportDocument.ts';
import { ODT_MEDIA_TYPE } from './odfNamespaces.ts';
import { renderOdt } from './renderOdt.ts';

const plain: ExportOptions = { titlePage: false, numbers: false, comments: 'none' };

function contentOf(options: ExportOptions, doc = sampleExportDocument()) {
  const { xml } = readZipPackage(renderOdt(doc, options));
  const content = xml['content.xml'] ?? '';
  return { content, dom: parseXmlStrictly(content, 'content.xml') };
}

const texts = (dom: ReturnType<typeof parseXmlStrictly>, tag: string): string[] =>
  Array.from(dom.getElementsByTagName(tag)).map((node) => node.textContent ?? '');

describe('renderOdt', () => {
  it('writes an ODF package: mimetype first and stored, every part well-formed and in the manifest', () => {
    const bytes = renderOdt(sampleExportDocument(), {
      titlePage: true,
      numbers: true,
      comments: 'annotations',
    });
    const first = firstZipEntry(bytes);
    expect(first).toEqual({ method: 0, extraLength: 0, name: 'mimetype' });
    const { files, xml } = readZipPackage(bytes);
    expect(new TextDecoder().decode(files['mimetype'])).toBe(ODT_MEDIA_TYPE);
    expect(Object.keys(xml).sort()).toEqual(
      ['META-INF/manifest.xml', 'content.xml', 'meta.xml', 'styles.xml'].sort(),
    );
    const manifest = parseXmlStrictly(xml['META-INF/manifest.xml'] ?? '', 'manifest');
    const listed = Array.from(manifest.getElementsByTagName('manifest:file-entry')).map((entry) =>
      entry.getAttribute('manifest:full-path'),
    );
    const parts = Object.keys(files).filter(
      (name) => name !== 'mimetype' && !name.startsWith('META-INF/'),
    );
    expect(listed).toEqual(['/', ...parts]);
    const meta = xml['meta.xml'] ?? '';
    expect(meta).toContain('<dc:title>Vägledning öppna licenser – utkast 2</dc:title>');
    expect(meta).toContain('<dc:language>sv</dc:language>');
    expect(meta).toContain('<meta:generator>Remiss</meta:generator>');
  });

  it('writes headings with outline levels, nested lists, a table, a quote, links and marks', () => {
    const { content, dom } = contentOf(plain);
    const headings = Array.from(dom.getElementsByTagName('text:h')).map((node) => [
      node.getAttribute('text:outline-level'),
      node.getAttribute('text:style-name'),
      node.textContent,
    ]);
    expect(headings).toEqual([
      ['1', 'Heading_20_1', 'Vägledning för öppna licenser'],
      ['2', 'Heading_20_2', 'Bakgrund och syfte'],
      ['3', 'Heading_20_3', 'Krav på återanvändning'],
    ]);
    const lists = Array.from(dom.getElementsByTagName('text:list'));
    expect(lists.map((list) => list.getAttribute('text:style-name'))).toEqual([
      'List_20_Bullet',
      'List_20_Number',
    ]);
    // The numbered list sits inside the second item of the bullet list.
    expect(lists[1]?.parentNode?.nodeName).toBe('text:list-item');
    expect(texts(dom, 'text:list-item')).toContain('Underpunkt två');
    const cells = texts(dom, 'table:table-cell');
    expect(cells).toEqual(['Licens', 'Användning', 'CC BY 4.0', 'Text och bild']);
    expect(
      dom
        .getElementsByTagName('table:table-column')[0]
        ?.getAttribute('table:number-columns-repeated'),
    ).toBe('2');
    const link = dom.getElementsByTagName('text:a')[0];
    expect(link?.getAttribute('xlink:href')).toBe('https://www.digg.se/?a=1&b=2');
    expect(link?.textContent).toBe('Digg');
    const spans = Array.from(dom.getElementsByTagName('text:span')).map((span) => [
      span.getAttribute('text:style-name'),
      span.textContent,
    ]);
    expect(spans).toContainEqual(['T_bold', 'ska publicera']);
    expect(spans).toContainEqual(['T_italic', 'öppna licenser']);
    expect(spans).toContainEqual(['T_bold_italic', 'fetkursiv text']);
    expect(content).toContain('<text:line-break/>Ny rad: Å Ä Ö å ä ö.');
    expect(content).toContain(
      '<text:p text:style-name="Quotations">Ett citat ur förordningen.</text:p>',
    );
    // Runs of spaces survive ODF's whitespace collapsing.
    expect(content).toContain('Sista stycket <text:s text:c="2"/>med <text:s/>extra');
    // Without options: no numbers, no title page, no comments.
    expect(content).not.toContain('text:style-name="T_number"');
    expect(content).not.toContain('office:annotation');
    expect(texts(dom, 'text:p')).not.toContain('Aktuell text');
  });

  it('adds a title page and the numbers the app shows', () => {
    const { dom } = contentOf({ ...plain, titlePage: true, numbers: true });
    const paragraphs = Array.from(dom.getElementsByTagName('text:p'));
    expect(
      paragraphs.slice(0, 3).map((p) => [p.getAttribute('text:style-name'), p.textContent]),
    ).toEqual([
      ['Title', 'Vägledning öppna licenser – utkast 2'],
      ['Subtitle', 'Aktuell text'],
      ['P_page_break_after', 'Exporterad 2025-03-20 13:00'],
    ]);
    expect(texts(dom, 'text:h')).toEqual([
      'Vägledning för öppna licenser',
      '1 Bakgrund och syfte',
      '1.1 Krav på återanvändning',
    ]);
    const numbers = Array.from(dom.getElementsByTagName('text:span'))
      .filter((span) => span.getAttribute('text:style-name') === 'T_number')
      .map((span) => span.textContent);
    expect(numbers).toEqual(['1', '1 ¶1', '1 ¶2', '1.1', '1.1 ¶1', '1.1 ¶2', '1.1 ¶3']);
  });

  it('names the version on the title page of a version', () => {
    const doc = sampleExportDocument({
      version: { id: 'v1', name: 'Remissversion', createdAt: '2025-02-01T09:30:00.000Z' },
      language: 'en',
    });
    const { dom } = contentOf({ ...plain, titlePage: true }, doc);
    expect(texts(dom, 'text:p').slice(1, 3)).toEqual([
      'Version: Remissversion',
      'Saved 2025-02-01 10:30',
    ]);
  });

  it('anchors each thread as an annotation around its passage, with replies inside', () => {
    const { dom } = contentOf({ ...plain, comments: 'annotations' });
    const annotations = Array.from(dom.getElementsByTagName('office:annotation'));
    const ends = Array.from(dom.getElementsByTagName('office:annotation-end'));
    expect(annotations.map((a) => a.getAttribute('office:name'))).toEqual([
      'comment-1',
      'comment-2',
      'comment-3',
      'comment-4',
    ]);
    expect(ends.map((end) => end.getAttribute('office:name'))).toEqual(
      annotations.map((a) => a.getAttribute('office:name')),
    );
    for (const [index, annotation] of annotations.entries()) {
      // Start and end sit in the same paragraph, the end after the start.
      expect(ends[index]?.parentNode).toBe(annotation.parentNode);
    }
    const first = annotations[0];
    expect(first?.getElementsByTagName('dc:creator')[0]?.textContent).toBe(
      'Anna Åström (Länsstyrelsen i Östergötland)',
    );
    expect(first?.getElementsByTagName('dc:date')[0]?.textContent).toBe('2025-03-14T08:05:00Z');
    expect(first?.textContent).toContain('Kommentar nummer 1: förtydliga <detta> & "det".');

    /** The paragraph text between an annotation and its end: what the thread is anchored to. */
    const anchored = (index: number): string => {
      const start = annotations[index];
      const end = ends[index];
      let text = '';
      let inside = false;
      const walk = (node: ChildNode | null | undefined): void => {
        for (let child = node?.firstChild; child; child = child.nextSibling) {
          if (child === start) inside = true;
          else if (child === end) inside = false;
          else if (child.nodeName === 'office:annotation') continue;
          else if (child.nodeType === 3 && inside) text += child.nodeValue ?? '';
          else if (child.nodeName === 'text:s' && inside) text += ' ';
          else walk(child);
        }
      };
      walk(start?.parentNode as ChildNode | null);
      return text;
    };
    // Across a bold run and a plain run.
    expect(anchored(0)).toBe('ska publicera sin rapport');
    // A whole list item: its first paragraph.
    expect(anchored(1)).toBe('Andra punkten med underpunkter');
    // A passage inside a table cell.
    expect(anchored(2)).toBe('BY 4.0');
    // Text removed from the document: its quote, after the text, under its own heading.
    expect(anchored(3)).toBe('Borttagen mening om arkivering.');
    expect(texts(dom, 'text:h')).toContain('Kommentarer på text som har tagits bort');

    const second = annotations[1]?.textContent ?? '';
    expect(second).toContain('Punkten är otydlig.');
    expect(second).toContain('Svar: Bo Ek (Myndigheten för digital förvaltning), 2025-03-14 11:00');
    expect(second).toContain('Håller med, vi skriver om.');
    expect(second).toContain('Beslut: Godtas delvis');
  });

  it('anchors to the whole paragraph when the quote is not in it', () => {
    const [thread] = sampleExportDocument().threads;
    if (!thread) throw new Error('sample has threads');
    const doc = sampleExportDocument({ threads: [{ ...thread, quote: 'finns inte i stycket' }] });
    const { dom } = contentOf({ ...plain, comments: 'annotations' }, doc);
    const annotation = dom.getElementsByTagName('office:annotation')[0];
    const paragraph = annotation?.parentNode;
    expect(paragraph?.firstChild).toBe(annotation);
    expect(paragraph?.lastChild?.nodeName).toBe('office:annotation-end');
  });

  it('writes the comment appendix in paragraph order, and nothing of it when comments are off', () => {
    const { dom } = contentOf({ ...plain, comments: 'appendix' });
    const headings = texts(dom, 'text:h');
    const start = headings.indexOf('Kommentarer');
    expect(start).toBeGreaterThan(0);
    expect(headings.slice(start + 1)).toEqual([
      'Tråd 1 – 1 ¶1',
      'Tråd 2 – 1 ¶2',
      'Tråd 3 – 1.1 ¶2',
      'Tråd 4',
    ]);
    const paragraphs = texts(dom, 'text:p');
    expect(paragraphs).toContain('Ställningstagande: Invänder');
    expect(paragraphs).toContain(
      'Svar: Bo Ek (Myndigheten för digital förvaltning), 2025-03-14 11:00',
    );
    expect(paragraphs).toContain('Kommentar nummer 3: förtydliga <detta> & "det".');
    expect(dom.getElementsByTagName('office:annotation').length).toBe(0);

    const none = contentOf(plain);
    expect(texts(none.dom, 'text:h')).not.toContain('Kommentarer');
    expect(none.content).not.toContain('Kommentar nummer');
  });

  it('escapes markup and drops characters XML forbids in everything a person typed', () => {
    const hostile = 'a <b>&amp; "q" \'s\' \u0001\u0008\uFFFE\uD800 z';
    const [thread] = sampleExportDocument().threads;
    if (!thread) throw new Error('sample has threads');
    const doc = sampleExportDocument({
      title: hostile,
      content: {
        type: 'doc',
        content: [
          {
            type: 'paragraph',
            attrs: { id: 'p-intro' },
            content: [
              { type: 'text', text: hostile },
              {
                type: 'text',
                text: 'bad link',
                marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }],
              },
            ],
          },
        ],
      },
      threads: [
        {
          ...thread,
          quote: hostile,
          author: { name: '</dc:creator><x>', organisation: '&' },
          comments: thread.comments.map((one) => ({
            ...one,
            body: { kind: 'text', text: hostile },
          })),
        },
      ],
    });
    for (const comments of ['annotations', 'appendix'] as const) {
      const bytes = renderOdt(doc, { titlePage: true, numbers: true, comments });
      const { xml } = readZipPackage(bytes);
      const dom = parseXmlStrictly(xml['content.xml'] ?? '', 'content.xml');
      expect(texts(dom, 'text:p')).toContain('a <b>&amp; "q" \'s\'  z');
      // A link to a script is written as plain text.
      expect(dom.getElementsByTagName('text:a').length).toBe(0);
      expect(xml['meta.xml']).toContain(
        '<dc:title>a &lt;b&gt;&amp;amp; &quot;q&quot; &apos;s&apos;  z</dc:title>',
      );
    }
  });

  it('keeps spanned table cells on a full grid', () => {
    const cell = (id: string, text: string, attrs: Record<string, number> = {}) => ({
      type: 'tableCell',
      attrs: { id, colspan: 1, rowspan: 1, ...attrs },
      content: [{ type: 'paragraph', attrs: { id: `${id}-p` }, content: [{ type: 'text', text }] }],
    });
    const doc = sampleExportDocument({
      threads: [],
      content: {
        type: 'doc',
        content: [
          {
            type: 'table',
            content: [
              {
                type: 'tableRow',
                content: [cell('a', 'A', { colspan: 2 }), cell('b', 'B', { rowspan: 2 })],
              },
              { type: 'tableRow', content: [cell('c', 'C'), cell('d', 'D')] },
            ],
          },
        ],
      },
    });
    const { dom } = contentOf(plain, doc);
    const rows = Array.from(dom.getElementsByTagName('table:table-row')).map((row) =>
      Array.from(row.childNodes).map((node) =>
        node.nodeName === 'table:covered-table-cell' ? '-' : node.textContent,
      ),
    );
    expect(rows).toEqual([
      ['A', '-', 'B'],
      ['C', 'D', '-'],
    ]);
    expect(
      dom
        .getElementsByTagName('table:table-column')[0]
        ?.getAttribute('table:number-columns-repeated'),
    ).toBe('3');
  });

  it('writes an empty document as a valid package with an empty body', () => {
    const { dom } = contentOf(
      plain,
      sampleExportDocument({ content: { type: 'doc', content: [] }, threads: [] }),
    );
    expect(dom.getElementsByTagName('office:text')[0]?.childNodes.length).toBe(0);
  });
});
