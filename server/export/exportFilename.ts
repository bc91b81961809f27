import { MAX_REPORT_FILENAME_LENGTH } from '../../shared/limits.ts';
import { cleanFilenamePart } from '../comments/report/reportFilename.ts';
import { formatReportTime } from '../comments/report/formatReportTime.ts';
import type { ExportDocument } from './ExportDocument.ts';

/** Shortens to `length` code points, so an emoji or "å" is never cut in half. */
function shorten(text: string, length: number): string {
  return Array.from(text).slice(0, Math.max(0, length)).join('').trim();
}

/**
 * The name an export is downloaded under: "<title> – <version name>.docx" for a version
 * ("Vägledning öppna licenser – utkast 2.docx"), "<title> – <date>.docx" for the current text.
 * Swedish letters stay (the header adds an ASCII stand-in, see `attachmentDisposition`);
 * characters file systems refuse, path separators and control characters become "-", leading
 * dots are dropped (no hidden files, no ".."), and the name before the extension is kept within
 * MAX_REPORT_FILENAME_LENGTH characters, the title giving way before the version's name.
 */
export function exportFilename(
  doc: Pick<ExportDocument, 'title' | 'version' | 'exportedAt' | 'timeZone'>,
  extension: string,
): string {
  const suffix = cleanFilenamePart(
    doc.version?.name ??
      formatReportTime(doc.exportedAt, doc.timeZone).slice(0, 'YYYY-MM-DD'.length),
  );
  const shortSuffix = shorten(suffix, MAX_REPORT_FILENAME_LENGTH / 2);
  const title = shorten(
    cleanFilenamePart(doc.title).replace(/^[.\s]+/, ''),
    MAX_REPORT_FILENAME_LENGTH - Array.from(shortSuffix).length - ' – '.length,
  );
  const stem = [title, shortSuffix]
    .filter((part) => part !== '')
    .join(' – ')
    .replace(/^[.\s]+/, '');
  return `${stem === '' ? 'export' : stem}.${extension}`;
}
