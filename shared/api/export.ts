import { z } from 'zod';
import { DEFAULT_LOCALE, locales } from '../i18n/translate.ts';
import { storableString } from './storableText.ts';

/**
 * Formats of `GET /api/documents/:id/export?format=…`. The first five are documents (see
 * API.md); `slides-html` and `slides-pdf` are the workshop presentation of the same text.
 */
export const exportFormats = [
  'docx',
  'odt',
  'pdf',
  'md',
  'html',
  'slides-html',
  'slides-pdf',
] as const;
export const exportFormatSchema = z.enum(exportFormats);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/**
 * How comments go into an export. `annotations`: real Word comments (DOCX) or ODF annotations
 * (ODT), anchored in the text; `appendix`: every thread after the text, ordered by paragraph.
 */
export const exportCommentModes = ['none', 'annotations', 'appendix'] as const;
export const exportCommentModeSchema = z.enum(exportCommentModes);
export type ExportCommentMode = z.infer<typeof exportCommentModeSchema>;

/** A yes/no query flag: `1`/`true` or `0`/`false`, so links can be typed by hand. */
const flag = z
  .enum(['1', '0', 'true', 'false'])
  .transform((value) => value === '1' || value === 'true');

/**
 * Query of `GET /api/documents/:id/export`. `version` is a version id; absent, the current text
 * is exported. Anything unknown is a 400, never a silent fallback to another format.
 */
export const exportQuerySchema = z.object({
  format: exportFormatSchema,
  version: storableString().min(1).max(64).optional(),
  titlePage: flag.default(false),
  numbers: flag.default(true),
  comments: exportCommentModeSchema.default('none'),
  lang: z.enum(locales).default(DEFAULT_LOCALE),
  /** Slides only: the heading level that starts a new slide (2 = every numbered section). */
  slideLevel: z.coerce.number().int().min(2).max(4).default(2),
  /** Slides only: ids of threads to put in the spotlight, comma separated. */
  spotlight: storableString().max(4096).optional(),
  /**
   * DOCX only: open proposals (and those in conflict) as Word tracked changes in the text, for
   * authors who review them in Word. Asked of another format it is a 400 (the export route
   * checks it), not silently ignored.
   */
  trackedChanges: flag.default(false),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;
