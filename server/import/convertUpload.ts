import type { JSONContent } from '@tiptap/core';
import type { ImportErrorDetails, ImportFormat, ImportWarning } from '../../shared/api/import.ts';
import { withoutNul } from '../../shared/api/storableText.ts';
import { MAX_IMPORTED_DOCUMENT_BYTES } from '../../shared/limits.ts';
import { contentToYUpdate } from '../editor/contentToYUpdate.ts';
import { parseContent } from '../editor/schema.ts';
import { toTiptapJson } from '../editor/toTiptapJson.ts';
import { withBlockIds } from '../editor/contentToYUpdate.ts';
import { BadRequest, HttpError } from '../http/HttpError.ts';
import { docxToHtml } from './docxToHtml.ts';
import { footnotesAsText } from './footnotesAsText.ts';
import { htmlToContent, type ImportedContent } from './htmlToContent.ts';
import { ImportWarnings } from './ImportWarnings.ts';
import { markdownToHtml } from './markdownToHtml.ts';
import { readDocxParts } from './readDocxParts.ts';

/** An upload to convert, after its format has been checked against its bytes. */
export interface ConvertRequest {
  bytes: Uint8Array;
  format: ImportFormat;
}

/** An upload converted into a document of the shared schema. */
export interface ConvertedImport {
  /** The text as Tiptap JSON, checked against the schema, every block with its id. */
  content: JSONContent;
  /** The Yjs update that creates exactly that text in an empty document. */
  update: Uint8Array;
  /** The title the file gives itself (DOCX core title, HTML title, first h1), if any. */
  title: string | null;
  warnings: ImportWarning[];
}

/**
 * Converts an upload into a document: DOCX through mammoth, Markdown through marked, both to
 * HTML, and HTML through the editor schema; then into a Yjs update. Everything stays in memory.
 * Runs in the import worker (see `ImportWorker`); throws HttpErrors for what the user must fix.
 */
export async function convertUpload(request: ConvertRequest): Promise<ConvertedImport> {
  const warnings = new ImportWarnings();
  let imported: ImportedContent;
  let coreTitle: string | null = null;
  // U+0000 is removed before parsing, and counted, rather than the file refused: it is never
  // text anyone meant, the rest of the file is worth having, and PostgreSQL could not store a
  // title or a comment's quote holding it.
  const storable = (text: string) => {
    const kept = withoutNul(text);
    warnings.add('nul-characters', text.length - kept.length);
    return kept;
  };
  if (request.format === 'docx') {
    const docx = await docxToHtml(readDocxParts(request.bytes), warnings);
    coreTitle = docx.coreTitle === null ? null : storable(docx.coreTitle);
    imported = htmlToContent(storable(docx.html), warnings, { prepare: footnotesAsText });
  } else {
    const text = storable(new TextDecoder('utf-8').decode(request.bytes));
    const html = request.format === 'md' ? markdownToHtml(text) : text;
    imported = htmlToContent(html, warnings);
  }

  let node;
  try {
    node = withBlockIds(parseContent(imported.content));
  } catch (error) {
    // The schema's own parser made this content, so it should always fit; say so plainly.
    throw BadRequest(
      `The file's structure could not be fitted to the editor: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { reason: 'unreadable' } satisfies ImportErrorDetails,
    );
  }
  if (node.textContent.trim() === '') warnings.add('no-text');
  const content = toTiptapJson(node);
  const update = contentToYUpdate(content);
  if (update.byteLength > MAX_IMPORTED_DOCUMENT_BYTES) {
    throw new HttpError(
      413,
      'payload_too_large',
      `The imported text would take ${update.byteLength} bytes; at most ` +
        `${MAX_IMPORTED_DOCUMENT_BYTES} are accepted. Split the document into parts.`,
      { reason: 'document-too-large' } satisfies ImportErrorDetails,
    );
  }
  return {
    content,
    update,
    title: coreTitle ?? imported.htmlTitle ?? imported.firstHeading,
    warnings: warnings.list(),
  };
}
