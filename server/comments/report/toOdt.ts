import { DOCUMENT_LANGUAGE } from '../../../shared/editor/documentLanguage.ts';
import type { MessageKey } from '../../../shared/i18n/sv.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import { odfContent } from '../../export/odt/odfContent.ts';
import { odfMeta } from '../../export/odt/odfMeta.ts';
import { writeOdfPackage } from '../../export/odt/odfPackage.ts';
import { odfStyles } from '../../export/odt/odfStyles.ts';
import {
  odfFact,
  odfHeading,
  odfParagraph,
  odfThreadSection,
} from '../../export/odt/odfThreadSection.ts';
import { threadEntry } from '../../export/threadEntry.ts';
import type { CommentReport } from './CommentReport.ts';
import { formatReportTime } from './formatReportTime.ts';
import type { ReportFormatOptions } from './ReportFormatOptions.ts';

/**
 * Writes the comment report as an OpenDocument text file: a title and a short header (time
 * made, time zone, counts), then a section per thread in document order, in the same words and
 * order as the Markdown report and the appendix of an ODT export (`threadEntry`). Thread
 * headings are real headings, so LibreOffice's navigator lists them.
 */
export function toOdt(report: CommentReport, options: ReportFormatOptions): Uint8Array {
  const t = (key: MessageKey): string => translate(options.locale, key);
  const commentCount = report.threads.reduce((sum, one) => sum + one.comments.length, 0);
  const title = translate(options.locale, 'report.title', { title: report.title });
  const parts = [
    odfHeading(1, title),
    odfFact(t('report.generatedAt'), formatReportTime(report.generatedAt, options.timeZone)),
    odfFact(t('report.timeZone'), options.timeZone),
    odfFact(t('report.threadCount'), String(report.threads.length)),
    odfFact(t('report.commentCount'), String(commentCount)),
  ];
  if (report.threads.length === 0) parts.push(odfParagraph(t('report.empty')));
  for (const thread of report.threads)
    parts.push(odfThreadSection(threadEntry(thread, options), 2));
  return writeOdfPackage({
    content: odfContent(parts.join('')),
    // Quotes and comments are in the draft's language; the headings follow the chosen locale.
    styles: odfStyles(DOCUMENT_LANGUAGE),
    meta: odfMeta({
      title,
      language: DOCUMENT_LANGUAGE,
      createdAt: report.generatedAt.toISOString(),
    }),
  });
}
