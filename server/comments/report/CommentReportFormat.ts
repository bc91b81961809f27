import type { z } from 'zod';
import type { commentReportFormatSchema } from '../../../shared/api/comments.ts';

/** A format the comment report is written in; also its file extension. */
export type CommentReportFormat = z.infer<typeof commentReportFormatSchema>;
