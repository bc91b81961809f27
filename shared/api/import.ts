import { z } from 'zod';

/**
 * Importing a file as a new document (`POST /api/documents/import`) or as a new version of an
 * existing one (`POST /api/documents/:id/import`). Both take multipart/form-data with the file in
 * the field `file` and an optional `title`.
 */

/** The formats an import accepts, named after their usual file extension. */
export const importFormatSchema = z.enum(['docx', 'md', 'html']);
export type ImportFormat = z.infer<typeof importFormatSchema>;

/** File name extensions each format may arrive under (lower case, with the dot). */
export const IMPORT_EXTENSIONS: Readonly<Record<ImportFormat, readonly string[]>> = {
  docx: ['.docx'],
  md: ['.md', '.markdown'],
  html: ['.html', '.htm'],
};

/** The `accept` attribute of a file input that offers exactly the importable files. */
export const IMPORT_ACCEPT = Object.values(IMPORT_EXTENSIONS).flat().join(',');

/** The multipart field that carries the file. */
export const IMPORT_FILE_FIELD = 'file';

/** The optional multipart field that names the new document. */
export const IMPORT_TITLE_FIELD = 'title';

/**
 * Header a multipart upload must carry, with any value. A plain HTML form on another site can
 * post multipart/form-data but cannot set a header, so this keeps the CSRF guard's promise that
 * a cross-site form cannot change anything (JSON bodies are protected the same way).
 */
export const UPLOAD_CSRF_HEADER = 'X-Requested-With';

/**
 * Something the import could not carry over as it was, or changed on the way. The client shows
 * them translated by `code`; `message` is the server's English wording, for API users.
 */
export const importWarningCodeSchema = z.enum([
  /** Pictures (and drawings) are not part of the text model; they are left out. */
  'image',
  /** Video, audio, frames and other embedded objects are left out. */
  'embedded',
  /** Scripts, styles and event handler attributes are removed. */
  'script',
  /** Links to addresses the editor does not allow (javascript:, data: …): the text is kept. */
  'unsafe-link',
  /** Links inside the file (bookmarks, a table of contents): the text is kept. */
  'internal-link',
  /** Headings below level 4 become level 4 headings. */
  'heading-level',
  /** A kind of character formatting the editor lacks (`params.format`): the text is kept. */
  'formatting',
  /** A horizontal rule, which the editor lacks. */
  'horizontal-rule',
  /** Footnotes and endnotes, moved as text to a section at the end with [n] markers. */
  'footnotes',
  /** Word comments are not imported. */
  'comments',
  /** Tracked changes: insertions are kept as text, deletions are left out. */
  'tracked-changes',
  /** Text boxes: their text is kept as ordinary paragraphs. */
  'text-box',
  /** A Word style the import does not know (`params.style`): kept as an ordinary paragraph. */
  'unsupported-style',
  /** Any other remark of the DOCX converter (`message` holds it, in English). */
  'converter',
  /** The file held no text; the document starts empty. */
  'no-text',
  /** U+0000 characters (`count`), removed: no store keeps them in text (see storableText). */
  'nul-characters',
]);
export type ImportWarningCode = z.infer<typeof importWarningCodeSchema>;

/** One kind of loss, counted: the same loss is reported once with how often it occurred. */
export const importWarningSchema = z.object({
  code: importWarningCodeSchema,
  count: z.number().int().positive(),
  /** Names the warning needs: `format` for 'formatting', `style` for 'unsupported-style'. */
  params: z.record(z.string(), z.string()).optional(),
  /** English wording, for API users; the UI translates `code` instead. */
  message: z.string(),
});
export type ImportWarning = z.infer<typeof importWarningSchema>;

/** `POST /api/documents/import` response (201): the new document. */
export const importDocumentResponseSchema = z.object({
  id: z.string(),
  title: z.string(),
  warnings: z.array(importWarningSchema),
});
export type ImportDocumentResponse = z.infer<typeof importDocumentResponseSchema>;

/**
 * `POST /api/documents/:id/import` response (201): the named version "Importerad: <file>" that
 * now holds the imported text, and the checkpoint of the text before it (restore it to undo).
 */
export const importVersionResponseSchema = z.object({
  versionId: z.string(),
  checkpointId: z.string(),
  warnings: z.array(importWarningSchema),
});
export type ImportVersionResponse = z.infer<typeof importVersionResponseSchema>;

/**
 * Why an upload was refused, in `error.details.reason`, so the client can say it in the user's
 * language: a missing `file` field, an empty file, an extension that is not importable, content
 * that is not what the extension claims (`details.detected`, `details.expected`), a file that
 * cannot be read as its format, a file or result too large, or a conversion that took too long.
 */
export const importErrorReasonSchema = z.enum([
  'missing-file',
  'empty-file',
  'unsupported-extension',
  'type-mismatch',
  'unreadable',
  'too-large',
  'unzipped-too-large',
  'document-too-large',
  'conversion-timeout',
  'busy',
]);
export type ImportErrorReason = z.infer<typeof importErrorReasonSchema>;

/** What a file turned out to be, for `type-mismatch` errors. */
export const detectedKindSchema = z.enum([
  'docx',
  'zip',
  'doc',
  'pdf',
  'rtf',
  'image',
  'text',
  'binary',
]);
export type DetectedKind = z.infer<typeof detectedKindSchema>;

/** `error.details` of a refused import. */
export const importErrorDetailsSchema = z.object({
  reason: importErrorReasonSchema,
  detected: detectedKindSchema.optional(),
  expected: importFormatSchema.optional(),
});
export type ImportErrorDetails = z.infer<typeof importErrorDetailsSchema>;

/** Name of the version an import as a new version records. */
export const importedVersionName = (fileName: string): string => `Importerad: ${fileName}`;

/**
 * Whether an API path (below `/api`) is one of the import routes, which take multipart uploads
 * instead of JSON.
 */
export const isImportPath = (path: string): boolean =>
  /^\/documents\/(?:import|[^/]+\/import)\/?$/.test(path);
