import { z } from 'zod';
import { commentReportFormatSchema } from '../../../../shared/api/comments.ts';
import { DEFAULT_LOCALE, locales } from '../../../../shared/i18n/translate.ts';

/**
 * Query of `GET /api/documents/:id/comment-report`: `format` is required (`csv` or `md`), as
 * the export route asks for its format; `lang` picks the language of headings and labels and
 * defaults to Swedish. Anything else is a 400, never a silent fallback to another format.
 */
export const commentReportQuerySchema = z.object({
  format: commentReportFormatSchema,
  lang: z.enum(locales).default(DEFAULT_LOCALE),
});
