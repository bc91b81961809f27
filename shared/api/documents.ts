import { z } from 'zod';
import { MAX_TITLE_LENGTH } from '../limits.ts';
import { roleSchema } from './roles.ts';
import { storableString } from './storableText.ts';

/** A document title: trimmed, not empty, at most MAX_TITLE_LENGTH characters. */
export const titleSchema = storableString()
  .trim()
  .min(1, 'The title must not be empty.')
  .max(MAX_TITLE_LENGTH, `The title must be at most ${MAX_TITLE_LENGTH} characters.`);

/** A document as listed and opened: its metadata and the caller's role in it. */
export const documentSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  commentPeriod: z
    .object({
      closesAt: z.string().nullable(),
    })
    .nullable(),
});

/** Metadata of one document, with the caller's role. */
export type DocumentSummary = z.infer<typeof documentSummarySchema>;

/** `GET /api/documents`. */
export const listDocumentsResponseSchema = z.object({
  documents: z.array(documentSummarySchema),
});

/** `POST /api/documents` body. */
export const createDocumentRequestSchema = z.object({ title: titleSchema });

/** `POST /api/documents` response (201). */
export const createDocumentResponseSchema = z.object({ id: z.string() });

/** `PATCH /api/documents/:id` body: rename. */
export const updateDocumentRequestSchema = z.object({ title: titleSchema });

/** `POST /api/documents/:id/collab-token` response. */
export const collabTokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
});
