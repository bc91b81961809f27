import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { DOCUMENT_LANGUAGE } from '../../../shared/editor/documentLanguage.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import { exportStyles, listNumbering } from '../../export/docx/docxStyles.ts';
import { addedWords, threadSections } from '../../export/docx/docxThreads.ts';
import type { CommentReport } from './CommentReport.ts';
import { formatReportTime } from './formatReportTime.ts';
import type { ReportFormatOptions } from './ReportFormatOptions.ts';

/**
 * Writes the comment report as a Word document: a title and a short header (time made, time
 * zone, counts), then a section per thread in document order, with the same words and the same
 * order as the Markdown report and the appendix of a DOCX export (`threadSections`). Each thread
 * heading is a Word heading, so the navigation pane lists them.
 */
export async function toDocx(
  report: CommentReport,
  options: ReportFormatOptions,
): Promise<Uint8Array> {
  const writing = { locale: options.locale, timeZone: options.timeZone };
  const t = (key: Parameters<typeof translate>[1]) => translate(options.locale, key);
  const commentCount = report.threads.reduce((sum, one) => sum + one.comments.length, 0);
  const header = [
    [t('report.generatedAt'), formatReportTime(report.generatedAt, options.timeZone)],
    [t('report.timeZone'), options.timeZone],
    [t('report.threadCount'), String(report.threads.length)],
    [t('report.commentCount'), String(commentCount)],
  ].map(
    ([label, value]) => new Paragraph({ children: [addedWords(writing, `${label}: ${value}`)] }),
  );
  const title = translate(options.locale, 'report.title', { title: report.title });
  const file = new Document({
    title,
    creator: 'Remiss',
    styles: exportStyles(DOCUMENT_LANGUAGE === 'sv' ? 'sv' : 'en'),
    numbering: listNumbering,
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: title }),
          ...header,
          ...threadSections(writing, report.threads),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(file));
}
