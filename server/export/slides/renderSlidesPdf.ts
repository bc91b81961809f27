import type { SlideDeck } from '../../../shared/presentation/slideTypes.ts';
import type { ExportDocument } from '../ExportDocument.ts';
import { writePdf } from '../pdf/writePdf.ts';
import { slidesPdfDefinition } from './slidesPdfDefinition.ts';

/**
 * The workshop slides as a 16:9 PDF (960×540 pt, landscape), one page per slide, with Roboto
 * embedded so å, ä and ö come out right. Written by pdfmake, with no browser.
 */
export async function renderSlidesPdf(doc: ExportDocument, deck: SlideDeck): Promise<Uint8Array> {
  return writePdf(slidesPdfDefinition(doc, deck));
}
