import { createRequire } from 'node:module';
import path from 'node:path';
import type { TFontDictionary } from 'pdfmake/interfaces.js';

/**
 * Folder of the Roboto TrueType files that ship inside the pdfmake package. Found through the
 * package's own location rather than a path relative to this file, so it holds in the source
 * tree, in the compiled `dist/server` and in a worker thread alike.
 */
export const ROBOTO_DIRECTORY = path.join(
  path.dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')),
  'fonts',
  'Roboto',
);

/** Name of the font family every PDF of Remiss uses; pass it as `defaultStyle.font`. */
export const PDF_FONT = 'Roboto';

/**
 * The font dictionary for pdfmake on the server (`pdfmake.setFonts`): the Roboto family with
 * its four faces as absolute file paths. Roboto covers Latin-1 and Latin Extended, so å, ä, ö
 * and the letters of other Nordic and European languages come out right; pdfmake embeds the
 * subset of glyphs a document uses. "Bold" is Roboto Medium, the weight pdfmake ships.
 *
 * Any PDF writer may use it (documents, the 16:9 slide PDF): the dictionary is not tied to a
 * page size or layout. A fresh object is returned on every call, because pdfmake writes into
 * the dictionary it is given while it resolves the files.
 */
export function pdfFonts(): TFontDictionary {
  const face = (file: string): string => path.join(ROBOTO_DIRECTORY, file);
  return {
    [PDF_FONT]: {
      normal: face('Roboto-Regular.ttf'),
      bold: face('Roboto-Medium.ttf'),
      italics: face('Roboto-Italic.ttf'),
      bolditalics: face('Roboto-MediumItalic.ttf'),
    },
  };
}
