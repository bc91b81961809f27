import { describe, expect, it } from 'vitest';
import { sampleExportDocument } from '../../test/sampleExportDocument.ts';
import type { ExportOptions } from '../ExportDocument.ts';
import { renderHtml } from './renderHtml.ts';

const plain: ExportOptions = { titlePage: false, numbers: false, comments: 'none' };

/** Every http(s) URL in the file, wherever it stands. */
const urls = (html: string): string[] =>
  [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);

describe('renderHtml', () => {
  it('writes one self-contained page: lang, headings, inline style, no external URL', () => {
    const html = renderHtml(sampleExportDocument(), plain);
    expect(html.startsWith('<!doctype html>\n<html lang="sv">')).toBe(true);
    expect(html).toContain('<title>Vägledning öppna licenser – utkast 2</title>');
    expect(html).toContain('<h1 data-id="h-title">Vägledning för öppna licenser</h1>');
    expect(html).toContain('<h2 data-id="h-bakgrund">Bakgrund och syfte</h2>');
    expect(html).toContain('Ny rad: Å Ä Ö å ä ö.');
    expect(html).toContain('<style>');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|\ssrc=|@import|url\(/i);
    // The only URL is the link in the text.
    expect(urls(html)).toEqual(['https://www.digg.se/?a=1&amp;b=2']);
  });

  it('adds numbers, a title page and the appendix with escaped comments', () => {
    const html = renderHtml(sampleExportDocument({ language: 'en' }), {
      titlePage: true,
      numbers: true,
      comments: 'appendix',
    });
    expect(html).toContain('<header class="title-page">');
    expect(html).toContain('<p>Current text</p>');
    expect(html).toContain('<h2 data-id="h-bakgrund"><span class="number">1</span> Bakgrund');
    expect(html).toContain('<p class="number">1 ¶2</p><ul>');
    expect(html).toContain('<section class="appendix" lang="en"');
    const headings = [...html.matchAll(/<h3>([^<]*)<\/h3>/g)].map((match) => match[1]);
    expect(headings).toEqual([
      'Thread 1 – 1 ¶1',
      'Thread 2 – 1 ¶2',
      'Thread 3 – 1.1 ¶2',
      'Thread 4',
    ]);
    expect(html).toContain('förtydliga &lt;detta&gt; &amp; &quot;det&quot;.');
    expect(html).not.toContain('<detta>');
  });
});
