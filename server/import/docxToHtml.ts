import mammoth from 'mammoth';
import type { ImportErrorDetails } from '../../shared/api/import.ts';
import { BadRequest } from '../http/HttpError.ts';
import type { DocxParts } from './readDocxParts.ts';
import type { ImportWarnings } from './ImportWarnings.ts';

/**
 * Additions to mammoth's default style map (which already knows Word's "Heading 1" to
 * "Heading 6", nested bulleted and numbered lists, tables, links, bold and italic). Word stores
 * its built-in style names in English whatever the language of its menus; the Swedish names are
 * for documents made from templates that defined their own.
 */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Rubrik'] => h1:fresh",
  "p[style-name='Rubrik 1'] => h1:fresh",
  "p[style-name='Rubrik 2'] => h2:fresh",
  "p[style-name='Rubrik 3'] => h3:fresh",
  "p[style-name='Rubrik 4'] => h4:fresh",
  "r[style-name='Emphasis'] => em",
  "r[style-name='Intense Emphasis'] => em",
  "r[style-name='Strong Emphasis'] => strong",
];

/**
 * Paragraph styles that are ordinary body text. Mammoth reports any style it has no mapping
 * for; for these the plain paragraph it makes is exactly right, so telling the user would be
 * noise.
 */
const BODY_STYLES = new Set([
  'Body Text',
  'Body Text 2',
  'Body Text 3',
  'Body Text First Indent',
  'List Paragraph',
  'No Spacing',
  'Normal (Web)',
  'Normal Indent',
  'Plain Text',
  'Brödtext',
  'Liststycke',
]);

const UNRECOGNISED_STYLE = /^Unrecognised (?:paragraph|run|table) style: '(.*)' \(Style ID: .*\)$/;

/** A Word document as HTML for the schema to read, and the title its author set, if any. */
export interface DocxHtml {
  html: string;
  coreTitle: string | null;
}

/**
 * Converts a DOCX to HTML with mammoth, noting what it cannot carry over: comments, tracked
 * changes and text boxes (counted from the XML, since mammoth passes them by silently), styles it
 * does not know, and its own remarks. Pictures become empty `<img>` elements, counted later with
 * everything else the schema drops; their bytes are never read.
 */
export async function docxToHtml(parts: DocxParts, warnings: ImportWarnings): Promise<DocxHtml> {
  let result;
  try {
    result = await mammoth.convertToHtml(
      {
        buffer: Buffer.from(
          parts.archive.buffer,
          parts.archive.byteOffset,
          parts.archive.byteLength,
        ),
      },
      {
        styleMap: STYLE_MAP,
        includeEmbeddedStyleMap: false,
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
  } catch (error) {
    throw BadRequest(
      `The Word document cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      { reason: 'unreadable' } satisfies ImportErrorDetails,
    );
  }
  warnings.add('comments', parts.comments);
  warnings.add('tracked-changes', parts.trackedChanges);
  warnings.add('text-box', parts.textBoxes);
  for (const message of result.messages) {
    const style = UNRECOGNISED_STYLE.exec(message.message)?.[1];
    if (style !== undefined) {
      if (!BODY_STYLES.has(style)) warnings.add('unsupported-style', 1, { style });
    } else if (/image/i.test(message.message)) {
      warnings.add('image');
    } else {
      warnings.add('converter', 1, { detail: message.message });
    }
  }
  return { html: result.value, coreTitle: parts.coreTitle };
}
