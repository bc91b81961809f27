import type { JSONContent } from '@tiptap/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { poppler } from '../../test/popplerText.ts';
import { sampleExportDocument } from '../../test/sampleExportDocument.ts';
import type { ExportOptions } from '../ExportDocument.ts';
import { renderPdf } from './renderPdf.ts';

const doc = sampleExportDocument();
const all: ExportOptions = { titlePage: true, numbers: true, comments: 'appendix' };
const bare: ExportOptions = { titlePage: false, numbers: false, comments: 'none' };

/** pdftotext breaks lines where the layout does; compare text with single spaces. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('renderPdf (checked with poppler-utils)', () => {
  let full: Uint8Array;
  let plain: Uint8Array;
  let annotated: Uint8Array;
  beforeAll(async () => {
    [full, plain, annotated] = await Promise.all([
      renderPdf(doc, all),
      renderPdf(doc, bare),
      renderPdf(doc, { ...bare, comments: 'annotations' }),
    ]);
  });

  it('writes a PDF whose text has the headings, the Swedish letters and the numbers', () => {
    expect(new TextDecoder().decode(full.subarray(0, 5))).toBe('%PDF-');
    const text = flat(poppler('pdftotext', full));
    expect(text).toContain('Vägledning för öppna licenser');
    expect(text).toContain('1 Bakgrund och syfte');
    expect(text).toContain('1.1 Krav på återanvändning');
    expect(text).toContain('å ä ö');
    expect(text).toContain('Å Ä Ö');
    expect(text).toContain('1 ¶1 Myndigheter ska publicera sin rapport');
    expect(text).toContain('1.1 ¶3 Sista stycket');
    expect(text).toContain('Underpunkt två');
    expect(text).toContain('CC BY 4.0');
    // The title page, then the page numbers in the footer.
    expect(text).toContain(
      'Vägledning öppna licenser – utkast 2 Aktuell text Exporterad 2025-03-20 13:00',
    );
    expect(text).toMatch(/Sida 1 av (\d+)/);
  });

  it('adds the comment appendix in paragraph order when asked, and only then', () => {
    const text = flat(poppler('pdftotext', full));
    const order = [
      'Kommentarer',
      'Tråd 1 – 1 ¶1',
      'Tråd 2 – 1 ¶2',
      'Tråd 3 – 1.1 ¶2',
      'Tråd 4',
    ].map((words) => text.indexOf(words));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('Ställningstagande: Invänder');
    expect(text).toContain('Svar: Bo Ek (Myndigheten för digital förvaltning), 2025-03-14 11:00');
    expect(text).toContain('Kommentar nummer 1: förtydliga <detta> & "det".');

    const without = flat(poppler('pdftotext', plain));
    expect(without).toContain('Bakgrund och syfte');
    expect(without).not.toContain('Tråd 1');
    expect(without).not.toContain('Kommentar nummer');
    expect(without).not.toContain('¶');
    expect(without).not.toContain('Aktuell text');

    // A PDF has no anchored comments every reader shows: "annotations" gives the appendix.
    expect(flat(poppler('pdftotext', annotated))).toContain('Tråd 2 – 1 ¶2');
    expect(flat(poppler('pdftotext', annotated))).toContain('Håller med, vi skriver om.');
  });

  it('embeds Roboto, states the title and language, and is A4', () => {
    const fonts = poppler('pdffonts', full);
    const roboto = fonts.split('\n').filter((line) => line.includes('Roboto'));
    expect(roboto.length).toBeGreaterThan(0);
    // Columns: name, type…, emb, sub, uni: every Roboto face is embedded.
    for (const line of roboto) expect(line).toMatch(/\byes\s+yes\s+yes\b/);
    const info = poppler('pdfinfo', full);
    expect(info).toMatch(/Title:\s+Vägledning öppna licenser – utkast 2/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(new TextDecoder('latin1').decode(full)).toContain('/Lang (sv)');
  });

  it('never ends a page with a heading cut off from its text', async () => {
    // Sections of varied length, so that without grouping some headings end a page.
    const content: JSONContent[] = [];
    for (let section = 0; section < 60; section += 1) {
      content.push({
        type: 'heading',
        attrs: { id: `h${section}`, level: 2 },
        content: [{ type: 'text', text: `Avsnitt ${section}` }],
      });
      content.push({
        type: 'paragraph',
        attrs: { id: `p${section}` },
        content: [{ type: 'text', text: 'Ord och mening. '.repeat(1 + ((section * 37) % 41)) }],
      });
    }
    const pdf = await renderPdf(
      sampleExportDocument({ content: { type: 'doc', content }, threads: [] }),
      bare,
    );
    const pages = poppler('pdftotext', pdf)
      .split('\f')
      .filter((page) => page.trim() !== '');
    expect(pages.length).toBeGreaterThan(5);
    const lastLines = pages.map((page) =>
      page
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('Sida '))
        .at(-1),
    );
    expect(lastLines.filter((line) => line?.startsWith('Avsnitt'))).toEqual([]);
  });
});
