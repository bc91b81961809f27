import type { CommentReportFormat } from './CommentReportFormat.ts';
import { MAX_REPORT_FILENAME_LENGTH } from '../../../shared/limits.ts';
import { translate, type Locale } from '../../../shared/i18n/translate.ts';
import { formatReportTime } from './formatReportTime.ts';

/** Characters Windows refuses in file names (and `/`, which no file system accepts). */
const RESERVED_IN_FILENAMES = '\\/:*?"<>|';

/** Whether a character may not stand in a file name: reserved, or a control character. */
function unsafeInFilename(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return RESERVED_IN_FILENAMES.includes(char) || code < 0x20 || code === 0x7f;
}

/**
 * Text made fit to stand in a file name: characters file systems refuse (and control
 * characters) become "-", runs of whitespace one space, and the ends are trimmed. Path
 * separators are among the refused characters, so the result never names another folder.
 */
export function cleanFilenamePart(text: string): string {
  return Array.from(text, (char) => (unsafeInFilename(char) ? '-' : char))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The name a report is downloaded under, in the report's language: "kommentarsrapport-<title>-
 * <date>.csv". The title keeps its Swedish letters (the header sends an ASCII fallback beside
 * it, see `attachmentDisposition`); characters file systems refuse become "-", and the name
 * before the extension is kept within MAX_REPORT_FILENAME_LENGTH characters by shortening the
 * title (by whole code points, so an emoji is never cut in half).
 */
export function reportFilename(
  title: string,
  format: CommentReportFormat,
  options: { locale: Locale; timeZone: string; generatedAt: Date },
): string {
  const date = formatReportTime(options.generatedAt, options.timeZone).slice(
    0,
    'YYYY-MM-DD'.length,
  );
  const cleanTitle = cleanFilenamePart(title);
  const prefix = translate(options.locale, 'report.filename');
  // The title gives way, not the date: two reports of one document differ only by their date.
  const room = Math.max(0, MAX_REPORT_FILENAME_LENGTH - prefix.length - date.length - 2);
  const shortTitle = Array.from(cleanTitle).slice(0, room).join('').trim();
  const stem = [prefix, shortTitle, date].filter((part) => part !== '').join('-');
  return `${stem}.${format}`;
}
