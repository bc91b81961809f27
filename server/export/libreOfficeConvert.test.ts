import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCommand, poppler } from '../test/popplerText.ts';
import { readZipPackage } from '../test/readZipPackage.ts';
import { sampleExportDocument } from '../test/sampleExportDocument.ts';
import { toOdt } from '../comments/report/toOdt.ts';
import { renderDocx } from './docx/renderDocx.ts';
import type { ExportOptions } from './ExportDocument.ts';
import { renderOdt } from './odt/renderOdt.ts';

/*
 * The real check of the office formats: LibreOffice opens them and prints them. LibreOffice is
 * a large install that CI does not carry, so without it on PATH the test is skipped and says so.
 */
const office = ['soffice', 'libreoffice'].find(hasCommand) ?? null;
if (office === null) {
  console.warn('libreOfficeConvert.test.ts skipped: neither soffice nor libreoffice is on PATH.');
}

const options: ExportOptions = { titlePage: true, numbers: true, comments: 'annotations' };
let directory = '';

/** Converts files with LibreOffice in its own profile, so it never meets a running instance. */
function convert(target: string, files: string[]): void {
  if (office === null) throw new Error('No LibreOffice');
  execFileSync(
    office,
    [
      `-env:UserInstallation=${pathToFileURL(path.join(directory, 'profile')).href}`,
      '--headless',
      '--convert-to',
      target,
      '--outdir',
      path.join(directory, 'out'),
      ...files,
    ],
    { stdio: 'pipe', timeout: 120_000 },
  );
}

const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe.skipIf(office === null)('LibreOffice opens the exports', () => {
  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'remiss-libreoffice-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('converts the ODT and DOCX exports and the ODT comment report to PDF with their text intact', async () => {
    const doc = sampleExportDocument();
    const odt = path.join(directory, 'export-odt.odt');
    const docx = path.join(directory, 'export-docx.docx');
    writeFileSync(odt, renderOdt(doc, options));
    writeFileSync(docx, await renderDocx(doc, options));
    const report = path.join(directory, 'report-odt.odt');
    writeFileSync(
      report,
      toOdt(
        { title: doc.title, generatedAt: new Date(doc.exportedAt), threads: doc.threads },
        { locale: 'sv', timeZone: doc.timeZone },
      ),
    );
    convert('pdf', [odt, docx, report]);
    const reportText = flat(
      poppler('pdftotext', readFileSync(path.join(directory, 'out', 'report-odt.pdf'))),
    );
    expect(reportText).toContain('Kommentarsrapport: Vägledning öppna licenser – utkast 2');
    expect(reportText).toContain('Tråd 2 – 1 ¶2');
    expect(reportText).toContain('Håller med, vi skriver om.');
    for (const name of ['export-odt.pdf', 'export-docx.pdf']) {
      const text = flat(poppler('pdftotext', readFileSync(path.join(directory, 'out', name))));
      expect(text, name).toContain('Vägledning för öppna licenser');
      expect(text, name).toContain('Krav på återanvändning');
      expect(text, name).toContain('Å Ä Ö å ä ö');
      expect(text, name).toContain('Underpunkt två');
      expect(text, name).toContain('CC BY 4.0');
    }
  });

  it('reads the ODT annotations as comments anchored in the text', () => {
    const odt = path.join(directory, 'annotations.odt');
    writeFileSync(odt, renderOdt(sampleExportDocument(), options));
    // Saved again as Word, LibreOffice writes what it understood of the annotations.
    convert('docx', [odt]);
    const { xml } = readZipPackage(readFileSync(path.join(directory, 'out', 'annotations.docx')));
    const comments = xml['word/comments.xml'] ?? '';
    const document = xml['word/document.xml'] ?? '';
    expect(comments.match(/<w:comment /g)?.length).toBe(4);
    expect(comments).toContain('w:author="Anna Åström (Länsstyrelsen i Östergötland)"');
    expect(comments).toContain('Håller med, vi skriver om.');
    expect(document.match(/<w:commentRangeStart /g)?.length).toBe(4);
    expect(document.match(/<w:commentRangeEnd /g)?.length).toBe(4);
  });
});
