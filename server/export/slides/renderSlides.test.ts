import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { JSONContent } from '@tiptap/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportQuerySchema } from '../../../shared/api/export.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import { slideTitle } from '../../../shared/presentation/slideWords.ts';
import { paragraphLabels } from '../../comments/report/paragraphLabels.ts';
import { parseContent } from '../../editor/schema.ts';
import { buildDocument } from '../../test/factories.ts';
import { sampleExportDocument } from '../../test/sampleExportDocument.ts';
import { makeTempDir, startTestServer, type TestServer } from '../../test/startTestServer.ts';
import type { ExportDocument } from '../ExportDocument.ts';
import { renderExport } from '../renderExport.ts';
import { slideDeckFromExport } from './slideDeckFromExport.ts';

const t = (key: Parameters<typeof translate>[1], values?: Parameters<typeof translate>[2]) =>
  translate('sv', key, values);

const query = (format: 'slides-html' | 'slides-pdf', extra: Record<string, string> = {}) =>
  exportQuerySchema.parse({ format, ...extra });

const workDir = makeTempDir('remiss-slides-');
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** Page count and size from pdfinfo, text of one page from pdftotext (poppler-utils). */
function pdfFacts(bytes: Uint8Array, name: string) {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, bytes);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
  const pageText = (page: number) =>
    execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', file, '-'], {
      encoding: 'utf8',
    });
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]), pageText };
}

/** A draft whose second section is far too long for one slide, with its threads spotlighted. */
function longDocument(): ExportDocument {
  const sentence = 'Myndigheten ska pröva om materialet får återanvändas enligt öppna licenser.';
  const content: JSONContent = {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { id: 'a', level: 2 }, content: [{ type: 'text', text: 'Kort' }] },
      { type: 'paragraph', attrs: { id: 'a1' }, content: [{ type: 'text', text: 'Ett stycke.' }] },
      {
        type: 'heading',
        attrs: { id: 'b', level: 2 },
        content: [{ type: 'text', text: 'Överlångt avsnitt' }],
      },
      ...Array.from({ length: 14 }, (_, index) => ({
        type: 'paragraph',
        attrs: { id: `b${index}` },
        content: [{ type: 'text', text: `${sentence} `.repeat(1 + (index % 4)).trim() }],
      })),
      {
        type: 'paragraph',
        attrs: { id: 'huge' },
        content: [{ type: 'text', text: `${sentence} `.repeat(30).trim() }],
      },
    ],
  };
  const labels = Object.fromEntries(paragraphLabels(parseContent(content)));
  const base = sampleExportDocument();
  const template = base.threads[0];
  if (template === undefined) throw new Error('the sample has threads');
  const threads = ['b0', 'b3', 'b3', 'b3', 'huge'].map((blockId, index) => ({
    ...template,
    id: `long-${index}`,
    blockId,
    quote: `${sentence} `.repeat(4),
  }));
  return { ...base, content, labels, threads };
}

describe('slides as one offline HTML file', () => {
  it('holds every slide, escapes the text, and refers to nothing outside itself', async () => {
    const doc = sampleExportDocument();
    const spotlight = 'thread-1,thread-3';
    const rendered = await renderExport(doc, query('slides-html', { spotlight }));
    expect(rendered.contentType).toBe('text/html; charset=utf-8');
    const html = new TextDecoder().decode(rendered.bytes);

    // No address of any kind: nothing to fetch, nothing to follow.
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/\b(src|href|srcset|action|poster)\s*=/i);
    expect(html).not.toMatch(/url\(|@import|fetch\(|XMLHttpRequest|<link|<iframe|<img/i);
    expect(html).toContain(`content="default-src 'none';`);

    const deck = slideDeckFromExport(doc, query('slides-html', { spotlight }));
    expect(html.match(/<section class="slide /g)).toHaveLength(deck.slides.length);
    for (const [index, slide] of deck.slides.entries()) {
      expect(html).toContain(
        `data-announce="${t('presentation.announce', { number: index + 1, count: deck.slides.length, title: slideTitle(slide, t) })}"`,
      );
    }
    // A comment with markup in it comes out as text.
    expect(html).toContain('förtydliga &lt;detta&gt; &amp; &quot;det&quot;');
    expect(html).not.toContain('<detta>');
    // Section 1 holds threads 1, 2 (resolved) and 3 (in the table of its subsection 1.1).
    expect(html).toContain(t('presentation.comments', { total: 3, open: 2 }));
  });
});

describe('slides as a 16:9 PDF', () => {
  it('has one 960×540 page per slide, with the headings and Swedish letters', async () => {
    const doc = sampleExportDocument();
    const rendered = await renderExport(doc, query('slides-pdf', { spotlight: 'thread-1' }));
    expect(rendered.contentType).toBe('application/pdf');
    const deck = slideDeckFromExport(doc, query('slides-pdf', { spotlight: 'thread-1' }));
    const pdf = pdfFacts(rendered.bytes, 'sample.pdf');
    expect(pdf.pages).toBe(deck.slides.length);
    expect([pdf.width, pdf.height]).toEqual([960, 540]);
    expect(pdf.pageText(1)).toContain('Vägledning öppna licenser – utkast 2');
    const second = pdf.pageText(2);
    expect(second).toContain('1 Bakgrund och syfte');
    expect(second).toContain('Å Ä Ö å ä ö');
    expect(second).toContain(t('presentation.comments', { total: 3, open: 2 }));
    expect(second).toContain(t('presentation.spotlight.heading'));
  });

  it('keeps a section that is too long for one slide on pages of its own, none overflowing', async () => {
    const doc = longDocument();
    const spotlight = doc.threads.map((thread) => thread.id).join(',');
    const deck = slideDeckFromExport(doc, query('slides-pdf', { spotlight }));
    const parts = deck.slides.filter((slide) => slide.part !== null);
    expect(parts.length).toBeGreaterThan(2);
    const rendered = await renderExport(doc, query('slides-pdf', { spotlight }));
    const pdf = pdfFacts(rendered.bytes, 'long.pdf');
    expect(pdf.pages).toBe(deck.slides.length);
    for (const [index, slide] of deck.slides.entries()) {
      if (slide.part === null) continue;
      expect(pdf.pageText(index + 1)).toContain(`(${slide.part.index}/${slide.part.count})`);
    }
  });
});

describe('slides from the export route', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('counts the threads on each slide even when the export leaves comments out', async () => {
    const document = await buildDocument(server.storage, server.owner.id, {
      title: 'Remiss om öppna data',
      content: sampleExportDocument().content,
    });
    const started = await server.request(`/api/documents/${document.id}/threads`, {
      method: 'POST',
      body: JSON.stringify({
        target: { selector: { type: 'TextQuoteSelector', exact: 'Första punkten' } },
        body: 'Vad menas med första?',
        stance: 'question',
      }),
    });
    expect(started.status, await started.text()).toBe(201);

    const response = await server.request(
      `/api/documents/${document.id}/export?format=slides-html&comments=none&slideLevel=3`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('.slides.html');
    const html = await response.text();
    expect(html).toContain('1.1');
    expect(html).toContain('Krav på återanvändning');
    // Section 1 holds the list item with the thread; the title slide counts the whole text.
    const slides = html.split('<section class="slide ').slice(1);
    expect(slides).toHaveLength(3);
    expect(slides[0]).toContain(t('presentation.comments', { total: 1, open: 1 }));
    expect(slides[1]).toContain(t('presentation.comments', { total: 1, open: 1 }));
    expect(slides[2]).toContain(t('presentation.comments', { total: 0, open: 0 }));
  });
});
