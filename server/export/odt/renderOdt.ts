import { DOCUMENT_LANGUAGE } from '../../../shared/editor/documentLanguage.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import type { ExportDocument, ExportOptions, ExportThread } from '../ExportDocument.ts';
import { threadEntry } from '../threadEntry.ts';
import { titlePageLines } from '../titlePageLines.ts';
import { topLevelLabels } from '../topLevelLabels.ts';
import { odfAnnotation, type OdfAnnotation } from './odfAnnotation.ts';
import { odfBody } from './odfBody.ts';
import { odfContent } from './odfContent.ts';
import { odfMeta } from './odfMeta.ts';
import { writeOdfPackage } from './odfPackage.ts';
import { odfStyles } from './odfStyles.ts';
import { STYLE } from './odfStyleNames.ts';
import { odfFact, odfHeading, odfParagraph, odfThreadSection } from './odfThreadSection.ts';
import { odfInline } from './odfInline.ts';

function titlePage(doc: ExportDocument): string {
  const lines = titlePageLines(doc);
  const last = lines.length - 1;
  return (
    odfParagraph(doc.title, STYLE.title) +
    lines
      .map((line, index) =>
        odfParagraph(line, index === last ? STYLE.pageBreakAfter : STYLE.subtitle),
      )
      .join('')
  );
}

/** Every thread after the text, in document order, each under its number and paragraph. */
function appendix(doc: ExportDocument): string {
  const options = { locale: doc.language, timeZone: doc.timeZone };
  const parts = [
    odfHeading(1, translate(doc.language, 'exportDoc.comments'), STYLE.appendixHeading),
    odfFact(translate(doc.language, 'report.timeZone'), doc.timeZone),
  ];
  if (doc.threads.length === 0) parts.push(odfParagraph(translate(doc.language, 'report.empty')));
  for (const thread of doc.threads) parts.push(odfThreadSection(threadEntry(thread, options), 2));
  return parts.join('');
}

/**
 * The threads whose block is not in this text (their passage was deleted), each as an
 * annotation on a paragraph holding its quote, under a heading after the text: anchored
 * nowhere, they would otherwise be lost.
 */
function unanchoredSection(
  doc: ExportDocument,
  threads: readonly [ExportThread, OdfAnnotation][],
): string {
  if (threads.length === 0) return '';
  const parts = [
    odfHeading(1, translate(doc.language, 'exportDoc.removedTextComments'), STYLE.appendixHeading),
  ];
  for (const [thread, annotation] of threads) {
    const quote = thread.quote.trim() === '' ? '…' : thread.quote;
    const text = odfInline(
      [{ type: 'text', text: quote }],
      [
        { offset: 0, xml: annotation.start },
        { offset: quote.length, xml: annotation.end },
      ],
    );
    parts.push(`<text:p text:style-name="${STYLE.quote}">${text}</text:p>`);
  }
  return parts.join('');
}

/**
 * Writes `doc` as an OpenDocument text file (ODF 1.2) that LibreOffice, Word and Google Docs
 * open: a title page when asked, the text with its numbers when asked, and the comments as
 * anchored annotations (`office:annotation` … `office:annotation-end`) or as an appendix ordered
 * by paragraph. Pure and synchronous: no file system, no network.
 */
export function renderOdt(doc: ExportDocument, options: ExportOptions): Uint8Array {
  const reportOptions = { locale: doc.language, timeZone: doc.timeZone };
  const annotations = new Map<string, OdfAnnotation[]>();
  const withAnnotation: [ExportThread, OdfAnnotation][] = [];
  if (options.comments === 'annotations') {
    for (const thread of doc.threads) {
      const annotation = odfAnnotation(
        thread,
        threadEntry(thread, reportOptions),
        `comment-${thread.number}`,
      );
      withAnnotation.push([thread, annotation]);
      if (thread.blockId === null) continue;
      const list = annotations.get(thread.blockId) ?? [];
      list.push(annotation);
      annotations.set(thread.blockId, list);
    }
  }
  const body = odfBody(doc.content, {
    labels: options.numbers ? topLevelLabels(doc.content) : null,
    annotations,
  });
  const unanchored = withAnnotation.filter(
    ([thread]) => thread.blockId === null || !body.anchoredBlocks.has(thread.blockId),
  );
  const xml =
    (options.titlePage ? titlePage(doc) : '') +
    body.xml +
    unanchoredSection(doc, unanchored) +
    (options.comments === 'appendix' ? appendix(doc) : '');
  return writeOdfPackage({
    content: odfContent(xml),
    // The text is the draft's language whatever language the export's own words are in.
    styles: odfStyles(DOCUMENT_LANGUAGE),
    meta: odfMeta({ title: doc.title, language: DOCUMENT_LANGUAGE, createdAt: doc.exportedAt }),
  });
}
