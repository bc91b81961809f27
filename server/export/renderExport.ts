import type { ExportQuery } from '../../shared/api/export.ts';
import { renderDocx } from './docx/renderDocx.ts';
import type { ExportDocument, ExportOptions } from './ExportDocument.ts';
import { renderHtml } from './html/renderHtml.ts';
import { renderMarkdown } from './markdown/renderMarkdown.ts';
import { ODT_MEDIA_TYPE } from './odt/odfNamespaces.ts';
import { renderOdt } from './odt/renderOdt.ts';
import { renderPdf } from './pdf/renderPdf.ts';
import { renderSlidesHtml } from './slides/renderSlidesHtml.ts';
import { renderSlidesPdf } from './slides/renderSlidesPdf.ts';
import { slideDeckFromExport } from './slides/slideDeckFromExport.ts';

/** The bytes of one export and how to serve them. */
export interface RenderedExport {
  bytes: Uint8Array;
  /** The media type of `bytes`, with a charset for text formats. */
  contentType: string;
  /** File name extension without the dot ("docx", "md"). */
  extension: string;
}

/** Media type of a Word document (Office Open XML). */
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const utf8 = new TextEncoder();

/**
 * Writes `doc` in the format the query asks for. Every format goes through this one switch, so
 * the route, the worker and the tests reach each renderer the same way; the switch is exhaustive,
 * so a new format in `exportFormats` fails the typecheck until it has a renderer here.
 */
export async function renderExport(
  doc: ExportDocument,
  query: ExportQuery,
): Promise<RenderedExport> {
  const format = query.format;
  const options: ExportOptions = {
    titlePage: query.titlePage,
    numbers: query.numbers,
    comments: query.comments,
    trackedChanges: query.trackedChanges,
  };
  switch (format) {
    case 'docx':
      return { bytes: await renderDocx(doc, options), contentType: DOCX_TYPE, extension: 'docx' };
    case 'md':
      return {
        bytes: utf8.encode(renderMarkdown(doc, options)),
        contentType: 'text/markdown; charset=utf-8',
        extension: 'md',
      };
    case 'html':
      return {
        bytes: utf8.encode(renderHtml(doc, options)),
        contentType: 'text/html; charset=utf-8',
        extension: 'html',
      };
    case 'odt':
      return { bytes: renderOdt(doc, options), contentType: ODT_MEDIA_TYPE, extension: 'odt' };
    case 'pdf':
      return {
        bytes: await renderPdf(doc, options),
        contentType: 'application/pdf',
        extension: 'pdf',
      };
    case 'slides-html':
      return {
        bytes: utf8.encode(renderSlidesHtml(doc, slideDeckFromExport(doc, query))),
        contentType: 'text/html; charset=utf-8',
        // Told apart from the document's own HTML and PDF exports in a downloads folder.
        extension: 'slides.html',
      };
    case 'slides-pdf':
      return {
        bytes: await renderSlidesPdf(doc, slideDeckFromExport(doc, query)),
        contentType: 'application/pdf',
        extension: 'slides.pdf',
      };
    default: {
      const unknown: never = format;
      throw new Error(`Unknown export format ${String(unknown)}`);
    }
  }
}
