import { translate } from '../../shared/i18n/translate.ts';
import { formatReportTime } from '../comments/report/formatReportTime.ts';
import type { ExportDocument } from './ExportDocument.ts';

/**
 * The lines a title page shows under the title, in the export's language: the version's name
 * and when it was saved, or "Current text" and when it was exported. Times are written as in
 * the comment report (ISO date, 24-hour clock) in the export's time zone.
 */
export function titlePageLines(doc: ExportDocument): string[] {
  const when = (at: string): string => formatReportTime(at, doc.timeZone);
  if (doc.version) {
    return [
      translate(doc.language, 'exportDoc.version', { name: doc.version.name }),
      translate(doc.language, 'exportDoc.versionDate', { date: when(doc.version.createdAt) }),
    ];
  }
  return [
    translate(doc.language, 'exportDoc.currentText'),
    translate(doc.language, 'exportDoc.exportedAt', { date: when(doc.exportedAt) }),
  ];
}
