import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { DOCUMENT_LANGUAGE } from '../../../shared/editor/documentLanguage.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import type { ExportDocument, ExportOptions } from '../ExportDocument.ts';
import { threadEntry } from '../threadEntry.ts';
import { titlePageLines } from '../titlePageLines.ts';
import { topLevelLabels } from '../topLevelLabels.ts';
import { pdfBlocks } from './pdfBlocks.ts';
import { PDF_FONT } from './pdfFonts.ts';
import { pdfText } from './pdfInline.ts';
import { PDF_STYLES } from './pdfStyles.ts';
import { pdfThreadSection } from './pdfThreadSection.ts';
import { writePdf } from './writePdf.ts';

/** The program named in the PDF's metadata. */
const PRODUCER = 'Remiss';

function titlePage(doc: ExportDocument): Content[] {
  const lines = titlePageLines(doc);
  return [
    { text: pdfText(doc.title), style: 'title' },
    ...lines.map((line, index): Content => ({
      text: pdfText(line),
      style: 'subtitle',
      ...(index === lines.length - 1 ? { pageBreak: 'after' as const } : {}),
    })),
  ];
}

function appendix(doc: ExportDocument): Content[] {
  const options = { locale: doc.language, timeZone: doc.timeZone };
  const t = translate;
  return [
    {
      text: t(doc.language, 'exportDoc.comments'),
      style: 'h1',
      headlineLevel: 1,
      pageBreak: 'before',
    },
    {
      text: [
        { text: `${t(doc.language, 'report.timeZone')}: `, bold: true },
        pdfText(doc.timeZone),
      ],
      style: 'body',
    },
    ...(doc.threads.length === 0 ? [{ text: t(doc.language, 'report.empty'), style: 'body' }] : []),
    ...doc.threads.flatMap((thread) => pdfThreadSection(threadEntry(thread, options))),
  ];
}

/**
 * The pdfmake definition of `doc` on A4: an optional title page, the text with its numbers when
 * asked, and the comments as an appendix ordered by paragraph. A PDF has no comments anchored
 * in the text that every reader shows, so `annotations` also gives the appendix. Page numbers
 * ("Page 2 of 7") stand in the footer; the title and the text's language are in the metadata.
 */
export function pdfDefinition(doc: ExportDocument, options: ExportOptions): TDocumentDefinitions {
  const content: Content[] = [
    ...(options.titlePage ? titlePage(doc) : []),
    ...pdfBlocks(doc.content, options.numbers ? topLevelLabels(doc.content) : null),
    ...(options.comments === 'none' ? [] : appendix(doc)),
  ];
  const created = new Date(doc.exportedAt);
  return {
    pageSize: 'A4',
    pageMargins: [60, 56, 60, 56],
    language: DOCUMENT_LANGUAGE,
    displayTitle: true,
    info: {
      title: pdfText(doc.title),
      creator: PRODUCER,
      producer: PRODUCER,
      ...(Number.isNaN(created.getTime()) ? {} : { creationDate: created }),
    },
    defaultStyle: { font: PDF_FONT, fontSize: 11 },
    styles: PDF_STYLES,
    content,
    footer: (currentPage, pageCount) => ({
      text: translate(doc.language, 'exportDoc.page', { page: currentPage, pages: pageCount }),
      style: 'footer',
      margin: [0, 20, 0, 0],
    }),
  };
}

/** Writes `doc` as a PDF (A4, Roboto embedded), with no browser. See `pdfDefinition`. */
export function renderPdf(doc: ExportDocument, options: ExportOptions): Promise<Uint8Array> {
  return writePdf(pdfDefinition(doc, options));
}
