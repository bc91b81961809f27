import type { ExportCommentMode, ExportFormat } from '../../../shared/api/export.ts';
import type { Locale } from '../../../shared/i18n/translate.ts';

/** What the export dialog asks for. */
export interface ExportChoice {
  format: ExportFormat;
  /** A version id, or null for the current text. */
  versionId: string | null;
  titlePage: boolean;
  numbers: boolean;
  comments: ExportCommentMode;
  lang: Locale;
  /** DOCX only: open proposals as Word tracked changes; sent only when true. */
  trackedChanges?: boolean;
}

/** The URL of `GET /api/documents/:id/export` for a choice (see `exportQuerySchema`). */
export function exportUrl(documentId: string, choice: ExportChoice): string {
  const query = new URLSearchParams({
    format: choice.format,
    titlePage: choice.titlePage ? '1' : '0',
    numbers: choice.numbers ? '1' : '0',
    comments: choice.comments,
    lang: choice.lang,
  });
  if (choice.versionId !== null) query.set('version', choice.versionId);
  if (choice.trackedChanges === true) query.set('trackedChanges', '1');
  return `/api/documents/${encodeURIComponent(documentId)}/export?${query.toString()}`;
}
