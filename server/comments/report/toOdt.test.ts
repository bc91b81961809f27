import { describe, expect, it } from 'vitest';
import { firstZipEntry, parseXmlStrictly, readZipPackage } from '../../test/readZipPackage.ts';
import { sampleThreads } from '../../test/sampleExportDocument.ts';
import type { CommentReport } from './CommentReport.ts';
import { toOdt } from './toOdt.ts';

const report: CommentReport = {
  title: 'Promemoria: <Öppna data> & "utkast"',
  generatedAt: new Date('2025-03-20T12:00:00.000Z'),
  threads: sampleThreads({ 'p-intro': '1 ¶1', 'li-2': '1 ¶2', 'td-1': '1.1 ¶2' }),
};

describe('toOdt', () => {
  it('writes the comment report as an ODF package with a heading per thread', () => {
    const bytes = toOdt(report, { locale: 'sv', timeZone: 'Europe/Stockholm' });
    expect(firstZipEntry(bytes)).toEqual({ method: 0, extraLength: 0, name: 'mimetype' });
    const { xml } = readZipPackage(bytes);
    const dom = parseXmlStrictly(xml['content.xml'] ?? '', 'content.xml');
    const headings = Array.from(dom.getElementsByTagName('text:h')).map((h) => [
      h.getAttribute('text:outline-level'),
      h.textContent,
    ]);
    expect(headings).toEqual([
      ['1', 'Kommentarsrapport: Promemoria: <Öppna data> & "utkast"'],
      ['2', 'Tråd 1 – 1 ¶1'],
      ['2', 'Tråd 2 – 1 ¶2'],
      ['2', 'Tråd 3 – 1.1 ¶2'],
      ['2', 'Tråd 4'],
    ]);
    const paragraphs = Array.from(dom.getElementsByTagName('text:p')).map((p) => p.textContent);
    expect(paragraphs.slice(0, 4)).toEqual([
      'Skapad: 2025-03-20 13:00',
      'Tidszon: Europe/Stockholm',
      'Antal trådar: 4',
      'Antal kommentarer: 5',
    ]);
    expect(paragraphs).toContain('Textstatus: Texten borttagen');
    expect(paragraphs).toContain('Motivering: Delvis rimligt.');
    expect(paragraphs).toContain(
      'Svar: Bo Ek (Myndigheten för digital förvaltning), 2025-03-14 11:00',
    );
    expect(xml['meta.xml']).toContain(
      '<dc:title>Kommentarsrapport: Promemoria: &lt;Öppna data&gt; &amp; &quot;utkast&quot;</dc:title>',
    );
  });

  it('says so when there are no comments, in the chosen language', () => {
    const { xml } = readZipPackage(
      toOdt({ ...report, threads: [] }, { locale: 'en', timeZone: 'UTC' }),
    );
    const content = xml['content.xml'] ?? '';
    expect(content).toContain('The document has no comments.');
    expect(content).toContain('Threads:</text:span> 0');
  });
});
