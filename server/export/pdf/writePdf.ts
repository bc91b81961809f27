import path from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { ROBOTO_DIRECTORY, pdfFonts } from './pdfFonts.ts';

/** Whether `file` lies inside `directory` (after resolving `..`), so no path can climb out. */
function isInside(file: string, directory: string): boolean {
  const relative = path.relative(directory, path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Lays out a pdfmake document definition and returns the PDF's bytes, with no browser. pdfmake
 * is a process-wide singleton, so every call sets the same fonts and policies before it
 * renders: no URL may be fetched (an export must never reach the network because of what a
 * document holds), and the only local files it may read are the bundled fonts. Any PDF writer
 * of Remiss (documents, slides) goes through here.
 */
export async function writePdf(definition: TDocumentDefinitions): Promise<Uint8Array> {
  pdfmake.setFonts(pdfFonts());
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => isInside(file, ROBOTO_DIRECTORY));
  const buffer = await pdfmake.createPdf(definition).getBuffer();
  // A copy with its own ArrayBuffer: a Buffer may be a view into Node's shared pool, and the
  // export worker transfers the whole underlying buffer to the main thread.
  return new Uint8Array(buffer);
}
